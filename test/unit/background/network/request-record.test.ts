import { describe, expect, it } from 'vitest';
import { buildRequestRecord, requestSpan, type CaptureRules } from '../../../../src/background/network/request-record';
import { REDACTED } from '../../../../src/shared/redact';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { SESSION_A } from '../../fixtures/db';
import {
  BEARER,
  CART_API,
  observation,
  PAGE_ORIGIN,
  PAGE_URL,
  receivedHeaders,
  REQUEST_ID,
  sentHeaders,
  SERVER_SPAN_ID,
  SPAN_ID,
  T0,
  TRACE_ID,
  TRACEPARENT,
  wrapperRecord,
} from '../../fixtures/network';

const RULES: CaptureRules = {
  headers: DEFAULT_SETTINGS.network.redactHeaders,
  queryParams: DEFAULT_SETTINGS.network.redactQueryParams,
  bodies: { urls: [`${PAGE_ORIGIN}/api/*`], maxBytes: 65_536 },
};

/** Chrome's headers for a navigation: no page or wrapper headers, DNR's traceparent and replay id. */
const documentHeaders = (traceparent: string) => [
  { name: 'Upgrade-Insecure-Requests', value: '1' },
  {
    name: 'User-Agent',
    value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  },
  {
    name: 'Accept',
    value: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
  },
  { name: 'Sec-Fetch-Site', value: 'none' },
  { name: 'Sec-Fetch-Mode', value: 'navigate' },
  { name: 'Sec-Fetch-Dest', value: 'document' },
  { name: 'traceparent', value: traceparent },
  { name: 'X-Session-Replay-Id', value: SESSION_A },
];

