import { describe, expect, it } from 'vitest';
import { existingTrace, propagationHeaders, propagatorsFor, type WrapperConfig } from '../../../src/shared/propagation';
import { DEFAULT_SETTINGS, PROPAGATORS, type Propagator } from '../../../src/shared/settings';
import { parseB3Multi, parseB3Single } from '../../../src/shared/trace/b3';
import { parseBaggage } from '../../../src/shared/trace/baggage';
import { parseSentryTrace } from '../../../src/shared/trace/sentry-trace';
import { parseTraceparent } from '../../../src/shared/trace/traceparent';

const PAGE_ORIGIN = 'http://127.0.0.1:8080';
const REPLAY_ID = '0123456789abcdef0123456789abcdef';
const FRESH = { traceId: 'a3ce929d0e0e47364bf92f3577b34da6', spanId: 'b7ad6b7169203331' };
/** The page's own trace context (the W3C spec's example). */
const PAGE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PAGE_SPAN_ID = '00f067aa0ba902b7';
const PAGE_TRACEPARENT = `00-${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-01`;

const config = (overrides: Partial<WrapperConfig> = {}): WrapperConfig => ({
  replayId: REPLAY_ID,
  sameOrigin: DEFAULT_SETTINGS.network.sameOrigin,
  targets: [],
  blockedOrigins: [],
  traceMode: 'request',
  bodies: { urls: [], maxBytes: 65536 },
  ...overrides,
});

/** As the wrapper calls it: the URL resolved against the page and parsed once for its origin. */
const forUrl = (url: string, c: WrapperConfig, pageOrigin = PAGE_ORIGIN): Propagator[] => {
  const parsed = new URL(url, `${pageOrigin}/shop`);
  return propagatorsFor(parsed.href, parsed.origin, pageOrigin, c);
};

/** The page's headers as the wrapper reads them: a fetch Headers object (case-insensitive names). */
const pageHeaders = (init: Record<string, string> = {}) => {
  const headers = new Headers(init);
  return (name: string) => headers.get(name);
};

describe('propagatorsFor', () => {
  it("gives a request to the page's own origin the sameOrigin propagators", () => {
    const c = config({ sameOrigin: ['tracecontext', 'replay-id'] });
    expect(forUrl('/api/cart', c)).toEqual(['tracecontext', 'replay-id']);
    expect(forUrl(`${PAGE_ORIGIN}/api/cart?x=1#top`, c)).toEqual(['tracecontext', 'replay-id']);
  });

  it('gives another origin nothing unless a target pattern matches it', () => {
    const c = config({ targets: [{ urls: ['https://api.shop.test/*'], propagators: ['tracecontext', 'baggage'] }] });
    expect(forUrl('https://api.shop.test/v1/cart', c)).toEqual(['tracecontext', 'baggage']);
    expect(forUrl('https://cdn.shop.test/app.js', c)).toEqual([]);
    // Another port is another origin.
    expect(forUrl('http://127.0.0.1:9090/api/cart', c)).toEqual([]);
  });

  it('takes the first target whose pattern matches', () => {
    const c = config({
      targets: [
        { urls: ['https://cdn.shop.test/*'], propagators: ['replay-id'] },
        { urls: ['https://*.shop.test/*'], propagators: ['b3'] },
        { urls: ['https://api.shop.test/*'], propagators: ['sentry'] },
      ],
    });
    expect(forUrl('https://api.shop.test/v1/cart', c)).toEqual(['b3']);
  });

  it('does not let a host wildcard match a host that only contains the pattern in its path or userinfo', () => {
    const c = config({ targets: [{ urls: ['https://*.shop.test/*'], propagators: ['tracecontext'] }] });
    expect(forUrl('https://evil.test/x.shop.test/', c)).toEqual([]);
    expect(forUrl('https://a.shop.test@evil.test/', c)).toEqual([]);
  });

  it('gives a blocked origin nothing, whether it is a target or the page itself', () => {
    const c = config({
      targets: [{ urls: ['https://api.partner.test/*'], propagators: ['tracecontext'] }],
      blockedOrigins: ['https://api.partner.test', PAGE_ORIGIN],
    });
    expect(forUrl('https://api.partner.test/v1/stock', c)).toEqual([]);
    expect(forUrl('/api/cart', c)).toEqual([]);
  });

  it('gives a URL with an opaque origin (data:, blob:) nothing', () => {
    const c = config({ targets: [{ urls: ['https://api.shop.test/*'], propagators: ['tracecontext'] }] });
    expect(forUrl('data:application/json,{"ok":true}', c)).toEqual([]);
  });
});

