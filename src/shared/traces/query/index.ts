/** The metric query language: parse once, then match summaries of requests, spans, traces or a session. */
export type * from './ast';
export { parseMetricQuery, SUMMARY_FIELDS } from './parse';
export { type Aggregate, aggregate, clauseKeys, filterRequests, filterSpans, matchesSummaries } from './match';
