/**
 * The request filter's syntax (grammar: docs/panel.md#filtering-requests): splits the filter text into terms
 * and finds the metric query at its end. Terms are checked and turned into predicates by filter.ts. Pure.
 */

/** A mistake in the filter text, with the UTF-16 offsets of the token it is about. */
export interface FilterError {
  message: string;
  start: number;
  end: number;
}

/** One space-separated term as written. */
export interface FilterTerm {
  /** `key`: a known `key:value`; `text`: a URL substring; `regex`: `/.../` over the URL. */
  kind: 'key' | 'text' | 'regex';
  /** The key, lowercase (`status-code`, `trace`...); empty for text and regex terms. */
  key: string;
  /** The value without its quotes; for a regex term, the pattern between the slashes. */
  value: string;
  /** Written with a leading `-`. */
  negated: boolean;
  start: number;
  end: number;
}

/** The metric query part of the filter: the text from its first metric term to the end. */
export interface MetricPart {
  text: string;
  start: number;
}

export interface SplitFilter {
  terms: FilterTerm[];
  metric: MetricPart | null;
}

/** The keys the filter knows; `key:value` with any other key is plain text, as in Chrome. */
export const FILTER_KEYS: readonly string[] = [
  'status-code',
  'method',
  'domain',
  'larger-than',
  'mime-type',
  'scheme',
  'has-response-header',
  'is',
  'resource-type',
  'url',
  'trace',
  'has',
  'span',
  'status',
];

/** A metric type letter, a colon and a word character: where the metric query starts. */
const METRIC_START = /^[cdgs]:\w/;
const KEY_PREFIX = /^([a-zA-Z][a-zA-Z-]*):/;

interface Token {
  raw: string;
  start: number;
  end: number;
}

/** Splits on whitespace outside double quotes; stops at the first metric term. */
function tokenize(text: string): { tokens: Token[]; metric: MetricPart | null } | { error: FilterError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    if (METRIC_START.test(text.slice(i))) return { tokens, metric: { text: text.slice(i), start: i } };
    const start = i;
    let quoteAt = -1;
    while (i < text.length && (quoteAt >= 0 || !/\s/.test(text[i]!))) {
      if (text[i] === '"') quoteAt = quoteAt >= 0 ? -1 : i;
      i++;
    }
    if (quoteAt >= 0) return { error: { message: 'unterminated quote', start: quoteAt, end: text.length } };
    tokens.push({ raw: text.slice(start, i), start, end: i });
  }
  return { tokens, metric: null };
}

const unquote = (s: string) => s.replace(/"/g, '');

function termOf(t: Token): FilterTerm {
  const negated = t.raw.length > 1 && t.raw.startsWith('-');
  const body = negated ? t.raw.slice(1) : t.raw;
  const base = { negated, start: t.start, end: t.end };
  if (body.length >= 3 && body.startsWith('/') && body.endsWith('/'))
    return { ...base, kind: 'regex', key: '', value: body.slice(1, -1) };
  const m = KEY_PREFIX.exec(body);
  const key = m?.[1]?.toLowerCase();
  if (m && key && FILTER_KEYS.includes(key))
    return { ...base, kind: 'key', key, value: unquote(body.slice(m[0].length)) };
  return { ...base, kind: 'text', key: '', value: unquote(body) };
}

/** The filter text's terms and metric part, or the first syntax error. */
export function splitFilter(text: string): SplitFilter | { error: FilterError } {
  const tokenized = tokenize(text);
  if ('error' in tokenized) return tokenized;
  return { terms: tokenized.tokens.map(termOf), metric: tokenized.metric };
}
