/**
 * The metric query language's parser: a hand-written recursive descent over tokens.ts (grammar in
 * docs/traces.md#query-language). Hand-written because the grammar is a dozen LL(1) rules and the panel
 * needs each error's exact token span and what was expected there, which a few lines per rule give
 * without adding a parser runtime to the panel's bundle or a code generation step to the build.
 */
import type {
  Comparison,
  CompareOp,
  MetricClause,
  MetricQuery,
  MetricTypeLetter,
  QueryError,
  QueryParseResult,
  SummaryField,
  TagFilter,
} from './ast';
import { type Token, tokenize } from './tokens';

export const SUMMARY_FIELDS: readonly SummaryField[] = ['min', 'max', 'count', 'sum', 'avg'];
const TYPE_LETTERS: readonly MetricTypeLetter[] = ['c', 'd', 'g', 's'];
const COMPARE_OPS: readonly CompareOp[] = ['>', '>=', '<', '<=', '=', '!='];
// A decimal number as written by people; no Infinity, NaN, hex or trailing garbage.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Parentheses deeper than this are refused: recursion on hostile input must not blow the stack. */
const MAX_DEPTH = 32;

class SyntaxError_ extends Error {
  constructor(readonly detail: QueryError) {
    super(detail.message);
  }
}

const describe = (t: Token) => (t.kind === 'end' ? 'the end of the query' : JSON.stringify(t.text));

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private fail(t: Token, message: string, expected: readonly string[]): never {
    throw new SyntaxError_({ message, offset: t.offset, length: t.length, expected: [...expected] });
  }

  private is(t: Token, kind: Token['kind'], text?: string): boolean {
    return t.kind === kind && (text === undefined || t.text === text);
  }

  /** `OR` and `AND` are keywords only where a metric key cannot be: not before a colon. */
  private isKeyword(word: 'OR' | 'AND', at = 0): boolean {
    return this.is(this.peek(at), 'word', word) && !this.is(this.peek(at + 1), 'punct', ':');
  }

  query(): MetricQuery {
    if (this.peek().kind === 'end') this.fail(this.peek(), 'empty query', ['metric key']);
    const query = this.or(0);
    const rest = this.peek();
    if (rest.kind !== 'end') this.fail(rest, `unexpected ${describe(rest)}`, ['metric key', 'OR', 'end of query']);
    return query;
  }

  private or(depth: number): MetricQuery {
    const items = [this.and(depth)];
    while (this.isKeyword('OR')) {
      this.next();
      items.push(this.and(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  /** Clauses side by side (or with `AND` between) must all hold. */
  private and(depth: number): MetricQuery {
    const items = [this.unit(depth)];
    for (;;) {
      if (this.isKeyword('AND')) this.next();
      const t = this.peek();
      if (t.kind === 'end' || this.is(t, 'punct', ')') || this.isKeyword('OR')) break;
      items.push(this.unit(depth));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private unit(depth: number): MetricQuery {
    const open = this.peek();
    if (!this.is(open, 'punct', '(')) return this.clause();
    if (depth >= MAX_DEPTH) this.fail(open, `more than ${MAX_DEPTH} nested parentheses`, []);
    this.next();
    const inner = this.or(depth + 1);
    const close = this.next();
    if (!this.is(close, 'punct', ')')) this.fail(close, `expected ")" but found ${describe(close)}`, [')']);
    return inner;
  }

  private clause(): MetricClause {
    const type = this.next();
    if (type.kind !== 'word' || !this.is(this.peek(), 'punct', ':')) {
      this.fail(type, `expected a metric key (like d:db.query@millisecond) but found ${describe(type)}`, [
        'metric key',
        '(',
      ]);
    }
    if (!(TYPE_LETTERS as readonly string[]).includes(type.text)) {
      this.fail(type, `unknown metric type ${describe(type)}: c, d, g or s`, TYPE_LETTERS);
    }
    const colon = this.next();
    const name = this.text('metric name', colon);
    let unit: string | undefined;
    if (this.is(this.peek(), 'punct', '@')) unit = this.text('unit', this.next());
    const tags = this.is(this.peek(), 'punct', '{') ? this.tagFilter() : [];
    const comparisons: Comparison[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op') this.fail(t, `expected a field before ${describe(t)}`, SUMMARY_FIELDS);
      const startsClause = this.is(this.peek(1), 'punct', ':');
      if (t.kind !== 'word' || startsClause || this.isKeyword('OR') || this.isKeyword('AND')) break;
      comparisons.push(this.comparison());
    }
    const last = this.tokens[this.i - 1]!;
    const clause = { kind: 'clause' as const, type: type.text as MetricTypeLetter, name, tags, comparisons };
    return {
      ...clause,
      ...(unit === undefined ? {} : { unit }),
      offset: type.offset,
      length: last.offset + last.length - type.offset,
    };
  }

  /**
   * A name, unit, tag key or tag value: a word, or a quoted string for anything else. Parts of a metric
   * key pass the token before them: a key has no spaces, so `c:a@ count>1` misses a unit, not a field.
   */
  private text(what: string, after?: Token): string {
    const t = this.peek();
    const apart = after !== undefined && t.offset !== after.offset + after.length;
    if (apart || (t.kind !== 'word' && t.kind !== 'string')) {
      this.fail(
        apart ? { ...after, offset: after.offset + after.length, length: 0 } : t,
        `expected ${what} but found ${apart ? 'a space' : describe(t)}`,
        [what],
      );
    }
    this.next();
    if (t.text === '') this.fail(t, `empty ${what}`, [what]);
    return t.text;
  }

  private tagFilter(): TagFilter[] {
    this.next();
    const tags: TagFilter[] = [];
    if (this.is(this.peek(), 'punct', '}')) {
      this.next();
      return tags;
    }
    for (;;) {
      const key = this.text('tag name');
      const op = this.next();
      if (!this.is(op, 'op', '=') && !this.is(op, 'op', '!=')) {
        this.fail(op, `expected = or != but found ${describe(op)}`, ['=', '!=']);
      }
      const value = this.peek().kind === 'string' ? this.next().text : this.text('tag value');
      tags.push({ key, op: op.text as TagFilter['op'], value });
      const sep = this.next();
      if (this.is(sep, 'punct', '}')) return tags;
      if (!this.is(sep, 'punct', ',')) this.fail(sep, `expected , or } but found ${describe(sep)}`, [',', '}']);
    }
  }

  private comparison(): Comparison {
    const field = this.next();
    if (!(SUMMARY_FIELDS as readonly string[]).includes(field.text)) {
      this.fail(field, `unknown field ${describe(field)}: min, max, count, sum or avg`, SUMMARY_FIELDS);
    }
    const op = this.next();
    if (op.kind !== 'op') this.fail(op, `expected a comparison operator but found ${describe(op)}`, COMPARE_OPS);
    const number = this.next();
    if (number.kind !== 'word' || !NUMBER.test(number.text)) {
      this.fail(number, `expected a number but found ${describe(number)}`, ['number']);
    }
    const value = Number(number.text);
    if (!Number.isFinite(value)) this.fail(number, `number out of range: ${number.text}`, ['number']);
    const length = number.offset + number.length - field.offset;
    return { field: field.text as SummaryField, op: op.text as CompareOp, value, offset: field.offset, length };
  }
}

/** Parses a metric query, or says which token is wrong and what was expected there. Never throws. */
export function parseMetricQuery(text: string): QueryParseResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return { ok: false, error: lexed.error };
  try {
    return { ok: true, query: new Parser(lexed.tokens).query() };
  } catch (error) {
    if (error instanceof SyntaxError_) return { ok: false, error: error.detail };
    throw error;
  }
}
