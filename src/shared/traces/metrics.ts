/**
 * Metric summaries in the shape of Sentry's metrics-correlation RFC (`_metrics_summary`):
 * `{"<type letter>:<name>@<unit>": [{min, max, count, sum, tags}]}`, one entry per distinct tag set.
 * Built from Sentry `trace_metric` points, legacy `_metrics_summary` objects, a response's
 * Server-Timing entries and chosen numeric span attributes; then rolled up span -> request ->
 * trace -> session by merging.
 */
import { z } from 'zod';
import type { ServerTimingEntry } from '../trace/server-timing';
import { setOwn } from './attributes';
import type { MetricPoint, MetricSummaries, MetricSummaryEntry, MetricType, Span, Trace } from './model';

const TYPE_LETTERS: Record<MetricType, string> = { counter: 'c', distribution: 'd', gauge: 'g', set: 's' };

/** `c:name@unit`; a missing unit is `none`, Sentry's own default, so keys from every source join. */
export function metricKey(type: MetricType, name: string, unit?: string): string {
  return `${TYPE_LETTERS[type]}:${name}@${unit || 'none'}`;
}

const tagSetKey = (tags: Record<string, string>) =>
  JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Folds one entry into `summaries[key]`, matching on the tag set. Mutates `summaries`. */
function addEntry(summaries: MetricSummaries, key: string, entry: MetricSummaryEntry): void {
  const entries = Object.hasOwn(summaries, key) ? summaries[key]! : [];
  if (!Object.hasOwn(summaries, key)) setOwn(summaries, key, entries);
  const tagKey = tagSetKey(entry.tags);
  const same = entries.find((e) => tagSetKey(e.tags) === tagKey);
  if (!same) {
    entries.push({ ...entry, tags: { ...entry.tags } });
    return;
  }
  same.min = Math.min(same.min, entry.min);
  same.max = Math.max(same.max, entry.max);
  same.count += entry.count;
  same.sum += entry.sum;
}

function addValue(summaries: MetricSummaries, key: string, value: number, tags: Record<string, string>): void {
  addEntry(summaries, key, { min: value, max: value, count: 1, sum: value, tags });
}

/** Merges summaries into a new object: min of mins, max of maxes, counts and sums added. */
export function mergeSummaries(...list: readonly MetricSummaries[]): MetricSummaries {
  const out: MetricSummaries = {};
  for (const summaries of list) {
    for (const [key, entries] of Object.entries(summaries)) for (const entry of entries) addEntry(out, key, entry);
  }
  return out;
}

/** Summaries of metric points (counters: each increment is one value, as the RFC's per-span gauges). */
export function summariesFromPoints(points: readonly MetricPoint[]): MetricSummaries {
  const out: MetricSummaries = {};
  for (const p of points) addValue(out, metricKey(p.type, p.name, p.unit), p.value, p.tags);
  return out;
}

const legacyEntry = z.object({
  min: z.number(),
  max: z.number(),
  count: z.number(),
  sum: z.number(),
  tags: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
});
// The RFC's own example writes one gauge entry as an object rather than a list: accept both.
const legacySchema = z.record(z.string(), z.union([z.array(legacyEntry), legacyEntry]));
const LEGACY_KEY = /^([cdgs]):(.+)$/;

/**
 * A legacy `_metrics_summary` as found on a span, or undefined when absent or malformed. Values are
 * kept as given; keys without `@unit` gain `@none` and tag values become strings, to join the rest.
 */
export function legacyMetricsSummary(value: unknown): MetricSummaries | undefined {
  const parsed = legacySchema.safeParse(value);
  if (value === undefined || value === null || !parsed.success) return undefined;
  const out: MetricSummaries = {};
  for (const [rawKey, raw] of Object.entries(parsed.data)) {
    const match = LEGACY_KEY.exec(rawKey);
    if (!match) continue;
    const key = match[2]!.includes('@') ? rawKey : `${rawKey}@none`;
    for (const e of Array.isArray(raw) ? raw : [raw]) {
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(e.tags ?? {})) setOwn(tags, k, String(v));
      addEntry(out, key, { min: e.min, max: e.max, count: e.count, sum: e.sum, tags });
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A response's Server-Timing durations as `d:server_timing.<name>@millisecond`; entries without `dur` are skipped. */
export function serverTimingSummaries(entries: readonly ServerTimingEntry[]): MetricSummaries {
  const out: MetricSummaries = {};
  for (const entry of entries) {
    if (entry.dur !== undefined)
      addValue(out, metricKey('distribution', `server_timing.${entry.name}`, 'millisecond'), entry.dur, {});
  }
  return out;
}

/** The span's numeric attributes named in `names` (a setting), as distributions with the source's unit. */
export function attributeSummaries(span: Span, names: readonly string[]): MetricSummaries {
  const out: MetricSummaries = {};
  for (const name of names) {
    const value = Object.hasOwn(span.attributes, name) ? span.attributes[name] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) {
      addValue(out, metricKey('distribution', name, span.attributeUnits?.[name]), value, {});
    }
  }
  return out;
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
    const merged = mergeSummaries(
      span.metricsSummary ?? {},
      summariesFromPoints(pointsBySpan.get(span.spanId) ?? []),
      attributeSummaries(span, numericAttributes),
    );
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
