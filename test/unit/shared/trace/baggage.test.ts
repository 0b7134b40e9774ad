import { describe, expect, it } from 'vitest';
import {
  BAGGAGE_MAX_BYTES,
  BAGGAGE_MAX_MEMBERS,
  type BaggageEntry,
  decodeBaggageValue,
  encodeBaggageValue,
  formatBaggage,
  mergeBaggage,
  parseBaggage,
} from '../../../../src/shared/trace/baggage';

// Sentry's SDK test fixture (sentry-python, sentry-ruby): third-party members around the DSC.
const SENTRY_FIXTURE =
  'other-vendor-value-1=foo;bar;baz, sentry-trace_id=771a43a4192642f0b136d5159a501700, ' +
  'sentry-public_key=49d0f7386ad645858ae85020e393bef3, sentry-sample_rate=0.01337, ' +
  'sentry-user_id=Am%C3%A9lie, other-vendor-value-2=foo;bar;';

describe('parseBaggage: spec examples', () => {
  it('reads the 3-member example with properties', () => {
    expect(
      parseBaggage('key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue'),
    ).toEqual([
      { key: 'key1', value: 'value1', properties: [{ key: 'property1' }, { key: 'property2' }] },
      { key: 'key2', value: 'value2', properties: [] },
      { key: 'key3', value: 'value3', properties: [{ key: 'propertyKey', value: 'propertyValue' }] },
    ]);
  });

  it('percent-decodes "serverNode=DF%2028"', () => {
    expect(parseBaggage('userId=alice,serverNode=DF%2028,isProduction=false')).toEqual([
      { key: 'userId', value: 'alice', properties: [] },
      { key: 'serverNode', value: 'DF 28', properties: [] },
      { key: 'isProduction', value: 'false', properties: [] },
    ]);
  });

  it('trims whitespace around keys and values ("userId =   alice")', () => {
    expect(parseBaggage('userId =   alice')).toEqual([{ key: 'userId', value: 'alice', properties: [] }]);
    expect(parseBaggage('serverNode = DF%2028, isProduction = false').map((e) => e.value)).toEqual(['DF 28', 'false']);
  });

  it('lets a value contain "=" ("Parsers MUST NOT assume that the equal sign is only used to separate key and value")', () => {
    expect(parseBaggage('SomeKey=SomeValue=equals')[0]?.value).toBe('SomeValue=equals');
  });

  it('decodes the W3C reference test vector', () => {
    expect(parseBaggage('SomeKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29')[0]?.value).toBe(
      '\t "\';=asdf!@#$%^&*()',
    );
  });

  it('reads Sentry\'s fixture, tolerating the trailing ";"', () => {
    const entries = parseBaggage(SENTRY_FIXTURE);
    expect(entries.map((e) => e.key)).toEqual([
      'other-vendor-value-1',
      'sentry-trace_id',
      'sentry-public_key',
      'sentry-sample_rate',
      'sentry-user_id',
      'other-vendor-value-2',
    ]);
    expect(entries[4]?.value).toBe('Amélie');
    expect(entries[5]?.properties).toEqual([{ key: 'bar' }]);
  });

  it('keeps duplicate keys in order', () => {
    expect(parseBaggage('a=1,b=2,a=3').map((e) => `${e.key}:${e.value}`)).toEqual(['a:1', 'b:2', 'a:3']);
  });
});

describe('parseBaggage: malformed input', () => {
  it.each([
    ['no "="', 'novalue'],
    ['an empty key', '=v'],
    ['a space inside the value', 'k=a b'],
    ['a quote in the value', 'k="q"'],
    ['a backslash in the value', 'k=a\\b'],
    ['a space inside the key', 'ke y=v'],
    ['a non-token key', 'k(1)=v'],
    ['a non-ASCII value', 'name=Zoë'],
  ])('skips a member with %s', (_, member) => {
    expect(parseBaggage(`ok=1,${member},ok2=2`).map((e) => e.key)).toEqual(['ok', 'ok2']);
  });

  it('returns [] for empty and missing headers', () => {
    expect(parseBaggage('')).toEqual([]);
    expect(parseBaggage(' , ,, ')).toEqual([]);
    expect(parseBaggage(null)).toEqual([]);
  });

  it('drops a malformed property but keeps its member', () => {
    expect(parseBaggage('k=v;ok;bad prop=1;p=q')).toEqual([
      { key: 'k', value: 'v', properties: [{ key: 'ok' }, { key: 'p', value: 'q' }] },
    ]);
  });

  it('replaces non-UTF-8 bytes with U+FFFD and keeps stray "%" literally', () => {
    expect(decodeBaggageValue('%FFok')).toBe('\uFFFDok');
    expect(decodeBaggageValue('%C3')).toBe('\uFFFD');
    expect(decodeBaggageValue('100%')).toBe('100%');
    expect(decodeBaggageValue('%zz%4')).toBe('%zz%4');
    expect(decodeBaggageValue('%41%62c')).toBe('Abc');
  });
});

