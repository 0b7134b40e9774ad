/**
 * Sentry's span table, pure: the request that lists one trace's spans through the documented "Query Explore
 * Events in Table Format" endpoint (https://docs.sentry.io/api/explore/query-explore-events-in-table-format/),
 * `GET /api/0/organizations/{org}/events/?dataset=spans`, and its answer `{data: [row...], meta: {fields,
 * units}}` converted into the trace model. One row is one span; `field` names the columns asked for.
 */
import { z } from 'zod';
import { assembleTraces } from './assemble';
import { setOwn } from './attributes';
import type { Attributes, Span, TracesResult } from './model';
import { parseWith, safely, warn } from './result';
import { kindOf, statusOf } from './sentry-spans';
import { secondsToMs } from './time';
import { parentIdFrom, spanIdFrom, traceIdFrom } from './wire-ids';

/**
 * The columns read (at most 20 are allowed). `precise.start_ts` and `precise.finish_ts` are epoch seconds with
 * sub-millisecond digits (Sentry's own trace UI multiplies them by 1000); `span.duration` is milliseconds.
 */
export const SENTRY_SPAN_FIELDS = [
  'id',
  'parent_span',
  'trace',
  'project',
  'span.op',
  'span.description',
  'span.status',
  'span.duration',
  'precise.start_ts',
  'precise.finish_ts',
  'is_transaction',
  'transaction',
] as const;

/** The API's largest page ("Default and maximum allowed is 100"). */
export const SENTRY_PAGE_SIZE = 100;
/** How far back spans are looked for: the API needs a period, and 30 days is Sentry's shortest span retention. */
export const SENTRY_STATS_PERIOD = '30d';

/** The path and query (after the base URL) that list the spans of `traceId` (32 lowercase hex). */
export function sentrySpansPath(org: string, traceId: string): string {
  const query = new URLSearchParams({ dataset: 'spans' });
  for (const field of SENTRY_SPAN_FIELDS) query.append('field', field);
  query.set('query', `trace:${traceId}`);
  query.set('per_page', String(SENTRY_PAGE_SIZE));
  query.set('statsPeriod', SENTRY_STATS_PERIOD);
  return `/api/0/organizations/${encodeURIComponent(org)}/events/?${query.toString()}`;
}

/** The documented "Retrieve an Organization" endpoint: cheap, and it needs the same `org:read` scope. */
export const sentryProbePath = (org: string): string => `/api/0/organizations/${encodeURIComponent(org)}/`;

/**
 * Whether Sentry's `Link` header offers another page: its pagination always names a `next` link and says
 * `results="true"` only when that page holds rows.
 */
export function sentryHasMorePages(link: string | null): boolean {
  if (!link) return false;
  return link.split(/,\s*(?=<)/).some((part) => /rel="next"/.test(part) && /results="true"/.test(part));
}

const text = z.string().nullish();
const seconds = z.union([z.number(), z.string()]).nullish();
const rowSchema = z.object({
  id: z.string(),
  parent_span: text,
  trace: z.string(),
  project: text,
  'span.op': text,
  'span.description': text,
  'span.status': text,
  'span.duration': z.number().nullish(),
  'precise.start_ts': z.union([z.number(), z.string()]),
  'precise.finish_ts': seconds,
  // Booleans come as JSON booleans; older servers answered 0/1.
  is_transaction: z.union([z.boolean(), z.number()]).nullish(),
  transaction: text,
});
const tableSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ fields: z.record(z.string(), z.string()).optional() }).optional(),
});
type Row = z.infer<typeof rowSchema>;

const present = (value: string | null | undefined): value is string => value !== undefined && value !== null;

function convert(row: Row, where: string, warnings: string[]): Span {
  const op = row['span.op'] || undefined;
  const isSegment = row.is_transaction === true || row.is_transaction === 1;
  const attributes: Attributes = {};
  if (present(row.transaction) && row.transaction !== '') setOwn(attributes, 'sentry.transaction', row.transaction);
  setOwn(attributes, 'sentry.is_segment', isSegment);
  if (present(row.project)) setOwn(attributes, 'sentry.project', row.project);
  const start = secondsToMs(row['precise.start_ts'], `${where}.precise.start_ts`);
  const finish = row['precise.finish_ts'];
  let end = start;
  if (finish !== undefined && finish !== null) end = secondsToMs(finish, `${where}.precise.finish_ts`);
  else if (typeof row['span.duration'] === 'number') end = start + row['span.duration'];
  else warn(warnings, `${where}: no end time, read as its start`);
  const parentSpanId = parentIdFrom(row.parent_span, `${where}.parent_span`);
  // A project is the nearest thing Sentry has to a service name.
  const service = row.project || 'unknown';
  const name = row['span.description'] || (isSegment ? row.transaction : undefined) || op || '';
  return {
    traceId: traceIdFrom(row.trace, `${where}.trace`),
    spanId: spanIdFrom(row.id, `${where}.id`),
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    ...(op ? { op } : {}),
    service,
    kind: kindOf(op, attributes),
    start,
    end: Math.max(end, start),
    status: statusOf(row['span.status']),
    attributes,
    resource: { 'service.name': service },
    events: [],
    links: [],
  };
}

/** The events endpoint's table of spans; an empty `data` (not ingested yet) gives no traces. */
export function normalizeSentrySpansTable(payload: unknown): TracesResult {
  return safely('Sentry events', (warnings) => {
    const table = parseWith(tableSchema, payload, 'table');
    const spans = table.data.map((raw, i) => convert(parseWith(rowSchema, raw, `data[${i}]`), `data[${i}]`, warnings));
    return assembleTraces({ spans }, warnings);
  });
}
