/**
 * A 30-minute session of 5,000 requests for the query benchmark: API calls that each carry a trace made
 * from the captured checkout (shop-web -> payments -> ledger, with its real trace_metric points), plus
 * metric points a shop would record (checkout.items with a success tag, db.query times), varied per
 * request; static assets with Server-Timing only; the rest with no metrics. Summaries come from the
 * shipped code (sessionSummaries), as the panel would compute them.
 */
import { readFileSync } from 'node:fs';
import { mergeTraces } from '../../src/shared/traces/merge';
import type { MetricPoint, Trace } from '../../src/shared/traces/model';
import { normalizeOtlp } from '../../src/shared/traces/otlp';
import { type RequestMetricFields, sessionSummaries } from '../../src/shared/traces/request-metrics';
import { normalizeSentryEnvelope } from '../../src/shared/traces/sentry-items';
import type { TracesResult } from '../../src/shared/traces/model';

const FIXTURES = new URL('../../test/fixtures/traces/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const only = (r: TracesResult): Trace => {
  if (!r.ok || r.traces.length !== 1) throw new Error(`fixture did not normalise: ${r.ok ? 'traces' : r.error}`);
  return r.traces[0]!;
};

const PAY_CLIENT = 'd114ccf5c4f706f6';
const PAYMENTS_SERVER = '6c22fcf3d84e24e1';
export const SESSION_MS = 30 * 60_000;
export const ATTRIBUTES = ['payment.amount', 'db.response.returned_rows'];

export interface BenchSession {
  requests: RequestMetricFields[];
  traces: { traceId: string; trace: Trace }[];
}

/** The checkout trace as request `i`'s own: a new trace id, its values varied, shop metrics added. */
function traceFor(template: Trace, i: number): Trace {
  const traceId = (i + 1).toString(16).padStart(32, '0');
  const point = (name: string, type: MetricPoint['type'], unit: string, value: number, tags = {}) => ({
    traceId,
    spanId: PAYMENTS_SERVER,
    time: 0,
    name,
    type,
    unit,
    value,
    tags,
  });
  const queries = Array.from({ length: 1 + (i % 4) }, (_, q) =>
    point('db.query', 'distribution', 'millisecond', ((i * 37 + q * 11) % 150) + 0.5),
  );
  return {
    ...template,
    traceId,
    spans: template.spans.map((s) => ({ ...s, traceId })),
    metricPoints: [
      ...template.metricPoints.map((p) => ({ ...p, traceId, value: p.value * (1 + (i % 5)) })),
      point('checkout.items', 'counter', 'none', 1 + (i % 3), { success: i % 11 === 0 ? 'false' : 'true' }),
      ...queries,
    ],
  };
}

export function benchSession(requestCount = 5000): BenchSession {
  const template = mergeTraces([
    only(normalizeOtlp(JSON.parse(text('otel-js-otlp.json')))),
    only(normalizeSentryEnvelope(text('sentry-core-span.txt'))),
    only(normalizeSentryEnvelope(text('sentry-core-trace_metric.txt'))),
  ])[0]!;
  const requests: RequestMetricFields[] = [];
  const traces: BenchSession['traces'] = [];
  for (let i = 0; i < requestCount; i++) {
    const base = { id: `r${i}`, traceId: null, spanId: null, responseTraceId: null, responseSpanId: null };
    if (i % 5 < 3) {
      const trace = traceFor(template, i);
      traces.push({ traceId: trace.traceId, trace });
      requests.push({
        ...base,
        traceId: trace.traceId,
        spanId: PAY_CLIENT,
        serverTiming: [{ name: 'db', dur: (i * 7) % 300 }],
      });
    } else if (i % 5 === 3) {
      requests.push({
        ...base,
        serverTiming: [
          { name: 'cdn', dur: (i * 3) % 40 },
          { name: 'db', dur: i % 90 },
        ],
      });
    } else requests.push({ ...base, serverTiming: [] });
  }
  return { requests, traces };
}

/** Request items with precomputed summaries, spread over the session as the panel lists them. */
export function summarizedItems(session: BenchSession) {
  const { byRequest } = sessionSummaries(session.requests, session.traces, ATTRIBUTES);
  return session.requests.map((r, i) => ({
    id: r.id,
    startTs: Math.round((i / session.requests.length) * SESSION_MS),
    summaries: byRequest.get(r.id)!,
  }));
}