describe('buildRequestRecord', () => {
  it("joins webRequest's observation of a fetch with the wrapper's record of it", () => {
    const record = buildRequestRecord(observation(), wrapperRecord(), RULES);

    expect(record).toEqual({
      sessionId: SESSION_A,
      id: '13417',
      tabId: 5,
      url: CART_API,
      method: 'POST',
      type: 'xmlhttprequest',
      api: 'fetch',
      op: 'resource.fetch',
      startTs: T0, // the wrapper saw it first
      endTs: T0 + 41.5, // webRequest saw it end last
      status: 201,
      error: null,
      fromCache: false,
      requestHeaders: expect.objectContaining({
        traceparent: TRACEPARENT,
        authorization: REDACTED,
        cookie: REDACTED,
        'x-session-replay-id': SESSION_A,
      }),
      responseHeaders: expect.objectContaining({ 'x-request-id': REQUEST_ID, 'set-cookie': REDACTED }),
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceSource: 'injected',
      responseTraceId: TRACE_ID,
      responseSpanId: SERVER_SPAN_ID,
      correlationId: REQUEST_ID,
      serverTiming: [{ name: 'db', dur: 12.5 }],
      injectedHeaders: ['traceparent', 'baggage', 'sentry-trace', 'x-session-replay-id'],
      adopted: false,
      retriedWithoutHeaders: false,
      redirects: [],
    });
    expect(record).not.toHaveProperty('responseBody');
  });

  it('never stores a secret: Authorization and cookies are redacted, and so are listed query parameters and redirect targets', () => {
    const record = buildRequestRecord(
      observation({
        url: `${CART_API}?access_token=ya29.a0AfH6SMB`,
        redirects: [{ url: `${PAGE_ORIGIN}/login?code=SplxlOBeZQQYbYS6WxSbIA`, status: 302 }],
        requestHeaders: sentHeaders([{ name: 'X-CSRF-Token', value: 'Fv3Lx0YkqN8' }]),
      }),
      wrapperRecord({ url: `${CART_API}?access_token=ya29.a0AfH6SMB` }),
      { ...RULES, headers: ['x-csrf-token'] },
    );

    const stored = JSON.stringify(record);
    for (const secret of [BEARER, 'sid=s%3A8f3b1c2d', 'ya29.a0AfH6SMB', 'SplxlOBeZQQYbYS6WxSbIA', 'Fv3Lx0YkqN8'])
      expect(stored).not.toContain(secret);
    expect(record.requestHeaders.authorization).toBe(REDACTED);
    expect(new URL(record.url).searchParams.get('access_token')).toBe(REDACTED);
    expect(record.redirects).toEqual([{ url: expect.stringContaining(`${PAGE_ORIGIN}/login?code=`), status: 302 }]);
    expect(new URL(record.redirects[0]!.url).searchParams.get('code')).toBe(REDACTED);
  });

  it("names an XHR's op resource.xhr", () => {
    const record = buildRequestRecord(observation(), wrapperRecord({ api: 'xhr', id: '1111111111111111:x3' }), RULES);
    expect(record).toMatchObject({ api: 'xhr', op: 'resource.xhr' });
  });

  it('marks a trace the page set itself as adopted, from the page', () => {
    const pageTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01';
    const obs = observation({
      requestHeaders: [
        { name: 'traceparent', value: pageTraceparent },
        { name: 'baggage', value: `userId=alice,sentry-replay_id=${SESSION_A}` },
      ],
    });
    const record = buildRequestRecord(
      obs,
      wrapperRecord({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b9c7c989f97918e1',
        adopted: true,
        injected: ['baggage'],
      }),
      RULES,
    );
    expect(record).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b9c7c989f97918e1',
      traceSource: 'page',
      adopted: true,
      injectedHeaders: ['baggage'],
    });
  });

  it('takes a fetch the wrapper did not see (a page on a target it does not know) as page-traced when it carried a traceparent', () => {
    const record = buildRequestRecord(observation(), null, RULES);
    expect(record).toMatchObject({ api: null, op: 'resource.fetch', traceSource: 'page', traceId: TRACE_ID });
  });

  it('records a navigation whose traceparent came from the DNR rule as navigation.navigate, source dnr', () => {
    const dnrTraceparent = '00-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-01';
    const obs = observation({
      requestId: '13400',
      url: PAGE_URL,
      method: 'GET',
      type: 'main_frame',
      requestHeaders: documentHeaders(dnrTraceparent),
      responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
      status: 200,
    });

    const record = buildRequestRecord(obs, null, RULES);

    expect(record).toMatchObject({
      api: 'document',
      op: 'navigation.navigate',
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      traceSource: 'dnr',
      responseTraceId: null,
      injectedHeaders: [],
    });
  });

  it("takes the trace id from the response's Server-Timing when the request carried none", () => {
    const obs = observation({
      url: `${PAGE_ORIGIN}/img/tea.png`,
      method: 'GET',
      type: 'image',
      requestHeaders: [{ name: 'Accept', value: 'image/avif,image/webp,*/*' }],
    });

    const record = buildRequestRecord(obs, null, RULES);

    expect(record).toMatchObject({
      op: 'resource.image',
      api: null,
      traceId: TRACE_ID,
      spanId: null,
      traceSource: 'response:server-timing:trace',
      responseTraceId: TRACE_ID,
      responseSpanId: SERVER_SPAN_ID,
    });
  });

  it('has no trace when neither the request nor the response named one', () => {
    const obs = observation({
      type: 'script',
      method: 'GET',
      requestHeaders: [],
      responseHeaders: [{ name: 'Content-Type', value: 'text/javascript' }],
    });
    expect(buildRequestRecord(obs, null, RULES)).toMatchObject({
      op: 'resource.script',
      traceId: null,
      spanId: null,
      traceSource: null,
      correlationId: null,
      serverTiming: [],
    });
  });

  it('keeps the response body only when the wrapper captured one', () => {
    const body = '{"items":[{"sku":"tea","qty":1}],"total":4.5}';
    const withBody = buildRequestRecord(
      observation(),
      wrapperRecord({ responseBody: body, responseType: 'application/json; charset=utf-8' }),
      RULES,
    );
    expect(withBody).toMatchObject({ responseBody: body, responseType: 'application/json; charset=utf-8' });
    const without = buildRequestRecord(observation(), wrapperRecord(), RULES);
    expect('responseBody' in without || 'responseType' in without).toBe(false);
  });

  it('keeps a body the page sent only for the opted-in URLs and text types, cut at maxBytes, whatever the page decided', () => {
    const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJ1XzQyIiwiZXhwIjoxNzAwMDAwMDAwfQ.kX9vQe1sZ2c';
    const body = `{"user":"u_42","session":"${token}","cart":{"items":3}}`;
    const sent = (url: string, type = 'application/json') =>
      buildRequestRecord(
        observation({ url, responseHeaders: receivedHeaders().filter((h) => h.name !== 'Content-Type') }),
        wrapperRecord({ url, responseBody: body, responseType: type }),
        { ...RULES, bodies: { urls: [`${PAGE_ORIGIN}/api/cart*`], maxBytes: 1024 } },
      );
    // A URL the user did not opt into: the page's body is dropped.
    expect(sent(`${PAGE_ORIGIN}/api/login`)).not.toHaveProperty('responseBody');
    // Not a text type (as webRequest saw it when it did, else as the page said).
    expect(sent(CART_API, 'image/png')).not.toHaveProperty('responseBody');
    const kept = sent(CART_API);
    expect(kept.responseBody).toBe('{"user":"u_42","session":"[redacted]","cart":{"items":3}}');
    const long = buildRequestRecord(
      observation(),
      wrapperRecord({ responseBody: 'x'.repeat(5000), responseType: 'text/plain' }),
      { ...RULES, bodies: { urls: [CART_API], maxBytes: 1024 } },
    );
    expect(long.responseBody).toHaveLength(1024);
  });

  it('redacts fragments, JWTs and the Referer/Location URLs of a request', () => {
    const record = buildRequestRecord(
      observation({
        url: `${PAGE_ORIGIN}/oauth/cb?state=xyz#access_token=ya29.a0AfB_byC1xQ8mZ&expires_in=3599`,
        requestHeaders: sentHeaders().map((h) =>
          h.name === 'Referer' ? { ...h, value: `${PAGE_ORIGIN}/login?password=hunter2&next=%2Fcart` } : h,
        ),
        responseHeaders: [{ name: 'Location', value: `${PAGE_ORIGIN}/account?session_token=c3VwZXJzZWNyZXQ` }],
      }),
      null,
      RULES,
    );
    expect(record.url).toBe(`${PAGE_ORIGIN}/oauth/cb?state=xyz#access_token=%5Bredacted%5D&expires_in=3599`);
    expect(record.requestHeaders.referer).toBe(`${PAGE_ORIGIN}/login?password=%5Bredacted%5D&next=%2Fcart`);
    expect(record.responseHeaders.location).toBe(`${PAGE_ORIGIN}/account?session_token=%5Bredacted%5D`);
    const stored = JSON.stringify([record, requestSpan(record)]);
    for (const secret of ['ya29.a0AfB_byC1xQ8mZ', 'hunter2', 'c3VwZXJzZWNyZXQ']) expect(stored).not.toContain(secret);
  });

  it('records a beacon webRequest never reported from the wrapper alone', () => {
    const beacon = wrapperRecord({
      id: '1111111111111111:b7',
      api: 'beacon',
      url: `${PAGE_ORIGIN}/analytics`,
      startTs: T0 + 500,
      endTs: T0 + 500,
      status: 0,
      traceId: null,
      spanId: null,
      injected: [],
    });

    const record = buildRequestRecord(null, beacon, RULES);

    expect(record).toMatchObject({
      id: 'w:1111111111111111:b7',
      sessionId: SESSION_A,
      url: `${PAGE_ORIGIN}/analytics`,
      type: 'ping',
      api: 'beacon',
      op: 'resource.beacon',
      startTs: T0 + 500,
      endTs: T0 + 500,
      status: 0,
      requestHeaders: {},
      responseHeaders: {},
      traceId: null,
      traceSource: null,
    });
  });

  it("names a ping webRequest saw without the wrapper's record a beacon too", () => {
    const obs = observation({
      type: 'ping',
      url: `${PAGE_ORIGIN}/analytics`,
      requestHeaders: [],
      responseHeaders: [],
      status: 204,
    });
    expect(buildRequestRecord(obs, null, RULES)).toMatchObject({ api: 'beacon', op: 'resource.beacon', status: 204 });
  });

  it("falls back to the wrapper's status, and to the start as end, when webRequest has none", () => {
    const obs = observation({ endTs: null, status: 0, responseHeaders: [] });
    expect(buildRequestRecord(obs, null, RULES)).toMatchObject({ startTs: obs.startTs, endTs: obs.startTs, status: 0 });
    expect(buildRequestRecord(obs, wrapperRecord({ status: 200, endTs: T0 + 40 }), RULES)).toMatchObject({
      startTs: T0,
      endTs: T0 + 40,
      status: 200,
    });
  });

  it("keeps webRequest's error before the wrapper's, and a retry without headers", () => {
    const obs = observation({ status: 0, error: 'net::ERR_FAILED', responseHeaders: [] });
    const wrapper = wrapperRecord({ status: 0, error: 'TypeError: Failed to fetch', retried: true });
    expect(buildRequestRecord(obs, wrapper, RULES)).toMatchObject({
      status: 0,
      error: 'net::ERR_FAILED',
      retriedWithoutHeaders: true,
    });
    expect(buildRequestRecord(null, wrapper, RULES)).toMatchObject({ error: 'TypeError: Failed to fetch' });
  });

  it('keeps fromCache from webRequest', () => {
    expect(buildRequestRecord(observation({ fromCache: true, method: 'GET' }), null, RULES).fromCache).toBe(true);
  });

  // Regression: a record once claimed the wrapper's trace id (traceSource 'injected') when no trace header was sent.
  it('does not claim a trace id that no header carried (a target with only replay-id)', () => {
    const obs = observation({ requestHeaders: [{ name: 'x-session-replay-id', value: SESSION_A }] });
    const wrapper = wrapperRecord({
      injected: ['x-session-replay-id'],
      traceId: 'ffe3ac9a4f6e3b9005e3ac9a4f6e3b90',
      spanId: '05e3ac9a4f6e3b90',
    });

    const record = buildRequestRecord(obs, wrapper, RULES);

    expect(record).toMatchObject({ traceId: TRACE_ID, traceSource: 'response:server-timing:trace' });
  });

  describe('trace ids the page reports', () => {
    const FORGED_TRACE = 'deadbeefdeadbeefdeadbeefdeadbeef';
    const forged = (o = {}) => wrapperRecord({ traceId: FORGED_TRACE, spanId: 'deadbeefdeadbeef', ...o });

    it('are not attached to a request webRequest never saw (the page may report any request it likes)', () => {
      expect(buildRequestRecord(null, forged(), RULES)).toMatchObject({
        traceId: null,
        spanId: null,
        traceSource: null,
      });
      expect(buildRequestRecord(null, forged({ adopted: true }), RULES)).toMatchObject({ traceId: null });
    });

    it('are not attached to a request whose headers, as webRequest saw them, did not carry them', () => {
      const obs = observation({ requestHeaders: [{ name: 'accept', value: '*/*' }], responseHeaders: [] });
      expect(buildRequestRecord(obs, forged({ injected: ['b3'] }), RULES)).toMatchObject({ traceId: null });
    });

    it('count when a header webRequest saw carried them (b3, which the record does not parse itself)', () => {
      const obs = observation({
        requestHeaders: [{ name: 'b3', value: `${FORGED_TRACE}-deadbeefdeadbeef-1` }],
        responseHeaders: [],
      });
      expect(buildRequestRecord(obs, forged({ injected: ['b3'] }), RULES)).toMatchObject({
        traceId: FORGED_TRACE,
        traceSource: 'injected',
      });
    });
  });

  // Regression: correlation id and Server-Timing were once read from headers the settings say to redact.
  it('stores nothing of a header the settings say to redact, not even as the correlation id', () => {
    const record = buildRequestRecord(observation(), wrapperRecord(), { ...RULES, headers: ['X-Request-Id'] });
    expect(record.responseHeaders['x-request-id']).toBe(REDACTED);
    expect(JSON.stringify(record)).not.toContain(REQUEST_ID);
  });
});