describe('existingTrace', () => {
  it("takes the page's traceparent before any other header", () => {
    const get = pageHeaders({
      traceparent: PAGE_TRACEPARENT,
      'sentry-trace': `${FRESH.traceId}-${FRESH.spanId}-1`,
      b3: `${FRESH.traceId}-${FRESH.spanId}-1`,
    });
    expect(existingTrace(get)).toEqual({ traceId: PAGE_TRACE_ID, spanId: PAGE_SPAN_ID });
  });

  it('falls back to sentry-trace when there is no valid traceparent', () => {
    expect(existingTrace(pageHeaders({ 'sentry-trace': `${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-1` }))).toEqual({
      traceId: PAGE_TRACE_ID,
      spanId: PAGE_SPAN_ID,
    });
    // An upper-case traceparent is not valid W3C: the next header decides.
    const get = pageHeaders({
      traceparent: PAGE_TRACEPARENT.toUpperCase(),
      'sentry-trace': `${PAGE_TRACE_ID}-${PAGE_SPAN_ID}`,
    });
    expect(existingTrace(get)).toEqual({ traceId: PAGE_TRACE_ID, spanId: PAGE_SPAN_ID });
  });

  it('then reads a single b3 header, padding a 64-bit trace id to the W3C width', () => {
    expect(existingTrace(pageHeaders({ b3: `${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-1` }))).toEqual({
      traceId: PAGE_TRACE_ID,
      spanId: PAGE_SPAN_ID,
    });
    expect(existingTrace(pageHeaders({ b3: `a3ce929d0e0e4736-${PAGE_SPAN_ID}-1-05e3ac9a4f6e3b90` }))).toEqual({
      traceId: '0000000000000000a3ce929d0e0e4736',
      spanId: PAGE_SPAN_ID,
    });
  });

  it('then reads the X-B3-* headers', () => {
    const get = pageHeaders({ 'X-B3-TraceId': PAGE_TRACE_ID, 'X-B3-SpanId': PAGE_SPAN_ID, 'X-B3-Sampled': '1' });
    expect(existingTrace(get)).toEqual({ traceId: PAGE_TRACE_ID, spanId: PAGE_SPAN_ID });
  });

  it('finds nothing in a request without trace headers, or with only broken ones', () => {
    expect(existingTrace(pageHeaders({ 'content-type': 'application/json', accept: '*/*' }))).toBeNull();
    expect(
      existingTrace(
        pageHeaders({
          traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
          b3: '1',
          'x-b3-traceid': 'xyz',
        }),
      ),
    ).toBeNull();
  });
});

