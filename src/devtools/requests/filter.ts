/**
 * The request table's filter: Chrome DevTools Network panel's filter grammar plus Tandem's trace, span and
 * metric filters (grammar: docs/panel.md#filtering-requests). Terms are AND-ed; a leading `-` negates one. Pure.
 */
import type { MetricSummaries } from '../../shared/traces/model';
import { matchesSummaries, parseMetricQuery } from '../../shared/traces/query';
import { runSteps, stepsOf } from '../../shared/url-match-steps';
import type { RequestRow } from '../session/request-rows';
import { type FilterError, type FilterTerm, type MetricPart, splitFilter } from './filter-parse';

export type { FilterError, FilterTerm, MetricPart } from './filter-parse';

/** What the filter knows of a row besides the row itself. */
export interface FilterContext {
  /** Span names of the row's backend trace, lowercase, by row id (for span:<name>). */
  spanNames?: (rowId: string) => readonly string[];
  /** Whether the row's backend trace has an error span (has:error also counts failed rows). */
  traceHasError?: (rowId: string) => boolean;
  /** Metric summaries of the row, for the metric query. */
  summaries?: (rowId: string) => MetricSummaries;
}

export type ParsedFilter =
  | { ok: true; test: (row: RequestRow) => boolean; terms: FilterTerm[]; metric: MetricPart | null }
  | { ok: false; error: FilterError };

type Test = (row: RequestRow) => boolean;

/** Chrome's resource-type names, as the rows' Type column spells them. */
const RESOURCE_TYPES: Record<string, readonly string[]> = {
  document: ['document'],
  fetch: ['fetch'],
  xhr: ['xhr'],
  script: ['script'],
  stylesheet: ['stylesheet'],
  image: ['img', 'image'],
  img: ['img', 'image'],
  font: ['font'],
  media: ['media'],
  ping: ['ping', 'beacon'],
  beacon: ['ping', 'beacon'],
  websocket: ['websocket'],
};

/** Decimal suffixes, as Chrome's larger-than: 1k is 1000 bytes, 1M is 1000000. */
const SIZE = /^(\d+(?:\.\d+)?)([kKmM]?)$/;
const HEX_ID = /^[0-9a-f]{1,32}$/i;

const lower = (s: string) => s.toLowerCase();

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function schemeOf(url: string): string | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  return m ? m[1]!.toLowerCase() : null;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = lower(name);
  for (const [k, v] of Object.entries(headers)) if (lower(k) === wanted) return v;
  return undefined;
}

/**
 * `example.com` is that host; `*` matches any characters, so `*.example.com` is its subdomains. Matched as
 * steps, not a regex: V8 compiles a regex at its first test, so a long value threw from the row test
 * ("Regular expression too large") and took the table down, and wildcards backtracked over long hosts.
 */
function domainTest(value: string): Test {
  const steps = stepsOf(value, 'any');
  return (row) => {
    const host = hostOf(row.url);
    return host !== null && runSteps(steps, host, false);
  };
}

function traceTest(term: FilterTerm, ctx: FilterContext): Test | string {
  const v = lower(term.value);
  const linked = (row: RequestRow) => row.traceId !== null && (ctx.spanNames?.(row.id).length ?? 0) > 0;
  if (v === 'linked') return linked;
  if (v === 'sent') return (row) => row.traceId !== null;
  if (v === 'none') return (row) => row.traceId === null;
  if (HEX_ID.test(v)) return (row) => row.traceId !== null && lower(row.traceId).startsWith(v);
  return 'trace: expects linked, sent, none or a trace id (up to 32 hex digits)';
}

