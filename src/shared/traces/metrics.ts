/**
 * Metric summaries in the shape of Sentry's metrics-correlation RFC (`_metrics_summary`):
 * `{"<type letter>:<name>@<unit>": [{min, max, count, sum, tags}]}`, one entry per distinct tag set.
 * Built from Sentry `trace_metric` points, legacy `_metrics_summary` objects, a response's
 * Server-Timing entries and chosen numeric span attributes; then rolled up span -> request ->
 * trace -> session by merging.
 */
import { z } from 'zod';
import type { ServerTimingEntry } from '../trace/server-timing';
import { guarded } from '../zod-guard';
import { setOwn } from './attributes';
import type { MetricPoint, MetricSummaries, MetricSummaryEntry, MetricType, Span, Trace } from './model';

const TYPE_LETTERS: Record<MetricType, string> = { counter: 'c', distribution: 'd', gauge: 'g', set: 's' };

/** `c:name@unit`; a missing unit is `none`, Sentry's own default, so keys from every source join. */
export function metricKey(type: MetricType, name: string, unit?: string): string {
  return `${TYPE_LETTERS[type]}:${name}@${unit || 'none'}`;
}

const tagSetKey = (tags: Record<string, string>) => {
  const entries = Object.entries(tags);
  // Most entries have no tags: skip sorting and serialising for them.
  return entries.length === 0 ? '' : JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
};

/**
 * Summaries being built, each key's entries indexed by tag set: folding an entry finds its match
 * without serialising every other entry's tags again (which made rolling up a session quadratic).
 */
class SummariesBuilder {
  readonly summaries: MetricSummaries = {};
  private readonly index = new Map<string, Map<string, MetricSummaryEntry>>();

  /** Folds one entry into `key`, matching on the tag set; the entry itself is copied, never kept. */
  add(key: string, entry: MetricSummaryEntry): void {
    let byTags = this.index.get(key);
    if (!byTags) {
      byTags = new Map();
      this.index.set(key, byTags);
      setOwn(this.summaries, key, []);
    }
    const tagKey = tagSetKey(entry.tags);
    const same = byTags.get(tagKey);
    if (!same) {
      const copy = { ...entry, tags: { ...entry.tags } };
      byTags.set(tagKey, copy);
      this.summaries[key]!.push(copy);
      return;
    }
    same.min = Math.min(same.min, entry.min);
    same.max = Math.max(same.max, entry.max);
    same.count += entry.count;
    same.sum += entry.sum;
  }

  addValue(key: string, value: number, tags: Record<string, string>): void {
    this.add(key, { min: value, max: value, count: 1, sum: value, tags });
  }
}

/** Merges summaries into a new object: min of mins, max of maxes, counts and sums added. */
export function mergeSummaries(...list: readonly MetricSummaries[]): MetricSummaries {
  const out = new SummariesBuilder();
  for (const summaries of list) {
    for (const key of Object.keys(summaries)) for (const entry of summaries[key]!) out.add(key, entry);
  }
  return out.summaries;
}

/** Summaries of metric points (counters: each increment is one value, as the RFC's per-span gauges). */
export function summariesFromPoints(points: readonly MetricPoint[]): MetricSummaries {
  const out = new SummariesBuilder();
  for (const p of points) out.addValue(metricKey(p.type, p.name, p.unit), p.value, p.tags);
  return out.summaries;
}

const legacyEntry = z.object({
  min: z.number(),
  max: z.number(),
  count: z.number(),
  sum: z.number(),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
});
// The RFC's own example writes one gauge entry as an object rather than a list: accept both.
const legacySchema = guarded(z.record(z.string(), z.union([z.array(legacyEntry), legacyEntry])));
const LEGACY_KEY = /^([cdgs]):(.+)$/;

/**
 * A legacy `_metrics_summary` as found on a span, or undefined when absent or malformed. Values are
 * kept as given; keys without `@unit` gain `@none` and tag values become strings, to join the rest.
 */
