/**
 * Metric summaries per recorded request, per trace and per session: what the query language
 * (query/) filters on. A request's summary is the backend subtree it caused plus its own
 * Server-Timing; traces and the session roll up without counting a span twice.
 */
import type { RequestRecord, TraceRecord } from '../model';
import { mergeSummaries, serverTimingSummaries, subtreeSummaries, summarizeTrace } from './metrics';
import type { TraceMetricSummaries } from './metrics';
import type { MetricSummaries, Trace } from './model';

/** The fields of a request that decide its summary. */
export type RequestMetricFields = Pick<
  RequestRecord,
  'id' | 'traceId' | 'spanId' | 'responseTraceId' | 'responseSpanId' | 'serverTiming'
>;

/**
 * The span id of the subtree a request caused, as the trace names it, or undefined. An id counts when a
 * span has it (or had it on the wire: Zipkin's shared ids) or when a span names it as its parent: the
 * browser's client span is usually not exported, but the server span it started is its child.
 */
export function requestRootSpan(trace: Trace, request: Pick<RequestMetricFields, 'spanId' | 'responseSpanId'>) {
  for (const id of [request.spanId, request.responseSpanId]) {
    if (!id) continue;
    if (trace.spans.some((s) => s.spanId === id || s.parentSpanId === id)) return id;
    // The topmost span that carried the id on the wire: its descendants hold the others.
    const wire = trace.spans.filter((s) => s.wireSpanId === id);
    const top = wire.find((s) => !wire.some((o) => o.spanId === s.parentSpanId)) ?? wire[0];
    if (top) return top.spanId;
  }
  return undefined;
}

/** Whether a trace is the one a request sent or the one its response named. */
const belongsTo = (request: RequestMetricFields, trace: Trace) =>
  trace.traceId === request.traceId || trace.traceId === request.responseTraceId;

/**
 * One request's summaries: the subtree under the span it started (its `spanId`, else the server span
 * its response named), or the whole trace when neither is in it, plus its own Server-Timing. A trace of
 * another request is ignored. `summarized` saves recomputing a trace shared by many requests.
 */
export function requestSummaries(
  request: RequestMetricFields,
  trace: Trace | undefined,
  metricAttributes: readonly string[] = [],
  summarized?: TraceMetricSummaries,
): MetricSummaries {
  return withTiming(request, serverTimingSummaries(request.serverTiming), trace, metricAttributes, summarized);
}

/** requestSummaries given the request's Server-Timing summaries, which the session also needs. */
function withTiming(
  request: RequestMetricFields,
  own: MetricSummaries,
  trace: Trace | undefined,
  metricAttributes: readonly string[],
  summarized?: TraceMetricSummaries,
): MetricSummaries {
  if (!trace || !belongsTo(request, trace)) return own;
  const summaries = summarized ?? summarizeTrace(trace, metricAttributes);
  const root = requestRootSpan(trace, request);
  if (root === undefined) return mergeSummaries(summaries.trace, own);
  return subtreeSummaries(trace, root, summaries.bySpan, [own]);
}

export interface SessionMetricSummaries {
  /** By request id. */
  byRequest: Map<string, MetricSummaries>;
  /** By trace id: each stored trace rolled up (backend metrics only, no Server-Timing). */
  byTrace: Map<string, TraceMetricSummaries>;
  /** Every stored trace once, plus every request's Server-Timing once. */
  session: MetricSummaries;
}

/**
 * Summaries of a whole session, each trace summarised once however many requests share it. A request
 * joins the trace it sent, else the one its response named.
 */
export function sessionSummaries(
  requests: readonly RequestMetricFields[],
  traces: readonly Pick<TraceRecord, 'traceId' | 'trace'>[],
  metricAttributes: readonly string[] = [],
): SessionMetricSummaries {
  const byTrace = new Map<string, TraceMetricSummaries>();
  const traceById = new Map<string, Trace>();
  for (const record of traces) {
    traceById.set(record.traceId, record.trace);
    byTrace.set(record.traceId, summarizeTrace(record.trace, metricAttributes));
  }
  const byRequest = new Map<string, MetricSummaries>();
  const timings: MetricSummaries[] = [];
  for (const request of requests) {
    const traceId = [request.traceId, request.responseTraceId].find((id) => id && traceById.has(id));
    const trace = traceId ? traceById.get(traceId) : undefined;
    const summarized = traceId ? byTrace.get(traceId) : undefined;
    const own = serverTimingSummaries(request.serverTiming);
    byRequest.set(request.id, withTiming(request, own, trace, metricAttributes, summarized));
    if (request.serverTiming.length > 0) timings.push(own);
  }
  const session = mergeSummaries(...[...byTrace.values()].map((s) => s.trace), ...timings);
  return { byRequest, byTrace, session };
}
