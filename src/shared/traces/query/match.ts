/**
 * Evaluating a parsed metric query against metric summaries. A clause looks at the entries of its key
 * whose tags pass its filter, aggregates them (counts and sums added, min of mins, max of maxes,
 * avg = sum / count) and compares the aggregate: the figure of the whole request, whatever tag sets
 * it was recorded under. A key without unit is tried unit by unit, never adding values of two units.
 */
import type { MetricSummaries, MetricSummaryEntry } from '../model';
import type { Comparison, MetricClause, MetricQuery, TagFilter } from './ast';

export interface Aggregate {
  min: number;
  max: number;
  count: number;
  sum: number;
  avg: number;
}

const tagsPass = (entry: MetricSummaryEntry, filters: readonly TagFilter[]) =>
  filters.every((f) => {
    const has = Object.hasOwn(entry.tags, f.key) && entry.tags[f.key] === f.value;
    return f.op === '=' ? has : !has;
  });

/** The aggregate of the entries that pass the filter, or undefined when none does. */
export function aggregate(
  entries: readonly MetricSummaryEntry[],
  filters: readonly TagFilter[],
): Aggregate | undefined {
  let found = false;
  let [min, max, count, sum] = [Infinity, -Infinity, 0, 0];
  for (const entry of entries) {
    if (!tagsPass(entry, filters)) continue;
    found = true;
    min = Math.min(min, entry.min);
    max = Math.max(max, entry.max);
    count += entry.count;
    sum += entry.sum;
  }
  return found ? { min, max, count, sum, avg: count > 0 ? sum / count : NaN } : undefined;
}

function compare(a: Aggregate, c: Comparison): boolean {
  const x = a[c.field];
  switch (c.op) {
    case '>':
      return x > c.value;
    case '>=':
      return x >= c.value;
    case '<':
      return x < c.value;
    case '<=':
      return x <= c.value;
    case '=':
      return x === c.value;
    case '!=':
      return x !== c.value;
  }
}

/** The summary keys a clause reads: its own, or every unit of its type and name when it names none. */
export function clauseKeys(clause: MetricClause, summaries: MetricSummaries): string[] {
  const prefix = `${clause.type}:${clause.name}@`;
  if (clause.unit !== undefined) return Object.hasOwn(summaries, prefix + clause.unit) ? [prefix + clause.unit] : [];
  return Object.keys(summaries).filter((k) => k.startsWith(prefix) && !k.includes('@', prefix.length));
}

function clauseMatches(clause: MetricClause, summaries: MetricSummaries): boolean {
  for (const key of clauseKeys(clause, summaries)) {
    const agg = aggregate(summaries[key]!, clause.tags);
    if (agg && clause.comparisons.every((c) => compare(agg, c))) return true;
  }
  return false;
}

/** Whether summaries satisfy a query. A clause whose key has no entry passing its tags is false. */
export function matchesSummaries(query: MetricQuery, summaries: MetricSummaries): boolean {
  switch (query.kind) {
    case 'clause':
      return clauseMatches(query, summaries);
    case 'and':
      return query.items.every((q) => matchesSummaries(q, summaries));
    case 'or':
      return query.items.some((q) => matchesSummaries(q, summaries));
  }
}

/** The items (requests, spans...) whose precomputed summaries satisfy the query, in their order. */
export function filterRequests<T extends { readonly summaries: MetricSummaries }>(
  query: MetricQuery,
  items: readonly T[],
): T[] {
  return items.filter((item) => matchesSummaries(query, item.summaries));
}

/** The span ids whose own summaries satisfy the query (`bySpan` of summarizeTrace). */
export function filterSpans(query: MetricQuery, bySpan: Readonly<Record<string, MetricSummaries>>): string[] {
  return Object.keys(bySpan).filter((id) => matchesSummaries(query, bySpan[id]!));
}