describe('requestSpan', () => {
  it("is Sentry's performanceSpan: type 5, timestamps in seconds, method, status and redacted headers in data", () => {
    const record = buildRequestRecord(observation(), wrapperRecord(), RULES);

    const span = requestSpan(record);

    expect(span).toEqual({
      type: 5,
      timestamp: T0,
      data: {
        tag: 'performanceSpan',
        payload: {
          op: 'resource.fetch',
          description: CART_API,
          startTimestamp: T0 / 1000,
          endTimestamp: (T0 + 41.5) / 1000,
          data: {
            method: 'POST',
            statusCode: 201,
            request: { headers: record.requestHeaders },
            response: { headers: record.responseHeaders, size: 57 },
            requestId: '13417',
            traceId: TRACE_ID,
            spanId: SPAN_ID,
            traceSource: 'injected',
            responseTraceId: TRACE_ID,
            correlationId: REQUEST_ID,
            serverTiming: [{ name: 'db', dur: 12.5 }],
          },
        },
      },
    });
    expect(JSON.stringify(span)).not.toContain(BEARER);
  });

  it('carries the error and the captured body when there are, and no size without Content-Length', () => {
    const failed = buildRequestRecord(
      observation({ status: 0, error: 'net::ERR_CONNECTION_REFUSED', responseHeaders: [] }),
      null,
      RULES,
    );
    expect(requestSpan(failed).data.payload).toMatchObject({
      data: { statusCode: 0, error: 'net::ERR_CONNECTION_REFUSED', response: { headers: {} } },
    });
    expect(requestSpan(failed).data.payload).not.toHaveProperty('data.response.size');

    const withBody = buildRequestRecord(
      observation(),
      wrapperRecord({ responseBody: '{"total":4.5}', responseType: 'application/json' }),
      RULES,
    );
    expect(requestSpan(withBody).data.payload).toMatchObject({
      data: { response: { body: '{"total":4.5}', size: 57 } },
    });
    expect(requestSpan(buildRequestRecord(observation(), null, RULES)).data.payload).not.toHaveProperty('data.error');
  });

  it('uses the navigation op for documents', () => {
    const doc = buildRequestRecord(
      observation({ type: 'main_frame', method: 'GET', url: PAGE_URL, requestHeaders: documentHeaders(TRACEPARENT) }),
      null,
      RULES,
    );
    expect(requestSpan(doc).data.payload).toMatchObject({ op: 'navigation.navigate', description: PAGE_URL });
  });
});
