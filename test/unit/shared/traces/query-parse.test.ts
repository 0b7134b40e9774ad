import { describe, expect, it } from 'vitest';
import type { MetricQuery, QueryError } from '../../../../src/shared/traces/query/ast';
import { parseMetricQuery } from '../../../../src/shared/traces/query/parse';

function parsed(text: string): MetricQuery {
  const result = parseMetricQuery(text);
  if (!result.ok) throw new Error(`expected a query, got: ${JSON.stringify(result.error)}`);
  return result.query;
}

function failed(text: string): QueryError {
  const result = parseMetricQuery(text);
  if (result.ok) throw new Error(`expected an error, got: ${JSON.stringify(result.query)}`);
  return result.error;
}

/** The text an error points at, as the panel would underline it. */
const underlined = (text: string, e: QueryError) => text.slice(e.offset, e.offset + e.length);

describe('parseMetricQuery: the examples', () => {
  it('c:checkout.items{success=false} count>0', () => {
    expect(parsed('c:checkout.items{success=false} count>0')).toEqual({
      kind: 'clause',
      type: 'c',
      name: 'checkout.items',
      tags: [{ key: 'success', op: '=', value: 'false' }],
      comparisons: [{ field: 'count', op: '>', value: 0, offset: 32, length: 7 }],
      offset: 0,
      length: 39,
    });
  });

  it('d:db.query@millisecond max>100', () => {
    expect(parsed('d:db.query@millisecond max>100')).toMatchObject({
      type: 'd',
      name: 'db.query',
      unit: 'millisecond',
      tags: [],
      comparisons: [{ field: 'max', op: '>', value: 100 }],
    });
  });
});

describe('parseMetricQuery: the parts', () => {
  it('a key without unit has none; a bare key has no comparisons', () => {
    const q = parsed('g:queue_depth');
    expect(q).toMatchObject({ kind: 'clause', type: 'g', name: 'queue_depth', comparisons: [] });
    expect(q).not.toHaveProperty('unit');
  });

  it('every operator and field, numbers signed, fractional and with exponents', () => {
    const q = parsed('d:x min>-1.5 max>=2e3 count<3 sum<=.5 avg=4 avg!=+5');
    expect(q.kind === 'clause' && q.comparisons.map((c) => [c.field, c.op, c.value])).toEqual([
      ['min', '>', -1.5],
      ['max', '>=', 2000],
      ['count', '<', 3],
      ['sum', '<=', 0.5],
      ['avg', '=', 4],
      ['avg', '!=', 5],
    ]);
  });

  it('tag filters with = and !=, several, quoted keys and values with escapes', () => {
    const q = parsed('c:cart{ "user id"="a \\"b\\"", currency != EUR , ok="" }');
    expect(q.kind === 'clause' && q.tags).toEqual([
      { key: 'user id', op: '=', value: 'a "b"' },
      { key: 'currency', op: '!=', value: 'EUR' },
      { key: 'ok', op: '=', value: '' },
    ]);
    expect(parsed('c:cart{}')).toMatchObject({ tags: [] });
  });

  it('a quoted metric name', () => {
    expect(parsed('d:"odd name"@second sum>1')).toMatchObject({ name: 'odd name', unit: 'second' });
  });

  it('clauses side by side (or with AND) all hold; OR and parentheses group', () => {
    const and = parsed('c:a count>0 d:b max<1');
    expect(and.kind === 'and' && and.items.map((i) => i.kind === 'clause' && i.name)).toEqual(['a', 'b']);
    expect(parsed('c:a count>0 AND d:b max<1')).toMatchObject({ kind: 'and', items: [{ name: 'a' }, { name: 'b' }] });
    const or = parsed('c:a OR (d:b max<1 g:c) OR s:d');
    expect(or).toMatchObject({
      kind: 'or',
      items: [{ name: 'a' }, { kind: 'and', items: [{ name: 'b' }, { name: 'c' }] }, { name: 'd' }],
    });
  });

  it('OR binds looser than side by side', () => {
    expect(parsed('c:a c:b OR c:c')).toMatchObject({
      kind: 'or',
      items: [{ kind: 'and', items: [{ name: 'a' }, { name: 'b' }] }, { name: 'c' }],
    });
  });
});

describe('parseMetricQuery: errors point at the bad token', () => {
  const cases: [text: string, at: string, offset: number, expected: string[]][] = [
    ['d:db.query max>>100', '>', 15, ['number']],
    ['d:db.query mean>100', 'mean', 11, ['min', 'max', 'count', 'sum', 'avg']],
    ['d:db.query max>', '', 15, ['number']],
    ['d:db.query max>abc', 'abc', 15, ['number']],
    ['d:db.query max 100', '100', 15, ['>', '>=', '<', '<=', '=', '!=']],
    ['d:db.query >100', '>', 11, ['min', 'max', 'count', 'sum', 'avg']],
    ['x:db.query', 'x', 0, ['c', 'd', 'g', 's']],
    ['count>0', 'count', 0, ['metric key', '(']],
    ['c:', '', 2, ['metric name']],
    ['c:a@ count>1', '', 4, ['unit']],
    ['c: a', '', 2, ['metric name']],
    ['c:a{k>v}', '>', 5, ['=', '!=']],
    ['c:a{k=v count>1', 'count', 8, [',', '}']],
    ['c:a{k=', '', 6, ['tag value']],
    ['(c:a count>1', '', 12, [')']],
    ['c:a)', ')', 3, ['metric key', 'OR', 'end of query']],
    ['c:a OR', '', 6, ['metric key', '(']],
    ['c:a{k="v}', '"v}', 6, ['"']],
    ['c:a count>1 ; d:b', ';', 12, []],
    ['c:a max>1e999', '1e999', 8, ['number']],
    ['', '', 0, ['metric key']],
  ];
  it.each(cases)('%j: at %j', (text, at, offset, expected) => {
    const error = failed(text);
    expect(underlined(text, error)).toBe(at);
    expect(error.offset).toBe(offset);
    expect(error.expected).toEqual(expected);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('names what it found', () => {
    expect(failed('d:db.query max>>100').message).toBe('expected a number but found ">"');
    expect(failed('d:db.query mean>1').message).toMatch(/unknown field "mean"/);
    expect(failed('d:db.query max>').message).toBe('expected a number but found the end of the query');
  });

  it('refuses nesting deep enough to exhaust the stack, as an error rather than a throw', () => {
    const deep = `${'('.repeat(10_000)}c:a${')'.repeat(10_000)}`;
    expect(failed(deep)).toMatchObject({ offset: 32, length: 1 });
    expect(parsed(`${'('.repeat(32)}c:a${')'.repeat(32)}`)).toMatchObject({ name: 'a' });
  });
});
