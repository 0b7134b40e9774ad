/**
 * The metric query language's syntax tree and parse result (grammar: docs/traces.md#query-language).
 * Every node keeps where it was written, so the panel can point at a clause as well as at an error.
 */

/** Where a piece of the query text is: UTF-16 offset and length, as the panel's input counts. */
export interface TextRange {
  offset: number;
  length: number;
}

export type MetricTypeLetter = 'c' | 'd' | 'g' | 's';
export type SummaryField = 'min' | 'max' | 'count' | 'sum' | 'avg';
export type CompareOp = '>' | '>=' | '<' | '<=' | '=' | '!=';

/** `{k=v}`: entries whose tag `k` is `v`; `{k!=v}`: entries without tag `k` or with another value. */
export interface TagFilter {
  key: string;
  op: '=' | '!=';
  value: string;
}

export interface Comparison extends TextRange {
  field: SummaryField;
  op: CompareOp;
  value: number;
}

/** One metric key with its tag filter and comparisons; `unit` absent matches any unit. */
export interface MetricClause extends TextRange {
  kind: 'clause';
  type: MetricTypeLetter;
  name: string;
  unit?: string;
  tags: TagFilter[];
  /** All must hold; none means "the metric was recorded" (with entries that pass the tag filter). */
  comparisons: Comparison[];
}

export interface AndQuery {
  kind: 'and';
  items: MetricQuery[];
}

export interface OrQuery {
  kind: 'or';
  items: MetricQuery[];
}

export type MetricQuery = MetricClause | AndQuery | OrQuery;

/** A parse error at the token that is wrong (length 0 at the end of the text). */
export interface QueryError extends TextRange {
  message: string;
  /** What would have been accepted there, in words: `number`, `min`, `}`... */
  expected: string[];
}

export type QueryParseResult = { ok: true; query: MetricQuery } | { ok: false; error: QueryError };
