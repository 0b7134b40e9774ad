/**
 * What the property tests feed the parsers: any text, text built from each grammar's own pieces (random
 * characters almost never form a `traceparent` or a quoted string, the pieces do), long runs of one piece
 * (what exposes super-linear work), any JSON with the keys JavaScript treats specially, and mutations of
 * the real payloads in test/fixtures/traces/.
 */
import fc from 'fast-check';
import { expect, vi } from 'vitest';

/**
 * One call's time limit. fast-check's `timeout` cannot stop synchronous code, so each call is timed and
 * compared instead. Generous: linear parsers answer these inputs in well under a millisecond, and a
 * quadratic or exponential one takes seconds, so a loaded two-core machine cannot make it flaky.
 */
export const RUN_BUDGET_MS = 1000;

/**
 * fast-check's options for a property of `numRuns` cases. `PROPERTY_RUNS_SCALE=20` multiplies them for a
 * deeper search on a developer's machine; the suite's default keeps it to seconds on two cores.
 */
const requested = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
const SCALE = Number.isFinite(requested) && requested > 0 ? requested : 1;
if (SCALE > 1) vi.setConfig({ testTimeout: 5000 * SCALE });

export function runs(numRuns: number): fc.Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(numRuns * SCALE)) };
}

/** Runs `fn`, failing the property if it took longer than the budget. */
export function quickly<T>(fn: () => T, budgetMs = RUN_BUDGET_MS): T {
  const start = performance.now();
  const result = fn();
  const elapsed = performance.now() - start;
  if (elapsed > budgetMs) throw new Error(`took ${Math.round(elapsed)} ms, more than ${budgetMs} ms`);
  return result;
}

/** Any text: every code point, lone surrogates and controls included. */
export const anyText = (maxLength = 200) => fc.string({ unit: 'binary', maxLength });

/** Text made of a grammar's pieces mixed with any characters. */
export function textOf(pieces: readonly string[], maxLength = 40): fc.Arbitrary<string> {
  const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: anyText(3) });
  return fc.array(piece, { maxLength }).map((parts) => parts.join(''));
}

/** A few long runs of one piece each (up to `maxRun` repeats): quadratic work shows on these. */
export function longRunsOf(pieces: readonly string[], maxRun = 5000): fc.Arbitrary<string> {
  const run = fc.tuple(fc.constantFrom(...pieces), fc.integer({ min: 1, max: maxRun }));
  return fc.array(run, { minLength: 1, maxLength: 4 }).map((runs) => runs.map(([p, n]) => p.repeat(n)).join(''));
}

/** Any text, grammar-shaped text, or long runs, in one arbitrary. */
export const hostileText = (pieces: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(anyText(), textOf(pieces), longRunsOf(pieces));

/** Keys that find something on a plain object's prototype, or replace it. */
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', ''];
export const anyKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...SPECIAL_KEYS), anyText(8));

/** Scalars near the edges of what the formats accept. */
export const EDGE_SCALARS: readonly unknown[] = [
  '',
  '0',
  '-1',
  '1e400',
  'NaN',
  'zz',
  '00000000000000000000000000000000',
  '0000000000000000',
  '9'.repeat(30),
  'AAAAAAAAAAAAAAAAAAAAAA==',
  '2024-02-30T25:61:00Z',
  0,
  -1,
  -0,
  0.5,
  2 ** 53 + 1,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  null,
  [],
  {},
  // Objects that throw when compared or concatenated: no callable toString or valueOf.
  { toString: 1, valueOf: 1 },
  { length: { toString: 1 } },
  { length: 1e9 },
];

/** Any JSON-ish value (NaN and the infinities too: structured clones carry them), with special keys. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...EDGE_SCALARS),
    fc.double(),
    fc.integer(),
    anyText(20),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 4 }).map(ownObject),
  ),
})).value;

/** An object whose keys are all own data properties, `__proto__` included (as JSON.parse makes them). */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A JSON document as text: any value, or a string that is not JSON at all. */
export const anyJsonText: fc.Arbitrary<string> = fc.oneof(
  anyValue.map((v) => JSON.stringify(v) ?? 'undefined'),
  textOf(['{', '}', '[', ']', '"', ':', ',', '\n', 'null', '1', '"resourceSpans"', '"data"', '"spans"']),
);

type Path = (string | number)[];

/** Every path into a JSON document (capped: fixtures hold thousands of values). */
function pathsOf(doc: unknown, max = 2000): Path[] {
  const out: Path[] = [];
  const walk = (value: unknown, path: Path) => {
    if (out.length >= max) return;
    out.push(path);
    if (Array.isArray(value)) for (const [i, item] of value.entries()) walk(item, [...path, i]);
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(doc, []);
  return out;
}

interface Mutation {
  at: number;
  op: 'replace' | 'delete' | 'duplicate' | 'wrap' | 'stringify';
  value: unknown;
}

function applyMutation(doc: unknown, paths: readonly Path[], { at, op, value }: Mutation): unknown {
  const path = paths[at % paths.length]!;
  if (path.length === 0) return op === 'replace' ? value : op === 'wrap' ? [doc] : doc;
  let parent: unknown = doc;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return doc;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object') return doc;
  const key = path.at(-1)!;
  const holder = parent as Record<string | number, unknown>;
  const current = holder[key];
  if (op === 'delete') {
    if (Array.isArray(holder) && typeof key === 'number') holder.splice(key, 1);
    else delete holder[key];
  } else if (op === 'duplicate' && Array.isArray(holder) && typeof key === 'number') {
    holder.splice(key, 0, structuredClone(current));
  } else if (op === 'wrap') {
    holder[key] = [current];
  } else if (op === 'stringify') {
    holder[key] = JSON.stringify(current) ?? null;
  } else {
    holder[key] = value;
  }
  return doc;
}

/** A real payload with one to three of its values replaced, deleted, repeated, wrapped or turned into text. */
export function mutatedJson(doc: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(doc);
  const mutation = fc.record({
    at: fc.nat({ max: paths.length - 1 }),
    op: fc.constantFrom('replace', 'replace', 'delete', 'duplicate', 'wrap', 'stringify'),
    value: anyValue,
  });
  return fc
    .array(mutation, { minLength: 1, maxLength: 3 })
    .map((mutations) => mutations.reduce((d, m) => applyMutation(d, paths, m), structuredClone(doc)));
}

/** A real text payload (an envelope, an event stream) with a few characters inserted, removed or cut. */
export function mutatedText(text: string, pieces: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({
    at: fc.nat({ max: text.length }),
    op: fc.constantFrom('insert', 'delete', 'replace', 'truncate'),
    piece: textOf(pieces, 3),
    span: fc.integer({ min: 1, max: 40 }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce((t, { at, op, piece, span }) => {
      const i = at % (t.length + 1);
      if (op === 'insert') return t.slice(0, i) + piece + t.slice(i);
      if (op === 'delete') return t.slice(0, i) + t.slice(i + span);
      if (op === 'replace') return t.slice(0, i) + piece + t.slice(i + piece.length);
      return t.slice(0, i);
    }, text),
  );
}

/** Nothing on Object.prototype that was not there before: a parser must not pollute it. */
export function expectPrototypeUntouched(before: readonly string[]): void {
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
}
export const prototypeNames = (): string[] => Object.getOwnPropertyNames(Object.prototype);
