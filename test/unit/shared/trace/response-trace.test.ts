import { describe, expect, it } from 'vitest';
import type { HeaderInput } from '../../../../src/shared/trace/headers';
import { traceIdsFromResponseHeaders } from '../../../../src/shared/trace/response-trace';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const TP = `00-${TRACE}-${SPAN}-01`;
const OTHER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_TP = `00-${OTHER_TRACE}-00f067aa0ba902b7-01`;

const ids = (headers: HeaderInput) => {
  const { traceId, spanId, source } = traceIdsFromResponseHeaders(headers);
  return { traceId, spanId, source };
};

describe('traceIdsFromResponseHeaders: one source at a time', () => {
  it.each<[string, HeaderInput, string, string | null, string]>([
    ['the Level 3 trace metric', { 'server-timing': `trace;desc=${TP}` }, TRACE, SPAN, 'server-timing:trace'],
    [
      'a quoted traceparent metric (Splunk)',
      { 'Server-Timing': 'traceparent;desc="00-009e48a5d5e5101549a8415a9d5786e1-018596472ae51569-01"' },
      '009e48a5d5e5101549a8415a9d5786e1',
      '018596472ae51569',
      'server-timing:traceparent',
    ],
    [
      'a bare trace id in the trace metric',
      { 'server-timing': 'trace;desc="b0f14e5cecfa941dfbc9a84a0148e61b", total;dur=22.4' },
      'b0f14e5cecfa941dfbc9a84a0148e61b',
      null,
      'server-timing:trace',
    ],
    ['traceresponse', { traceresponse: TP }, TRACE, SPAN, 'traceresponse'],
    [
      "Sentry's Server-Timing metric",
      {
        'server-timing': `sentry-trace;desc="${TRACE}-${SPAN}-1", baggage;desc="sentry-environment=production,sentry-release=1.0.0"`,
      },
      TRACE,
      SPAN,
      'server-timing:sentry-trace',
    ],
    ['a sentry-trace header', { 'sentry-trace': `${TRACE}-${SPAN}` }, TRACE, SPAN, 'sentry-trace'],
    ['a traceparent header', { TraceParent: TP }, TRACE, SPAN, 'traceparent'],
    ['x-trace-id, uppercase', { 'X-Trace-Id': TRACE.toUpperCase() }, TRACE, null, 'x-trace-id'],
    [
      'x-trace-id, 64-bit',
      { 'x-trace-id': '463ac35c9f6413ad' },
      '0000000000000000463ac35c9f6413ad',
      null,
      'x-trace-id',
    ],
    ['x-trace-id holding a traceparent', { 'x-trace-id': TP }, TRACE, SPAN, 'x-trace-id'],
    [
      'a 64-bit single b3',
      { b3: '463ac35c9f6413ad-a2fb4a1d1a96d312-1' },
      '0000000000000000463ac35c9f6413ad',
      'a2fb4a1d1a96d312',
      'b3',
    ],
    [
      'multi B3',
      { 'X-B3-TraceId': '463ac35c9f6413ad48485a3953bb6124', 'X-B3-SpanId': 'a2fb4a1d1a96d312' },
      '463ac35c9f6413ad48485a3953bb6124',
      'a2fb4a1d1a96d312',
      'x-b3-traceid',
    ],
    [
      'X-Ray',
      { 'X-Amzn-Trace-Id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' },
      '5759e988bd862e3fe1be46a994272793',
      '53995c3f42cd8ad8',
      'x-amzn-trace-id',
    ],
    [
      'Google Cloud',
      { 'X-Cloud-Trace-Context': '105445aa7843bc8bf206b12000100000/1;o=1' },
      '105445aa7843bc8bf206b12000100000',
      '0000000000000001',
      'x-cloud-trace-context',
    ],
    [
      'Jaeger',
      { 'uber-trace-id': '51729f13a64c2ef3:258169797d519815:0:1' },
      '000000000000000051729f13a64c2ef3',
      '258169797d519815',
      'uber-trace-id',
    ],
    [
      'Datadog',
      { 'x-datadog-trace-id': '3089600317904219670', 'x-datadog-parent-id': '789' },
      '00000000000000002ae0771ea69d6e16',
      '0000000000000315',
      'x-datadog-trace-id',
    ],
  ])('finds %s', (_, headers, traceId, spanId, source) => {
    expect(ids(headers)).toEqual({ traceId, spanId, source });
  });
});

