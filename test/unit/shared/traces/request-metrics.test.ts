import { describe, expect, it } from 'vitest';
import { mergeTraces } from '../../../../src/shared/traces/merge';
import { summarizeTrace } from '../../../../src/shared/traces/metrics';
import type { Trace } from '../../../../src/shared/traces/model';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import {
  type RequestMetricFields,
  requestRootSpan,
  requestSummaries,
  sessionSummaries,
} from '../../../../src/shared/traces/request-metrics';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { normalizeZipkinV2 } from '../../../../src/shared/traces/zipkin-v2';
import { fixtureJson, fixtureText, onlyTrace } from './fixtures';

// The captured checkout: shop-web -> payments (OpenTelemetry) -> ledger (Sentry spans and trace_metric points).
const TRACE_ID = 'e65eaae45b964461c50ba0f16eaba1e0';
const PAY_CLIENT = 'd114ccf5c4f706f6'; // shop-web's `POST /api/pay` client span
const LEDGER_SERVER = 'b280d2502f80c414';
const ATTRIBUTES = ['payment.amount', 'db.response.returned_rows'];
const checkout: Trace = mergeTraces([
  onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json'))),
  onlyTrace(normalizeSentryEnvelope(fixtureText('sentry-core-span.txt'))),
  onlyTrace(normalizeSentryEnvelope(fixtureText('sentry-core-trace_metric.txt'))),
])[0]!;

const request = (over: Partial<RequestMetricFields>): RequestMetricFields => ({
  id: 'r1',
  traceId: TRACE_ID,
  spanId: null,
  responseTraceId: null,
  responseSpanId: null,
  serverTiming: [],
  ...over,
});

const LEDGER = {
  'c:ledger.entries@none': [
    { min: 2, max: 2, count: 1, sum: 2, tags: { currency: 'EUR' } },
    { min: 1, max: 1, count: 1, sum: 1, tags: { currency: 'CHF' } },
  ],
  'd:ledger.write_time@millisecond': [{ min: 7.25, max: 12.5, count: 2, sum: 19.75, tags: {} }],
  'g:ledger.queue_depth@none': [{ min: 3, max: 3, count: 1, sum: 3, tags: {} }],
};

describe('requestSummaries', () => {
  it('the subtree under the span the request started, plus its Server-Timing and chosen attributes', () => {
    const serverTiming = [{ name: 'db', dur: 11.75 }];
    expect(requestSummaries(request({ spanId: PAY_CLIENT, serverTiming }), checkout, ATTRIBUTES)).toEqual({
      ...LEDGER,
      'd:payment.amount@none': [{ min: 42.5, max: 42.5, count: 1, sum: 42.5, tags: {} }],
      'd:db.response.returned_rows@none': [{ min: 1, max: 1, count: 1, sum: 1, tags: {} }],
      'd:server_timing.db@millisecond': [{ min: 11.75, max: 11.75, count: 1, sum: 11.75, tags: {} }],
    });
  });

  it("the browser's own span need not be exported: its children in the trace name it as their parent", () => {
    const withoutClient = { ...checkout, spans: checkout.spans.filter((s) => s.spanId !== PAY_CLIENT) };
    expect(requestRootSpan(withoutClient, { spanId: PAY_CLIENT, responseSpanId: null })).toBe(PAY_CLIENT);
    const summaries = requestSummaries(request({ spanId: PAY_CLIENT }), withoutClient, ATTRIBUTES);
    expect(Object.keys(summaries)).toContain('d:payment.amount@none');
  });

  it('else the server span the response named, in the trace the response named', () => {
    const r = request({
      traceId: null,
      spanId: 'aaaaaaaaaaaaaaaa',
      responseTraceId: TRACE_ID,
      responseSpanId: LEDGER_SERVER,
    });
    expect(requestSummaries(r, checkout, ATTRIBUTES)).toEqual(LEDGER);
  });

  it('else the whole trace, when neither span is in it', () => {
    const r = request({ spanId: 'aaaaaaaaaaaaaaaa', responseSpanId: 'bbbbbbbbbbbbbbbb' });
    expect(requestRootSpan(checkout, r)).toBeUndefined();
    expect(requestSummaries(r, checkout, ATTRIBUTES)).toEqual(summarizeTrace(checkout, ATTRIBUTES).trace);
    expect(Object.keys(requestSummaries(r, checkout, ATTRIBUTES))).toHaveLength(5);
  });

  it('a client span missing from a Zipkin trace still reaches the server span that shared its id', () => {
    const trace = onlyTrace(normalizeZipkinV2(fixtureJson('zipkin-v2-trace.json')));
    const server = trace.spans.find((s) => s.wireSpanId)!;
    const withoutClient = { ...trace, spans: trace.spans.filter((s) => s.spanId !== server.wireSpanId) };
    const mark = { 'c:marked@none': [{ min: 1, max: 1, count: 1, sum: 1, tags: {} }] };
    const traced = { ...withoutClient, metricPoints: [] };
    const r = request({ traceId: trace.traceId, spanId: server.wireSpanId! });
    const summaries = summarizeTrace(traced);
    const marked = { ...summaries, bySpan: { [server.spanId]: mark } };
    expect(requestSummaries(r, traced, [], marked)).toEqual(mark);
  });

  it('only its Server-Timing without a trace, or with the trace of another request', () => {
    const serverTiming = [{ name: 'app', dur: 3 }];
    const only = { 'd:server_timing.app@millisecond': [{ min: 3, max: 3, count: 1, sum: 3, tags: {} }] };
    expect(requestSummaries(request({ spanId: PAY_CLIENT, serverTiming }), undefined)).toEqual(only);
    const other = request({ traceId: 'f'.repeat(32), spanId: PAY_CLIENT, serverTiming });
    expect(requestSummaries(other, checkout, ATTRIBUTES)).toEqual(only);
  });
});

describe('sessionSummaries', () => {
  const requests = [
    request({ id: 'pay', spanId: PAY_CLIENT, serverTiming: [{ name: 'db', dur: 10 }] }),
    // Its subtree lies inside the first request's: the session must not count the ledger twice.
    request({ id: 'ledger', traceId: null, responseTraceId: TRACE_ID, responseSpanId: LEDGER_SERVER }),
    request({ id: 'static', traceId: null, serverTiming: [{ name: 'db', dur: 30 }] }),
  ];
  const result = sessionSummaries(requests, [{ traceId: TRACE_ID, trace: checkout }], ATTRIBUTES);

  it('gives each request its own summaries, joining the trace it sent or the one its response named', () => {
    expect(result.byRequest.get('ledger')).toEqual(LEDGER);
    expect(result.byRequest.get('pay')?.['c:ledger.entries@none']).toEqual(LEDGER['c:ledger.entries@none']);
    expect(result.byRequest.get('static')).toEqual({
      'd:server_timing.db@millisecond': [{ min: 30, max: 30, count: 1, sum: 30, tags: {} }],
    });
  });

  it('rolls each trace up once, and the session as every trace once plus every Server-Timing once', () => {
    expect(result.byTrace.get(TRACE_ID)).toEqual(summarizeTrace(checkout, ATTRIBUTES));
    expect(result.session['c:ledger.entries@none']).toEqual(LEDGER['c:ledger.entries@none']);
    expect(result.session['d:server_timing.db@millisecond']).toEqual([
      { min: 10, max: 30, count: 2, sum: 40, tags: {} },
    ]);
    expect(Object.keys(result.session)).toHaveLength(6);
  });
});
