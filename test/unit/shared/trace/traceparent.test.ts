import { describe, expect, it } from 'vitest';
import {
  formatTraceparent,
  formatTracestate,
  parseTraceparent,
  parseTracestate,
} from '../../../../src/shared/trace/traceparent';

// Vectors marked "test suite" come from w3c/trace-context test/test.py.
const SUITE_TRACE = '12345678901234567890123456789012';
const SUITE_SPAN = '1234567890123456';

describe('parseTraceparent: spec examples', () => {
  it('reads "Valid traceparent when caller sampled this request"', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: 1,
      sampled: true,
    });
  });

  it('reads "Valid traceparent when caller didn\'t sample this request"', () => {
    const tp = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
    expect(tp?.sampled).toBe(false);
    expect(tp?.flags).toBe(0);
  });

  it('reads the header from the "Relationship Between the Headers" example', () => {
    const tp = parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(tp?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(tp?.parentId).toBe('b7ad6b7169203331');
  });

  it('masks the flags: 09 is sampled, 08 is not ("a common mistake in bit fields")', () => {
    expect(parseTraceparent(`00-${SUITE_TRACE}-${SUITE_SPAN}-09`)).toMatchObject({ flags: 9, sampled: true });
    expect(parseTraceparent(`00-${SUITE_TRACE}-${SUITE_SPAN}-08`)).toMatchObject({ flags: 8, sampled: false });
  });

  it.each([' ', '\t', '\t '])('ignores surrounding optional whitespace %j (test suite: ows handling)', (ows) => {
    expect(parseTraceparent(`${ows}00-${SUITE_TRACE}-${SUITE_SPAN}-01${ows}`)?.traceId).toBe(SUITE_TRACE);
  });
});

describe('parseTraceparent: versions', () => {
  it.each([`cc-${SUITE_TRACE}-${SUITE_SPAN}-01`, `cc-${SUITE_TRACE}-${SUITE_SPAN}-01-what-the-future-will-be-like`])(
    'parses a future version leniently: %s',
    (value) => {
      expect(parseTraceparent(value)).toMatchObject({ version: 'cc', traceId: SUITE_TRACE, parentId: SUITE_SPAN });
    },
  );

  it.each([
    ['version ff', `ff-${SUITE_TRACE}-${SUITE_SPAN}-01`],
    [
      'a future version with the flags not followed by a dash',
      `cc-${SUITE_TRACE}-${SUITE_SPAN}-01.what-the-future-will-be-like`,
    ],
    ['version 00 with extra trailing characters', `00-${SUITE_TRACE}-${SUITE_SPAN}-01.`],
    ['version 00 with extra fields', `00-${SUITE_TRACE}-${SUITE_SPAN}-01-what-the-future-will-be-like`],
    ['an illegal character in the version', `.0-${SUITE_TRACE}-${SUITE_SPAN}-01`],
    ['an illegal character in the version (2)', `0.-${SUITE_TRACE}-${SUITE_SPAN}-01`],
    ['a 3-digit version', `000-${SUITE_TRACE}-${SUITE_SPAN}-01`],
    ['a 1-digit version', `0-${SUITE_TRACE}-${SUITE_SPAN}-01`],
    ['an uppercase version', `CC-${SUITE_TRACE}-${SUITE_SPAN}-01`],
    ['a future version shorter than 55 characters', `cc-${SUITE_TRACE}-${SUITE_SPAN}-1`],
  ])('rejects %s', (_, value) => {
    expect(parseTraceparent(value)).toBeNull();
  });
});

