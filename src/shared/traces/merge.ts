/**
 * Merges traces normalised from several payloads (a Sentry backend sends spans, errors, logs and
 * metrics in separate envelopes; a trace is fetched again once more of it arrived) into one trace per id.
 */
import type { MetricPoint, Span, Trace, TraceLog } from './model';

const logKey = (log: TraceLog) => `${log.time}\u0000${log.spanId ?? ''}\u0000${log.body}`;
const pointKey = (p: MetricPoint) => `${p.time}\u0000${p.spanId ?? ''}\u0000${p.name}\u0000${p.type}\u0000${p.value}`;

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}

/**
 * One trace per trace id, in order of first appearance. A span, error, log or point seen twice is
 * kept once; for a span the later copy wins, since a later fetch of the same trace is the more complete.
 */
export function mergeTraces(traces: readonly Trace[]): Trace[] {
  const byId = new Map<string, Trace>();
  for (const trace of traces) {
    const into = byId.get(trace.traceId);
    if (!into) {
      byId.set(trace.traceId, {
        traceId: trace.traceId,
        spans: [...trace.spans],
        errors: [...trace.errors],
        logs: [...trace.logs],
        metricPoints: [...trace.metricPoints],
      });
      continue;
    }
    into.spans.push(...trace.spans);
    into.errors.push(...trace.errors);
    into.logs.push(...trace.logs);
    into.metricPoints.push(...trace.metricPoints);
  }
  return [...byId.values()].map((trace) => ({
    ...trace,
    spans: dedupe<Span>(trace.spans, (s) => s.spanId),
    errors: dedupe(trace.errors, (e) => e.eventId || `${e.time}\u0000${e.message}`),
    logs: dedupe(trace.logs, logKey),
    metricPoints: dedupe(trace.metricPoints, pointKey),
  }));
}
