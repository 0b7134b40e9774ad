/**
 * The timeline's backend tracks, pure: for every stored trace, the extent of its server spans on the browser's
 * clock (aligned under the request that carried it, as the waterfall aligns them), red when a span failed; and
 * the moments its metric points were recorded, moved by the same skew.
 */
import type { TraceRecord } from '../../shared/model';
import { alignTrace } from '../../shared/traces/align';
import type { RequestRow } from '../session/request-rows';

export interface SpanMark {
  traceId: string;
  /** Epoch ms on the browser's clock. */
  from: number;
  to: number;
  error: boolean;
}

export interface MetricMark {
  at: number;
  /** The metric's name, for a tooltip. */
  name: string;
}

export interface BackendMarks {
  spans: SpanMark[];
  metrics: MetricMark[];
}

export function backendMarks(rows: readonly RequestRow[], traces: Readonly<Record<string, TraceRecord>>): BackendMarks {
  const spans: SpanMark[] = [];
  const metrics: MetricMark[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const stored = row.traceId ? traces[row.traceId] : undefined;
    if (!stored || !row.record || seen.has(stored.traceId) || stored.trace.spans.length === 0) continue;
    seen.add(stored.traceId);
    const { skewMs, spans: aligned } = alignTrace(row.record, stored.trace.spans);
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    let error = false;
    for (const s of aligned) {
      from = Math.min(from, s.start);
      to = Math.max(to, s.end);
      error ||= s.status.code === 'error';
    }
    spans.push({ traceId: stored.traceId, from, to, error });
    for (const p of stored.trace.metricPoints) metrics.push({ at: p.time + skewMs, name: p.name });
  }
  return { spans, metrics };
}
