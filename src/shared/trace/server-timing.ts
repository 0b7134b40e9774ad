/**
 * The `Server-Timing` response header (https://www.w3.org/TR/server-timing/):
 * `miss, db;dur=53, cache;desc="Cache Read";dur=23.2`. Besides timings, backends use it to hand the
 * browser their trace context (`trace;desc=00-...`, `sentry-trace;desc="..."`), because it is the
 * one response header page JavaScript can read cross-origin (with Timing-Allow-Origin).
 */
import { indexOutsideQuotes, readQuotedString, skipOws, splitOutsideQuotes, tokenEnd } from './text';

export interface ServerTimingEntry {
  name: string;
  /** Milliseconds by convention; present only when `dur` held a number. */
  dur?: number;
  /** Present when `desc` held a token or a complete quoted string (unescaped). */
  desc?: string;
}

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
// HTML's "rules for parsing floating-point number values" read a leading number and ignore the rest.
const LEADING_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;

function parseDuration(value: string): number | undefined {
  const match = LEADING_NUMBER.exec(value.slice(0, 64));
  if (!match) return undefined;
  const n = Number(match[0]);
  return Number.isFinite(n) ? n : undefined;
}

/** A param value: a quoted string, or a token. Returns the value (null if absent or malformed) and where it ends. */
function readParamValue(field: string, from: number): { value: string | null; end: number } {
  if (field.charCodeAt(from) === DQUOTE) {
    const { text, end } = readQuotedString(field, from);
    return { value: text, end };
  }
  const end = tokenEnd(field, from);
  return { value: end > from ? field.slice(from, end) : null, end };
}

/** One comma-separated element: `name *( OWS ";" OWS param-name [ OWS "=" OWS param-value ] )`. */
function parseMetric(field: string): ServerTimingEntry | null {
  const nameEnd = tokenEnd(field, 0);
  if (nameEnd === 0) return null;
  const entry: ServerTimingEntry = { name: field.slice(0, nameEnd) };
  const seen = new Set<string>();
  // Characters after the name (or after a param value) up to the next `;` are ignored, as the
  // spec requires; the scan skips quoted strings so a `;` inside one does not start a param.
  let pos = indexOutsideQuotes(field, SEMICOLON, nameEnd);
  while (pos < field.length) {
    const nameStart = skipOws(field, pos + 1);
    const paramEnd = tokenEnd(field, nameStart);
    const paramName = field.slice(nameStart, paramEnd).toLowerCase();
    let value: string | null = null;
    let next = skipOws(field, paramEnd);
    if (field.charCodeAt(next) === EQUALS) {
      const read = readParamValue(field, skipOws(field, next + 1));
      value = read.value;
      next = read.end;
    }
    pos = indexOutsideQuotes(field, SEMICOLON, next);
    // "If any server-timing-param-name is specified more than once, only the first instance is to
    // be considered, even if the server-timing-param is incomplete or invalid."
    if (paramName === '' || seen.has(paramName)) continue;
    seen.add(paramName);
    if (value === null) continue;
    if (paramName === 'dur') {
      const dur = parseDuration(value);
      if (dur !== undefined) entry.dur = dur;
    } else if (paramName === 'desc') {
      entry.desc = value;
    }
  }
  return entry;
}

/**
 * Parses one or more `Server-Timing` values into entries, in order. Commas inside quoted strings do
 * not split; elements without a valid name are skipped; unknown params are ignored; an
 * unterminated quoted string yields no `desc`. Never throws, and runs in linear time.
 */
export function parseServerTiming(value: string | readonly string[] | null | undefined): ServerTimingEntry[] {
  const values: readonly string[] = typeof value === 'string' ? [value] : (value ?? []);
  const entries: ServerTimingEntry[] = [];
  for (const header of values) {
    if (typeof header !== 'string') continue;
    for (const field of splitOutsideQuotes(header)) {
      const entry = parseMetric(field);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}
