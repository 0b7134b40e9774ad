/**
 * Character-level helpers shared by the header parsers.
 *
 * Everything here walks strings by index instead of using regular expressions with unbounded
 * repetition: header values come from arbitrary servers and pages, and patterns such as
 * `/[ \t]+$/` backtrack quadratically on long runs of whitespace (a 100 KB value would stall the
 * service worker).
 */

const SP = 0x20;
const HTAB = 0x09;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

export const isOws = (code: number): boolean => code === SP || code === HTAB;

/** Strips the optional whitespace (spaces and tabs, RFC 9110 `OWS`) around a header value or list member. */
export function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

const TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

/** RFC 9110 `tchar`: the characters of a `token` (header keys, Server-Timing names, baggage keys). */
export function isTchar(code: number): boolean {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
    return true;
  }
  return code < 0x7f && TCHAR_SYMBOLS.includes(String.fromCharCode(code));
}

export function isToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!isTchar(value.charCodeAt(i))) return false;
  return true;
}

/** Index just past the run of `tchar`s starting at `from`. */
export function tokenEnd(value: string, from: number): number {
  let i = from;
  while (i < value.length && isTchar(value.charCodeAt(i))) i++;
  return i;
}

export function skipOws(value: string, from: number): number {
  let i = from;
  while (i < value.length && isOws(value.charCodeAt(i))) i++;
  return i;
}

/**
 * Reads an RFC 9110 `quoted-string` whose opening quote is at `from`, unescaping `\x` pairs.
 * An unterminated string yields `text: null` (it is malformed, so its content is not trusted)
 * and `end` at the end of the input.
 */
export function readQuotedString(value: string, from: number): { text: string | null; end: number } {
  let out = '';
  let i = from + 1;
  let runStart = i;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code === DQUOTE) return { text: out + value.slice(runStart, i), end: i + 1 };
    if (code === BACKSLASH) {
      out += value.slice(runStart, i);
      if (i + 1 >= value.length) break;
      out += value.charAt(i + 1);
      i += 2;
      runStart = i;
      continue;
    }
    i++;
  }
  return { text: null, end: value.length };
}

/** Index of the next `stop` character at or after `from` that is not inside a quoted string, or the length. */
export function indexOutsideQuotes(value: string, stop: number, from: number): number {
  let i = from;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code === stop) return i;
    i = code === DQUOTE ? readQuotedString(value, i).end : i + 1;
  }
  return value.length;
}

/**
 * Splits a list-valued header on commas that are not inside quoted strings, trimming each element
 * (the Fetch standard's "get, decode, and split"). Empty elements are kept; callers skip them.
 */
export function splitOutsideQuotes(value: string, separator = ','): string[] {
  const sep = separator.charCodeAt(0);
  const parts: string[] = [];
  let start = 0;
  while (start <= value.length) {
    const end = indexOutsideQuotes(value, sep, start);
    parts.push(trimOws(value.slice(start, end)));
    start = end + 1;
  }
  return parts;
}

/** True when every character is printable ASCII or a tab: what a header value may carry as-is. */
export function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code !== HTAB && (code < 0x20 || code > 0x7e)) return false;
  }
  return true;
}
