import { afterEach, describe, expect, it } from 'vitest';
import { hostile, undoAll, undoLast } from './hostile';
import { safeJson, serializeArg } from '../../../../src/content/page/serialize';

afterEach(undoAll);

/** Shaped like rrweb's events and Tandem's custom events: every JSON type, nesting, keys JSON must escape. */
const EVENTS: unknown[] = [
  {
    type: 2,
    timestamp: 1700000000000,
    data: { node: { id: 1, childNodes: [{ id: 2, textContent: 'a "q" \n\u2028' }] } },
  },
  { type: 5, data: { tag: 'breadcrumb', payload: { message: 'x', data: { n: 1.5, neg: -0, big: 1e21, nan: NaN } } } },
  { type: 3, data: { adds: [], removes: [{ id: 3 }], attributes: [{ id: 4, attributes: { 'data-\u0001': null } }] } },
  { skipped: undefined, fn: () => 1, list: [undefined, () => 1, Infinity, true, false, null, 'é'] },
];

describe('safeJson', () => {
  it('writes what JSON.stringify writes', () => {
    for (const e of EVENTS) expect(safeJson(e)).toBe(JSON.stringify(e));
  });

  it("ignores a toJSON a page put on Object.prototype or Array.prototype, and still writes JSON.stringify's text", () => {
    const expected = EVENTS.map((e) => JSON.stringify(e));
    hostile(Object.prototype, 'toJSON', { value: () => 'forged' });
    const withObject = EVENTS.map(safeJson);
    undoLast();
    hostile(Array.prototype, 'toJSON', { value: () => 'forged' });
    const withArray = EVENTS.map(safeJson);
    undoLast();
    expect(withObject).toEqual(expected);
    expect(withArray).toEqual(expected);
  });

  it('does not call a JSON.stringify the page put in place after it loaded', () => {
    const calls: unknown[] = [];
    const native = JSON.stringify;
    const forged = (...args: unknown[]) => {
      calls.push(args);
      return 'forged';
    };
    hostile(JSON, 'stringify', { value: forged, writable: true });
    const out = safeJson({ type: 3 });
    undoLast();
    expect(native).toBe(JSON.stringify);
    expect(out).toBe('{"type":3}');
    expect(calls).toEqual([]);
  });

  it('refuses a cycle as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    hostile(Object.prototype, 'toJSON', { value: () => 'forged' });
    expect(() => safeJson(cyclic)).toThrow(TypeError);
  });
});

describe('serializeArg', () => {
  it('bounds objects and marks cycles, whatever toJSON the page defined', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    hostile(Object.prototype, 'toJSON', { value: () => 'forged' });
    const out = serializeArg(cyclic, 2000);
    undoLast();
    expect(out).toBe('{"a":1,"self":"[Circular]"}');
  });
});
