/**
 * The query language's tokenizer. Words are runs of name characters, so metric names (`db.query`,
 * `server_timing.cache-hit`), units, fields and numbers (`-1.5e3`) are all words; the parser decides
 * which each is from its place. Whitespace only separates: it is not a token.
 */
import type { TextRange } from './ast';

export type TokenKind = 'word' | 'string' | 'op' | 'punct' | 'end';

export interface Token extends TextRange {
  kind: TokenKind;
  /** The text as written, except a string's: its unescaped contents. */
  text: string;
}

/** A character the language has no use for, or an unterminated string, at `offset`. */
export interface LexError extends TextRange {
  message: string;
  expected: string[];
}

const WORD_CHAR = /[A-Za-z0-9_.\-+/]/;
const PUNCT = new Set([':', '@', '{', '}', ',', '(', ')']);
// Longest first, so `>=` is one token and `>>` is two.
const OPS = ['>=', '<=', '!=', '>', '<', '='];

/** Reads a double-quoted string starting at `start`; `\"` and `\\` are escapes. */
function readString(text: string, start: number): Token | LexError {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return { kind: 'string', text: value, offset: start, length: i + 1 - start };
    if (ch === '\\' && i + 1 < text.length) {
      value += text[++i];
      continue;
    }
    value += ch;
  }
  return { message: 'unterminated string', offset: start, length: text.length - start, expected: ['"'] };
}

/** Every token of `text`, ending with an `end` token, or the first character that cannot start one. */
export function tokenize(text: string): { ok: true; tokens: Token[] } | { ok: false; error: LexError } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      const read = readString(text, i);
      if (!('kind' in read)) return { ok: false, error: read };
      tokens.push(read);
      i += read.length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op || PUNCT.has(ch)) {
      const t = op ?? ch;
      tokens.push({ kind: op ? 'op' : 'punct', text: t, offset: i, length: t.length });
      i += t.length;
      continue;
    }
    if (!WORD_CHAR.test(ch)) {
      const length = String.fromCodePoint(text.codePointAt(i)!).length;
      const error = { message: `unexpected character ${JSON.stringify(text.slice(i, i + length))}`, offset: i };
      return { ok: false, error: { ...error, length, expected: [] } };
    }
    let end = i + 1;
    while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
    tokens.push({ kind: 'word', text: text.slice(i, end), offset: i, length: end - i });
    i = end;
  }
  tokens.push({ kind: 'end', text: '', offset: text.length, length: 0 });
  return { ok: true, tokens };
}
