/**
 * What the request filter needs from the backend traces: per row, its trace's span names, whether the trace
 * failed, and the row's metric summaries. Computed lazily and cached per row: a filter without `span:`,
 * `has:error` or a metric query asks for none of it. Each trace is summarised once however many rows share it.
 */
import type { TraceRecord } from '../../shared/model';
import type { TraceMetricSummaries } from '../../shared/traces/metrics';
import { summarizeTrace } from '../../shared/traces/metrics';
import type { MetricSummaries } from '../../shared/traces/model';
import { requestSummaries } from '../../shared/traces/request-metrics';
import type { RequestRow } from '../session/request-rows';
import type { FilterContext } from './filter';

export function filterContext(
  rows: readonly RequestRow[],
  traces: Readonly<Record<string, TraceRecord>>,
): FilterContext {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const traceOf = (rowId: string) => {
    const id = byId.get(rowId)?.traceId;
    return id ? traces[id]?.trace : undefined;
  };
  const names = new Map<string, string[]>();
  const summaries = new Map<string, MetricSummaries>();
  const summarized = new Map<string, TraceMetricSummaries>();
  return {
    spanNames: (rowId) => {
      const cached = names.get(rowId);
      if (cached) return cached;
      const list = (traceOf(rowId)?.spans ?? []).map((s) => s.name.toLowerCase());
      names.set(rowId, list);
      return list;
    },
    traceHasError: (rowId) => {
      const trace = traceOf(rowId);
      return !!trace && (trace.errors.length > 0 || trace.spans.some((s) => s.status.code === 'error'));
    },
    summaries: (rowId) => {
      const cached = summaries.get(rowId);
      if (cached) return cached;
      const row = byId.get(rowId);
      const trace = traceOf(rowId);
      let whole: TraceMetricSummaries | undefined;
      if (trace) {
        whole = summarized.get(trace.traceId) ?? summarizeTrace(trace);
        summarized.set(trace.traceId, whole);
      }
      const value = row?.record ? requestSummaries(row.record, trace, [], whole) : {};
      summaries.set(rowId, value);
      return value;
    },
  };
}