describe('traceIdsFromResponseHeaders: priority', () => {
  it('prefers the Server-Timing trace metric over a traceparent header', () => {
    expect(ids({ traceparent: OTHER_TP, 'server-timing': `trace;desc=${TP}` }).source).toBe('server-timing:trace');
  });

  it('follows the documented order down the list', () => {
    const all: Record<string, string> = {
      'server-timing': `trace;desc=${TP}, sentry-trace;desc="${OTHER_TRACE}-00f067aa0ba902b7-1"`,
      traceresponse: OTHER_TP,
      'sentry-trace': `${OTHER_TRACE}-00f067aa0ba902b7`,
      traceparent: OTHER_TP,
      'x-trace-id': OTHER_TRACE,
      b3: `${OTHER_TRACE}-00f067aa0ba902b7`,
      'x-b3-traceid': OTHER_TRACE,
      'x-b3-spanid': '00f067aa0ba902b7',
      'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793',
      'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1',
      'uber-trace-id': 'deadbeef:beef:0:1',
      'x-datadog-trace-id': '1',
    };
    const order = [
      'server-timing:trace',
      'traceresponse',
      'server-timing:sentry-trace',
      'sentry-trace',
      'traceparent',
      'x-trace-id',
      'b3',
      'x-b3-traceid',
      'x-amzn-trace-id',
      'x-cloud-trace-context',
      'uber-trace-id',
      'x-datadog-trace-id',
    ];
    const seen: (string | null)[] = [];
    const headers = { ...all };
    for (let i = 0; i < order.length; i++) {
      seen.push(ids(headers).source);
      if (i === 0) headers['server-timing'] = `sentry-trace;desc="${OTHER_TRACE}-00f067aa0ba902b7-1"`;
      else if (i === 2) delete headers['server-timing'];
      else if (i === 6) delete headers.b3;
      else if (i === 7) delete headers['x-b3-traceid'];
      else delete headers[order[i] ?? ''];
    }
    expect(seen).toEqual(order);
  });

  it('skips a malformed higher-priority header', () => {
    expect(ids({ 'server-timing': 'trace;desc=00-zz-zz-01', traceresponse: 'garbage', traceparent: TP })).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      source: 'traceparent',
    });
  });
});

describe('traceIdsFromResponseHeaders: correlation id and metrics', () => {
  it('keeps x-request-id as a correlation id, never as the trace id', () => {
    expect(traceIdsFromResponseHeaders({ 'X-Request-Id': TRACE })).toEqual({
      traceId: null,
      spanId: null,
      source: null,
      correlationId: TRACE,
      metrics: [],
    });
  });

  it('collects the timing metrics, leaving out the trace ones and those without a duration', () => {
    const result = traceIdsFromResponseHeaders([
      { name: 'Server-Timing', value: `trace;desc=${TP}, db;dur=12.3;desc="2 queries", miss` },
      { name: 'server-timing', value: 'app;dur=40, traceparent;dur=1;desc=x, sentry-trace;dur=2' },
      { name: 'x-request-id', value: ' req-42 ' },
      { name: 'set-cookie' },
    ]);
    expect(result).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      source: 'server-timing:trace',
      correlationId: 'req-42',
      metrics: [
        { name: 'db', dur: 12.3, desc: '2 queries' },
        { name: 'app', dur: 40 },
      ],
    });
  });

  it('returns nothing for headers without trace information, and never throws on odd input', () => {
    const empty = { traceId: null, spanId: null, source: null, correlationId: null, metrics: [] };
    expect(traceIdsFromResponseHeaders({})).toEqual(empty);
    expect(traceIdsFromResponseHeaders([])).toEqual(empty);
    expect(traceIdsFromResponseHeaders({ traceparent: 'nope', b3: '1', 'x-trace-id': '0'.repeat(32) })).toEqual(empty);
    const hostile = [null, { name: 42 }, { name: 'traceparent', value: 7 }] as unknown as HeaderInput;
    expect(traceIdsFromResponseHeaders(hostile)).toEqual(empty);
  });
});