/** The predicate of a `key:value` term, or the message of what is wrong with its value. */
function keyTest(term: FilterTerm, ctx: FilterContext): Test | string {
  const v = term.value;
  switch (term.key) {
    case 'status-code': {
      if (!/^\d+$/.test(v)) return 'status-code: expects a number';
      const code = Number(v);
      return (row) => row.status === code;
    }
    case 'status': {
      if (/^\d+$/.test(v)) return (row) => row.status === Number(v);
      const m = /^([1-5])xx$/i.exec(v);
      if (!m) return 'status: expects a class such as 4xx or 5xx, or a number';
      const hundreds = Number(m[1]);
      return (row) => Math.floor(row.status / 100) === hundreds;
    }
    case 'method':
      return (row) => lower(row.method) === lower(v);
    case 'domain':
      return domainTest(v);
    case 'larger-than': {
      const m = SIZE.exec(v);
      if (!m) return 'larger-than: expects a size in bytes, such as 500, 10k or 2M';
      const bytes = Number(m[1]) * ({ '': 1, k: 1000, m: 1000_000 }[lower(m[2]!)] ?? 1);
      return (row) => row.size !== null && row.size > bytes;
    }
    case 'mime-type':
      return (row) => {
        const type = header(row.record?.responseHeaders, 'content-type');
        return type !== undefined && lower(type.split(';')[0]!.trim()) === lower(v);
      };
    case 'scheme':
      return (row) => schemeOf(row.url) === lower(v);
    case 'has-response-header':
      return (row) => header(row.record?.responseHeaders, v) !== undefined;
    case 'is':
      if (lower(v) !== 'running') return 'is: expects running';
      return (row) => row.endTs === 0 || (row.status === 0 && row.error === null);
    case 'resource-type': {
      const types = RESOURCE_TYPES[lower(v)];
      if (!types) return `resource-type: unknown type, expected one of ${Object.keys(RESOURCE_TYPES).join(', ')}`;
      return (row) => types.includes(lower(row.type));
    }
    case 'url':
      return (row) => lower(row.url).includes(lower(v));
    case 'trace':
      return traceTest(term, ctx);
    case 'has':
      if (lower(v) !== 'error') return 'has: expects error';
      return (row) => row.failed || (ctx.traceHasError?.(row.id) ?? false);
    case 'span':
      return (row) => (ctx.spanNames?.(row.id) ?? []).some((name) => name.includes(lower(v)));
    default:
      return `unknown filter key ${term.key}`;
  }
}

function termTest(term: FilterTerm, ctx: FilterContext): Test | string {
  if (term.kind === 'regex') {
    try {
      const re = new RegExp(term.value, 'i');
      // V8 compiles on the first test: one here makes a pattern too large to compile an error of the
      // filter text, not a throw from the table's row test.
      re.test('');
      return (row) => re.test(row.url);
    } catch (e) {
      // V8 quotes the whole pattern ("Invalid regular expression: /.../i: reason"); the term is underlined.
      const message = e instanceof Error ? e.message : String(e);
      return `invalid regular expression: ${message.slice(message.lastIndexOf(': ') + 2)}`;
    }
  }
  // An empty value is a term still being typed: it filters nothing out.
  if (term.value === '') return () => true;
  if (term.kind === 'text') return (row) => lower(row.url).includes(lower(term.value));
  return keyTest(term, ctx);
}

/** Parses the filter text once; `test` then tells whether a row passes it. */
export function parseRequestFilter(text: string, ctx: FilterContext = {}): ParsedFilter {
  const split = splitFilter(text);
  if ('error' in split) return { ok: false, error: split.error };
  const tests: Test[] = [];
  for (const term of split.terms) {
    const test = termTest(term, ctx);
    if (typeof test === 'string') return { ok: false, error: { message: test, start: term.start, end: term.end } };
    tests.push(term.negated ? (row) => !test(row) : test);
  }
  if (split.metric) {
    const parsed = parseMetricQuery(split.metric.text);
    if (!parsed.ok) {
      const start = split.metric.start + parsed.error.offset;
      return { ok: false, error: { message: parsed.error.message, start, end: start + parsed.error.length } };
    }
    const query = parsed.query;
    tests.push((row) => matchesSummaries(query, ctx.summaries?.(row.id) ?? {}));
  }
  return { ok: true, test: (row) => tests.every((t) => t(row)), terms: split.terms, metric: split.metric };
}

/** The rows that pass the filter; all of them, with the error, when the text does not parse. */
export function filterRows(
  rows: readonly RequestRow[],
  text: string,
  ctx: FilterContext = {},
): { rows: RequestRow[]; error: FilterError | null } {
  const parsed = parseRequestFilter(text, ctx);
  if (!parsed.ok) return { rows: [...rows], error: parsed.error };
  return { rows: rows.filter(parsed.test), error: null };
}