describe('parseTraceparent: malformed values (test suite)', () => {
  it.each([
    ['an all-zero trace id', `00-00000000000000000000000000000000-${SUITE_SPAN}-01`],
    ['an all-zero parent id', `00-${SUITE_TRACE}-0000000000000000-01`],
    ['an illegal character in the trace id', `00-.2345678901234567890123456789012-${SUITE_SPAN}-01`],
    ['an illegal character at the end of the trace id', `00-1234567890123456789012345678901.-${SUITE_SPAN}-01`],
    ['a 33-digit trace id', `00-123456789012345678901234567890123-${SUITE_SPAN}-01`],
    ['a 31-digit trace id', `00-1234567890123456789012345678901-${SUITE_SPAN}-01`],
    ['an illegal character in the parent id', `00-${SUITE_TRACE}-.234567890123456-01`],
    ['a 17-digit parent id', `00-${SUITE_TRACE}-12345678901234567-01`],
    ['a 15-digit parent id', `00-${SUITE_TRACE}-123456789012345-01`],
    ['an illegal character in the flags', `00-${SUITE_TRACE}-${SUITE_SPAN}-.0`],
    ['3-digit flags', `00-${SUITE_TRACE}-${SUITE_SPAN}-001`],
    ['1-digit flags', `00-${SUITE_TRACE}-${SUITE_SPAN}-1`],
    ['an uppercase trace id', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01'],
    ['an uppercase parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01'],
    ['uppercase flags', `00-${SUITE_TRACE}-${SUITE_SPAN}-0A`],
    ['underscores instead of dashes', `00_${SUITE_TRACE}_${SUITE_SPAN}_01`],
    ['an empty string', ''],
    ['garbage', 'not a traceparent at all, not even close to one, really'],
  ])('rejects %s', (_, value) => {
    expect(parseTraceparent(value)).toBeNull();
  });

  it('returns null for null and undefined', () => {
    expect(parseTraceparent(null)).toBeNull();
    expect(parseTraceparent(undefined)).toBeNull();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00 with the sampled flag', () => {
    expect(
      formatTraceparent({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true }),
    ).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(formatTraceparent({ traceId: SUITE_TRACE, spanId: SUITE_SPAN, sampled: false })).toBe(
      `00-${SUITE_TRACE}-${SUITE_SPAN}-00`,
    );
  });

  it('returns null for ids it cannot write', () => {
    expect(formatTraceparent({ traceId: '0'.repeat(32), spanId: SUITE_SPAN, sampled: true })).toBeNull();
    expect(formatTraceparent({ traceId: SUITE_TRACE, spanId: 'short', sampled: true })).toBeNull();
  });

  it.each([true, false])('round-trips parse(format(x)) with sampled=%s', (sampled) => {
    const ctx = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b9c7c989f97918e1', sampled };
    const parsed = parseTraceparent(formatTraceparent(ctx));
    expect({ traceId: parsed?.traceId, spanId: parsed?.parentId, sampled: parsed?.sampled }).toEqual(ctx);
  });
});

describe('parseTracestate', () => {
  it('reads the spec examples in order', () => {
    expect(parseTracestate('congo=t61rcWkgMzE')).toEqual([{ key: 'congo', value: 't61rcWkgMzE' }]);
    expect(parseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toEqual([
      { key: 'rojo', value: '00f067aa0ba902b7' },
      { key: 'congo', value: 't61rcWkgMzE' },
    ]);
    expect(parseTracestate('vendorname1=opaqueValue1,vendorname2=opaqueValue2')).toHaveLength(2);
  });

  it('accepts every allowed key and value character (test suite)', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/';
    const value = [
      [0x20, 0x2b],
      [0x2d, 0x3c],
      [0x3e, 0x7e],
    ]
      .flatMap(([from = 0, to = 0]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)))
      .join('')
      .trimEnd();
    expect(parseTracestate(`${key}=${value}`)).toEqual([{ key, value }]);
    expect(parseTracestate(`${key}@a-z0-9_-*/=x`)).toEqual([{ key: `${key}@a-z0-9_-*/`, value: 'x' }]);
  });

  it.each(['foo=1 \t , \t bar=2, \t baz=3', 'foo=1\t \t,\t \tbar=2,\t \tbaz=3'])(
    'ignores whitespace around members (test suite): %j',
    (value) => {
      expect(parseTracestate(value).map((m) => m.value)).toEqual(['1', '2', '3']);
    },
  );

  it('keeps leading spaces of a value, as the spec requires', () => {
    expect(parseTracestate('foo= bar')).toEqual([{ key: 'foo', value: ' bar' }]);
  });

  it('drops invalid members one by one and keeps the valid ones', () => {
    const members = parseTracestate(
      'foo =1,FOO=2,foo.bar=3,foo@=4,@foo=5,foo@@bar=6,foo@bar@baz=7,ok=8,bad=a=b,empty=,,',
    );
    expect(members).toEqual([{ key: 'ok', value: '8' }]);
  });

  it('keeps the first entry of a repeated key', () => {
    expect(parseTracestate('foo=1,bar=2,foo=3')).toEqual([
      { key: 'foo', value: '1' },
      { key: 'bar', value: '2' },
    ]);
  });

  it('enforces the key length limits of the test suite', () => {
    expect(parseTracestate(`${'z'.repeat(256)}=1`)).toHaveLength(1);
    expect(parseTracestate(`${'z'.repeat(257)}=1`)).toHaveLength(0);
    expect(parseTracestate(`${'t'.repeat(241)}@${'v'.repeat(14)}=1`)).toHaveLength(1);
    expect(parseTracestate(`${'t'.repeat(242)}@v=1`)).toHaveLength(0);
    expect(parseTracestate(`t@${'v'.repeat(15)}=1`)).toHaveLength(0);
  });

  it('rejects values longer than 256 characters', () => {
    expect(parseTracestate(`a=${'x'.repeat(256)}`)).toHaveLength(1);
    expect(parseTracestate(`a=${'x'.repeat(257)}`)).toHaveLength(0);
  });

  it('keeps at most 32 members, the first ones', () => {
    const members = Array.from({ length: 33 }, (_, i) => `bar${String(i + 1).padStart(2, '0')}=${i + 1}`).join(',');
    const parsed = parseTracestate(members);
    expect(parsed).toHaveLength(32);
    expect(parsed[0]).toEqual({ key: 'bar01', value: '1' });
    expect(parsed.at(-1)).toEqual({ key: 'bar32', value: '32' });
  });

  it('accepts empty headers and empty members', () => {
    expect(parseTracestate('')).toEqual([]);
    expect(parseTracestate(' , ,\t')).toEqual([]);
    expect(parseTracestate(null)).toEqual([]);
  });
});

describe('formatTracestate', () => {
  it('round-trips parse(format(x))', () => {
    const members = [
      { key: 'congo', value: 'ucfJifl5GOE' },
      { key: 'rojo', value: '00f067aa0ba902b7' },
      { key: 'tenant@vendor', value: ' leading space kept' },
    ];
    expect(formatTracestate(members)).toBe('congo=ucfJifl5GOE,rojo=00f067aa0ba902b7,tenant@vendor= leading space kept');
    expect(parseTracestate(formatTracestate(members))).toEqual(members);
  });

  it('leaves out invalid and repeated members and stops at 32', () => {
    expect(
      formatTracestate([
        { key: 'Bad', value: '1' },
        { key: 'a', value: 'x,y' },
        { key: 'b', value: '1' },
        { key: 'b', value: '2' },
      ]),
    ).toBe('b=1');
    const many = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: String(i) }));
    expect(formatTracestate(many).split(',')).toHaveLength(32);
  });
});
