import { describe, expect, it } from 'vitest';
import { parseServerTiming, type ServerTimingEntry } from '../../../../src/shared/trace/server-timing';

/** Compact view of entries: name, dur (or '-'), desc (or '-'). */
const view = (value: string | readonly string[]): string[] =>
  parseServerTiming(value).map((e: ServerTimingEntry) => `${e.name}|${e.dur ?? '-'}|${e.desc ?? '-'}`);

describe("parseServerTiming: the spec's example", () => {
  // W3C Server Timing, "Examples": four header fields, seven metrics.
  it('reads "miss, db;dur=53, app;dur=47.2" and the other example fields', () => {
    expect(
      parseServerTiming([
        'miss, db;dur=53, app;dur=47.2',
        'customView, dc;desc=atl',
        'cache;desc="Cache Read";dur=23.2',
        'total;dur=123.4',
      ]),
    ).toEqual([
      { name: 'miss' },
      { name: 'db', dur: 53 },
      { name: 'app', dur: 47.2 },
      { name: 'customView' },
      { name: 'dc', desc: 'atl' },
      { name: 'cache', desc: 'Cache Read', dur: 23.2 },
      { name: 'total', dur: 123.4 },
    ]);
  });

  it('skips empty elements and surrounding whitespace (" miss, ,db;dur=53, app;dur=47.2 ")', () => {
    expect(view(' miss, ,db;dur=53, app;dur=47.2 ')).toEqual(['miss|-|-', 'db|53|-', 'app|47.2|-']);
  });
});

// The remaining vectors are the header-parsing tests Chromium and Firefox share
// (HTTPParsersTest.cpp / TestServerTiming.cpp), which implement this grammar.
describe('parseServerTiming: params', () => {
  it.each([
    ['metric', 'metric|-|-'],
    ['metric;dur', 'metric|-|-'],
    ['metric;dur=123.4', 'metric|123.4|-'],
    ['metric;dur="123.4"', 'metric|123.4|-'],
    ['metric;desc', 'metric|-|-'],
    ['metric;desc=description', 'metric|-|description'],
    ['metric;desc="description"', 'metric|-|description'],
    ['metric;dur=123.4;desc=description', 'metric|123.4|description'],
    ['metric;desc=description;dur=123.4', 'metric|123.4|description'],
    ["aB3!#$%&'*+-.^_`|~", "aB3!#$%&'*+-.^_`|~|-|-"],
    ['metric;desc="descr;,=iption";dur=123.4', 'metric|123.4|descr;,=iption'],
    ['metric ; dur = 123.4 ; desc = description', 'metric|123.4|description'],
    ['metric;DuR=123.4;DeSc=description', 'metric|123.4|description'],
    ['metric;foo=bar;desc=description;foo=bar;dur=123.4;foo=bar', 'metric|123.4|description'],
    ['metric;dur=foo', 'metric|-|-'],
    ['metric;dur=-1.5e2', 'metric|-150|-'],
  ])('%s', (header, expected) => {
    expect(view(header)).toEqual([expected]);
  });

  it('keeps only the first occurrence of a param, even an incomplete one', () => {
    expect(view('metric;dur=123.4;dur=567.8')).toEqual(['metric|123.4|-']);
    expect(view('metric;desc=description1;desc=description2')).toEqual(['metric|-|description1']);
    expect(view('metric;dur=foo;dur=567.8')).toEqual(['metric|-|-']);
    expect(view('metric;dur;dur=123.4')).toEqual(['metric|-|-']);
    expect(view('metric;desc;desc=description')).toEqual(['metric|-|-']);
  });

  it('keeps every entry of a repeated metric name', () => {
    expect(view('metric;dur=12.3;desc=description1,metric;dur=45.6;desc=description2')).toEqual([
      'metric|12.3|description1',
      'metric|45.6|description2',
    ]);
  });
});

describe('parseServerTiming: quoted strings', () => {
  it.each([
    ['metric;desc="\\\\"', '\\'],
    ['metric;desc="\\""', '"'],
    ['metric;desc=""', ''],
    ['     metric ; desc="descr\\"\\";,=iption";dur=123.4', 'descr"";,=iption'],
  ])('unescapes %s', (header, desc) => {
    expect(parseServerTiming(header)[0]?.desc).toBe(desc);
  });

  it.each([
    'metric;desc=\\',
    'metric;desc="',
    'metric;desc="\\',
    'metric;desc="\\"',
    'metric;desc=\\"',
    'metric;desc="unterminated',
  ])('gives no desc for the malformed %s', (header) => {
    expect(parseServerTiming(header)).toEqual([{ name: 'metric' }]);
  });

  it('does not split on commas and semicolons inside quotes', () => {
    expect(view(' metric2;dur="123.4";;desc=",;\\",;,";;,  metric  ;  desc = " \\", ;\\" "; dur=123.4,')).toEqual([
      'metric2|123.4|,;",;,',
      'metric|123.4| ", ;" ',
    ]);
  });
});

describe('parseServerTiming: nonsense', () => {
  it.each([' ', '=', '[', ']', ';', ',', '=;', ';=', '=,', ',=', ';,', ',;', '=;,', ''])(
    'returns [] for %j',
    (header) => {
      expect(parseServerTiming(header)).toEqual([]);
    },
  );

  it.each([
    ['metric=foo;dur;dur=123.4,metric2', ['metric|-|-', 'metric2|-|-']],
    ['metric"foo;dur;dur=123.4,metric2', ['metric|-|-']],
    ['met=ric', ['met|-|-']],
    ['met ric', ['met|-|-']],
    ['met[ric', ['met|-|-']],
    ['metric;desc=desc=123, metric2', ['metric|-|desc', 'metric2|-|-']],
    ['met ric;desc=de sc  , metric2', ['met|-|de', 'metric2|-|-']],
  ])('ignores extraneous characters in %s', (header, expected) => {
    expect(view(header)).toEqual(expected);
  });

  it('returns [] for null, undefined and an empty list', () => {
    expect(parseServerTiming(null)).toEqual([]);
    expect(parseServerTiming(undefined)).toEqual([]);
    expect(parseServerTiming([])).toEqual([]);
  });
});

describe('parseServerTiming: trace context carried in Server-Timing', () => {
  it('reads the Level 3 draft\'s "trace;desc=00-<trace-id>-<span-id>-<flags>"', () => {
    expect(
      parseServerTiming('trace;desc=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01, db;dur=12.3'),
    ).toEqual([
      { name: 'trace', desc: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      { name: 'db', dur: 12.3 },
    ]);
  });

  it("reads Sentry's sentry-trace and baggage metrics (baggage has commas inside quotes)", () => {
    expect(
      parseServerTiming(
        'sentry-trace;desc="12345678901234567890123456789012-1234567890123456-1", baggage;desc="sentry-environment=production,sentry-release=1.0.0"',
      ),
    ).toEqual([
      { name: 'sentry-trace', desc: '12345678901234567890123456789012-1234567890123456-1' },
      { name: 'baggage', desc: 'sentry-environment=production,sentry-release=1.0.0' },
    ]);
  });
});