describe('propagationHeaders', () => {
  it("gives a request the page set nothing on fresh ids in every propagator's format", () => {
    const result = propagationHeaders(
      pageHeaders({ 'content-type': 'application/json' }),
      PROPAGATORS,
      FRESH,
      REPLAY_ID,
    );

    expect(result).toMatchObject({ traceId: FRESH.traceId, spanId: FRESH.spanId, adopted: false });
    const h = result.headers;
    expect(h.traceparent).toBe(`00-${FRESH.traceId}-${FRESH.spanId}-01`);
    expect(h['sentry-trace']).toBe(`${FRESH.traceId}-${FRESH.spanId}-1`);
    expect(h.b3).toBe(`${FRESH.traceId}-${FRESH.spanId}-1`);
    expect(h['x-session-replay-id']).toBe(REPLAY_ID);
    // What a backend's own parsers make of them: the same trace, sampled.
    expect(parseTraceparent(h.traceparent)).toMatchObject({
      traceId: FRESH.traceId,
      parentId: FRESH.spanId,
      sampled: true,
    });
    expect(parseSentryTrace(h['sentry-trace'])).toEqual({
      traceId: FRESH.traceId,
      spanId: FRESH.spanId,
      sampled: true,
    });
    expect(parseB3Single(h.b3)).toMatchObject({ traceId: FRESH.traceId, spanId: FRESH.spanId, sampling: 'accept' });
    expect(parseB3Multi(h)).toMatchObject({ traceId: FRESH.traceId, spanId: FRESH.spanId, sampling: 'accept' });
    expect(parseBaggage(h.baggage)).toEqual([
      { key: 'sentry-replay_id', value: REPLAY_ID, properties: [] },
      { key: 'session.id', value: REPLAY_ID, properties: [] },
      { key: 'sentry-trace_id', value: FRESH.traceId, properties: [] },
    ]);
    // Nothing the page set, and header names as fetch reports them (lower case).
    expect(Object.keys(h).sort()).toEqual([
      'b3',
      'baggage',
      'sentry-trace',
      'traceparent',
      'x-b3-sampled',
      'x-b3-spanid',
      'x-b3-traceid',
      'x-session-replay-id',
    ]);
  });

  it('adds only the headers of the given propagators', () => {
    const { headers } = propagationHeaders(pageHeaders(), ['tracecontext', 'replay-id'], FRESH, REPLAY_ID);
    expect(Object.keys(headers).sort()).toEqual(['traceparent', 'x-session-replay-id']);
    expect(propagationHeaders(pageHeaders(), [], FRESH, REPLAY_ID).headers).toEqual({});
  });

  it("adopts the page's traceparent: keeps it, adds none, and uses its trace id in the others", () => {
    const result = propagationHeaders(
      pageHeaders({ traceparent: PAGE_TRACEPARENT }),
      ['tracecontext', 'baggage', 'sentry', 'replay-id'],
      FRESH,
      REPLAY_ID,
    );

    expect(result).toMatchObject({ traceId: PAGE_TRACE_ID, spanId: PAGE_SPAN_ID, adopted: true });
    expect(result.headers).not.toHaveProperty('traceparent');
    expect(result.headers['sentry-trace']).toBe(`${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-1`);
    expect(parseBaggage(result.headers.baggage).find((e) => e.key === 'sentry-trace_id')?.value).toBe(PAGE_TRACE_ID);
  });

  it('never overwrites a header the page set, whatever its case', () => {
    const get = pageHeaders({
      'Sentry-Trace': `${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-0`,
      B3: `${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-0`,
      'X-Session-Replay-Id': 'the-page-own-id',
    });
    const { headers, traceId } = propagationHeaders(
      get,
      ['tracecontext', 'sentry', 'b3', 'replay-id'],
      FRESH,
      REPLAY_ID,
    );
    expect(Object.keys(headers)).toEqual(['traceparent']);
    expect(traceId).toBe(PAGE_TRACE_ID);
    expect(headers.traceparent).toBe(`00-${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-01`);
  });

  it("merges the replay keys into the page's own baggage: its members kept, sentry-replay_id replaced, not duplicated", () => {
    const get = pageHeaders({
      baggage: 'userId=alice,sentry-replay_id=ffffffffffffffffffffffffffffffff,serverNode=DF%2028;prop=1',
    });

    const { headers } = propagationHeaders(get, ['tracecontext', 'baggage'], FRESH, REPLAY_ID);

    expect(parseBaggage(headers.baggage)).toEqual([
      { key: 'userId', value: 'alice', properties: [] },
      { key: 'sentry-replay_id', value: REPLAY_ID, properties: [] },
      { key: 'serverNode', value: 'DF 28', properties: [{ key: 'prop', value: '1' }] },
      { key: 'session.id', value: REPLAY_ID, properties: [] },
    ]);
    // The page's encoding reaches the backend as it wrote it.
    expect(headers.baggage).toContain('serverNode=DF%2028;prop=1');
  });

  it('puts sentry-trace_id in the baggage only together with the sentry propagator', () => {
    const without = propagationHeaders(pageHeaders(), ['tracecontext', 'baggage'], FRESH, REPLAY_ID).headers.baggage;
    expect(parseBaggage(without).map((e) => e.key)).toEqual(['sentry-replay_id', 'session.id']);
    const merged = propagationHeaders(
      pageHeaders({ baggage: 'userId=alice' }),
      ['tracecontext', 'baggage'],
      FRESH,
      REPLAY_ID,
    ).headers.baggage;
    expect(parseBaggage(merged).map((e) => e.key)).toEqual(['userId', 'sentry-replay_id', 'session.id']);

    const withSentry = propagationHeaders(
      pageHeaders({ baggage: 'userId=alice' }),
      ['sentry', 'baggage'],
      FRESH,
      REPLAY_ID,
    ).headers.baggage;
    expect(parseBaggage(withSentry).find((e) => e.key === 'sentry-trace_id')?.value).toBe(FRESH.traceId);
  });

  it("adds the X-B3-* headers only when the page set no X-B3-TraceId, and then adopts the page's", () => {
    const fresh = propagationHeaders(pageHeaders(), ['b3multi'], FRESH, REPLAY_ID).headers;
    expect(fresh).toEqual({ 'x-b3-traceid': FRESH.traceId, 'x-b3-spanid': FRESH.spanId, 'x-b3-sampled': '1' });

    const own = propagationHeaders(
      pageHeaders({ 'X-B3-TraceId': PAGE_TRACE_ID, 'X-B3-SpanId': PAGE_SPAN_ID }),
      ['b3multi', 'tracecontext'],
      FRESH,
      REPLAY_ID,
    );
    expect(own.headers).toEqual({ traceparent: `00-${PAGE_TRACE_ID}-${PAGE_SPAN_ID}-01` });
    expect(own.adopted).toBe(true);
  });

  // A page may send only its sampling decision (`X-B3-Sampled: 0`, which the B3 spec allows without ids):
  // the wrapper once overwrote it with `1`.
  it("keeps a page's lone X-B3-Sampled decision (never overwrites a header the page set)", () => {
    const { headers } = propagationHeaders(pageHeaders({ 'X-B3-Sampled': '0' }), ['b3multi'], FRESH, REPLAY_ID);
    expect(headers).not.toHaveProperty('x-b3-sampled');
  });

  it('gives a request without headers of the page the same headers whether or not it looks them up', () => {
    // The wrapper passes null when the page set no headers, and skips every lookup: every subset of the
    // propagators, in the order given, must come out as with an empty Headers object.
    for (let mask = 0; mask < 1 << PROPAGATORS.length; mask++) {
      const chosen = PROPAGATORS.filter((_, i) => mask & (1 << i));
      for (const order of [chosen, [...chosen].reverse()]) {
        const looked = propagationHeaders(pageHeaders(), order, FRESH, REPLAY_ID);
        const skipped = propagationHeaders(null, order, FRESH, REPLAY_ID);
        expect(skipped).toEqual(looked);
        expect(Object.keys(skipped.headers)).toEqual(Object.keys(looked.headers));
      }
    }
  });
});