describe('formatBaggage', () => {
  it('percent-encodes what is outside baggage-octet, and "%"', () => {
    expect(encodeBaggageValue('DF 28')).toBe('DF%2028');
    expect(encodeBaggageValue('Amélie')).toBe('Am%C3%A9lie');
    expect(encodeBaggageValue('a,b;c"d\\e%f')).toBe('a%2Cb%3Bc%22d%5Ce%25f');
    expect(encodeBaggageValue('keep=this/&that!')).toBe('keep=this/&that!');
  });

  it('writes the spec example from entries', () => {
    expect(
      formatBaggage([
        { key: 'userId', value: 'alice', properties: [] },
        { key: 'serverNode', value: 'DF 28', properties: [] },
        { key: 'isProduction', value: 'false', properties: [] },
      ]),
    ).toBe('userId=alice,serverNode=DF%2028,isProduction=false');
  });

  it('leaves out members and properties whose key is not a token', () => {
    expect(
      formatBaggage([
        { key: 'bad key', value: 'x', properties: [] },
        { key: 'k', value: 'v', properties: [{ key: 'p q' }] },
      ]),
    ).toBe('k=v');
  });

  it('round-trips parse(format(x))', () => {
    const entries: BaggageEntry[] = [
      { key: 'sentry-replay_id', value: '0123456789abcdef0123456789abcdef', properties: [] },
      { key: 'session.id', value: 'a b,c;d', properties: [{ key: 'secret' }, { key: 'ttl', value: '30 s' }] },
      { key: 'emoji', value: 'tea 🍵 100%', properties: [] },
      { key: 'empty', value: '', properties: [] },
    ];
    expect(parseBaggage(formatBaggage(entries))).toEqual(entries);
  });
});

const REPLAY = '0123456789abcdef0123456789abcdef';

describe('mergeBaggage', () => {
  it('creates the header when the page sent none', () => {
    expect(mergeBaggage(null, { 'sentry-replay_id': REPLAY, 'session.id': 's 1' })).toEqual({
      value: `sentry-replay_id=${REPLAY},session.id=s%201`,
      dropped: [],
    });
    expect(mergeBaggage('', {})).toEqual({ value: '', dropped: [] });
  });

  it("keeps the page's own members verbatim and in order, and appends ours", () => {
    const { value } = mergeBaggage('userId=alice, serverNode = DF%2028;prop=1', { 'sentry-replay_id': REPLAY });
    expect(value).toBe(`userId=alice,serverNode = DF%2028;prop=1,sentry-replay_id=${REPLAY}`);
  });

  it('replaces sentry-replay_id in place instead of duplicating it', () => {
    const { value } = mergeBaggage('a=1,sentry-replay_id=old,b=2,sentry-replay_id=older', {
      'sentry-replay_id': REPLAY,
    });
    expect(value).toBe(`a=1,sentry-replay_id=${REPLAY},b=2`);
    expect(parseBaggage(value).filter((e) => e.key === 'sentry-replay_id')).toHaveLength(1);
  });

  it("keeps Sentry's DSC and third-party members of the fixture intact", () => {
    const { value, dropped } = mergeBaggage(SENTRY_FIXTURE, { 'sentry-replay_id': REPLAY });
    expect(dropped).toEqual([]);
    expect(value).toBe(`${SENTRY_FIXTURE.split(/\s*,\s*/).join(',')},sentry-replay_id=${REPLAY}`);
  });

  it('keeps printable malformed members verbatim, drops empty and unsendable ones', () => {
    const { value } = mergeBaggage('just-a-token, ,k=a b,ctl=\u0001x,name=Zoë,,ok=1', { 'session.id': 's' });
    expect(value).toBe('just-a-token,k=a b,ok=1,session.id=s');
  });

  it('replaces a malformed member that has the same key', () => {
    expect(mergeBaggage('sentry-replay_id=not valid', { 'sentry-replay_id': REPLAY }).value).toBe(
      `sentry-replay_id=${REPLAY}`,
    );
  });

  it('reports additions whose key is not a token', () => {
    expect(mergeBaggage('a=1', { 'bad key': 'x', good: 'y' })).toEqual({ value: 'a=1,good=y', dropped: ['bad key'] });
  });

  it('drops the additions that would exceed 64 members', () => {
    const page = Array.from({ length: BAGGAGE_MAX_MEMBERS - 1 }, (_, i) => `k${i}=v`).join(',');
    const { value, dropped } = mergeBaggage(page, { 'sentry-replay_id': REPLAY, 'session.id': 's' });
    expect(parseBaggage(value)).toHaveLength(BAGGAGE_MAX_MEMBERS);
    expect(value.endsWith(`sentry-replay_id=${REPLAY}`)).toBe(true);
    expect(dropped).toEqual(['session.id']);
  });

  it('drops the additions that would exceed 8192 bytes, and allows exactly 8192', () => {
    const addition = `sentry-replay_id=${REPLAY}`; // 49 bytes
    const filler = (length: number) => `big=${'x'.repeat(length - 4)}`;
    const exact = mergeBaggage(filler(BAGGAGE_MAX_BYTES - addition.length - 1), { 'sentry-replay_id': REPLAY });
    expect(exact.value.length).toBe(BAGGAGE_MAX_BYTES);
    expect(exact.dropped).toEqual([]);

    const over = mergeBaggage(filler(BAGGAGE_MAX_BYTES - addition.length), { 'sentry-replay_id': REPLAY });
    expect(over.value).toBe(filler(BAGGAGE_MAX_BYTES - addition.length));
    expect(over.dropped).toEqual(['sentry-replay_id']);
  });

  it("keeps the page's value when the replacement would not fit", () => {
    const page = `sentry-replay_id=old,big=${'x'.repeat(8160)}`;
    const { value, dropped } = mergeBaggage(page, { 'sentry-replay_id': 'y'.repeat(100) });
    expect(value).toBe(page);
    expect(dropped).toEqual(['sentry-replay_id']);
  });

  it("never cuts the page's own members, even past the limits", () => {
    const page = Array.from({ length: 70 }, (_, i) => `k${i}=v`).join(',');
    const { value, dropped } = mergeBaggage(page, { 'sentry-replay_id': REPLAY });
    expect(value).toBe(page);
    expect(dropped).toEqual(['sentry-replay_id']);
  });
});