export function legacyMetricsSummary(value: unknown): MetricSummaries | undefined {
  const parsed = legacySchema.safeParse(value);
  if (value === undefined || value === null || !parsed.success) return undefined;
  const out = new SummariesBuilder();
  for (const [rawKey, raw] of Object.entries(parsed.data)) {
    const match = LEGACY_KEY.exec(rawKey);
    if (!match) continue;
    const key = match[2]!.includes('@') ? rawKey : `${rawKey}@none`;
    for (const e of Array.isArray(raw) ? raw : [raw]) {
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(e.tags ?? {})) setOwn(tags, k, String(v));
      out.add(key, { min: e.min, max: e.max, count: e.count, sum: e.sum, tags });
    }
  }
  return Object.keys(out.summaries).length > 0 ? out.summaries : undefined;
}

/** A response's Server-Timing durations as `d:server_timing.<name>@millisecond`; entries without `dur` are skipped. */
export function serverTimingSummaries(entries: readonly ServerTimingEntry[]): MetricSummaries {
  const out = new SummariesBuilder();
  for (const entry of entries) {
    if (entry.dur !== undefined)
      out.addValue(metricKey('distribution', `server_timing.${entry.name}`, 'millisecond'), entry.dur, {});
  }
  return out.summaries;
}

/** The span's numeric attributes named in `names` (a setting), as distributions with the source's unit. */
export function attributeSummaries(span: Span, names: readonly string[]): MetricSummaries {
  const out = new SummariesBuilder();
  for (const name of names) {
    const value = Object.hasOwn(span.attributes, name) ? span.attributes[name] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) {
      out.addValue(metricKey('distribution', name, span.attributeUnits?.[name]), value, {});
    }
  }
  return out.summaries;
}

export interface TraceMetricSummaries {
  /** Per span id: its legacy summary, its own trace_metric points and chosen attributes. */
  bySpan: Record<string, MetricSummaries>;
  /** Points with no span id, or naming a span this trace does not have. */
  unattached: MetricSummaries;
  /** Everything in the trace rolled up. */
  trace: MetricSummaries;
}

/** Summaries of one trace: points attach by span id when the span is present, else to the trace. */
export function summarizeTrace(trace: Trace, numericAttributes: readonly string[] = []): TraceMetricSummaries {
  const spanIds = new Set(trace.spans.map((s) => s.spanId));
  const pointsBySpan = new Map<string, MetricPoint[]>();
  const loose: MetricPoint[] = [];
  for (const point of trace.metricPoints) {
    if (point.spanId && spanIds.has(point.spanId)) {
      const list = pointsBySpan.get(point.spanId) ?? [];
      list.push(point);
      pointsBySpan.set(point.spanId, list);
    } else loose.push(point);
  }
  const bySpan: Record<string, MetricSummaries> = {};
  for (const span of trace.spans) {
    // Most spans record nothing: build nothing for them (a session has tens of thousands).
    const parts: MetricSummaries[] = [];
    if (span.metricsSummary) parts.push(span.metricsSummary);
    const points = pointsBySpan.get(span.spanId);
    if (points) parts.push(summariesFromPoints(points));
    const attributes = numericAttributes.length > 0 ? attributeSummaries(span, numericAttributes) : {};
    if (Object.keys(attributes).length > 0) parts.push(attributes);
    // A span's own summary is copied, never shared: callers may fold into what they get.
    const merged = parts.length === 1 && parts[0] !== span.metricsSummary ? parts[0]! : mergeSummaries(...parts);
    if (Object.keys(merged).length > 0) setOwn(bySpan, span.spanId, merged);
  }
  const unattached = summariesFromPoints(loose);
  return { bySpan, unattached, trace: mergeSummaries(...Object.values(bySpan), unattached) };
}

/**
 * A span and all its descendants rolled up: the summary of one request, given the span the request
 * started (its client span, or the server span its response named), plus its own Server-Timing.
 */
export function subtreeSummaries(
  trace: Trace,
  rootSpanId: string,
  bySpan: Readonly<Record<string, MetricSummaries>>,
  extra: readonly MetricSummaries[] = [],
): MetricSummaries {
  const children = new Map<string, string[]>();
  for (const span of trace.spans) {
    if (!span.parentSpanId) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span.spanId);
    children.set(span.parentSpanId, list);
  }
  const seen = new Set<string>([rootSpanId]);
  const queue = [rootSpanId];
  const parts: MetricSummaries[] = [...extra];
  // Breadth-first with a visited set: a hostile trace can contain parent cycles.
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (Object.hasOwn(bySpan, id)) parts.push(bySpan[id]!);
    for (const child of children.get(id) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return mergeSummaries(...parts);
}
