import { describe, expect, it } from 'vitest';
import {
  decimalToHex64,
  mergeBaggage,
  normalizeTraceId,
  parseB3Multi,
  parseB3Single,
  parseBaggage,
  parseCloudTraceContext,
  parseDatadogTraceId,
  parseSentryTrace,
  parseServerTiming,
  parseTraceparent,
  parseTracestate,
  parseUberTraceId,
  parseXRayTraceId,
  traceIdsFromResponseHeaders,
} from '../../../../src/shared/trace';

// Header values come from arbitrary servers and pages. Each parser must answer a 100 KB value
// quickly (linear time: no backtracking regex over the whole input) and must not throw.
const SIZE = 100_000;
const HUGE = {
  letters: 'a'.repeat(SIZE),
  spaces: `${' '.repeat(SIZE)}x`,
  tabsAroundValue: `${'\t'.repeat(SIZE / 2)}00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01${' '.repeat(SIZE / 2)}`,
  quotes: '"'.repeat(SIZE),
  escapes: `m;desc="${'\\"'.repeat(SIZE / 2)}`,
  commas: ','.repeat(SIZE),
  semicolons: `m${';'.repeat(SIZE)}`,
  equals: '='.repeat(SIZE),
  dashes: '-'.repeat(SIZE),
  zeros: '0'.repeat(SIZE),
  percents: `k=${'%'.repeat(SIZE)}`,
  encoded: `k=${'%C3%A9'.repeat(SIZE / 6)}`,
  members: 'k=v,'.repeat(SIZE / 4),
  params: `m${';dur=1'.repeat(SIZE / 6)}`,
  metrics: 'db;dur=1, '.repeat(SIZE / 10),
  unicode: 'é'.repeat(SIZE),
};

// Catches quadratic work, which takes seconds on 100 KB, not a slow machine: unit tests share the CPU.
const BUDGET_MS = 1000;

const parsers: Record<string, (value: string) => unknown> = {
  parseTraceparent,
  parseTracestate,
  parseBaggage,
  mergeBaggage: (v) => mergeBaggage(v, { 'sentry-replay_id': '0123456789abcdef0123456789abcdef' }),
  parseSentryTrace,
  parseB3Single,
  parseB3Multi: (v) => parseB3Multi({ 'x-b3-traceid': v, 'x-b3-spanid': v, 'x-b3-sampled': v }),
  parseServerTiming,
  parseXRayTraceId,
  parseCloudTraceContext,
  parseUberTraceId,
  parseDatadogTraceId: (v) => parseDatadogTraceId({ traceId: v, parentId: v, tags: v }),
  normalizeTraceId,
  decimalToHex64,
  traceIdsFromResponseHeaders: (v) =>
    traceIdsFromResponseHeaders(
      ['server-timing', 'traceparent', 'sentry-trace', 'b3', 'x-amzn-trace-id', 'uber-trace-id', 'x-request-id'].map(
        (name) => ({
          name,
          value: v,
        }),
      ),
    ),
};

describe.each(Object.entries(parsers))('%s on 100 KB values', (_, parse) => {
  it.each(Object.entries(HUGE))('%s: returns quickly without throwing', (_, value) => {
    const start = performance.now();
    expect(() => parse(value)).not.toThrow();
    expect(performance.now() - start).toBeLessThan(BUDGET_MS);
  });
});

describe('what the parsers make of 100 KB values', () => {
  it('rejects oversized ids', () => {
    for (const value of Object.values(HUGE)) {
      expect(parseTraceparent(value) === null || value === HUGE.tabsAroundValue).toBe(true);
      expect(parseSentryTrace(value)).toBeNull();
      expect(parseB3Single(value)).toBeNull();
    }
  });

  it('still finds a traceparent padded with 100 KB of whitespace', () => {
    expect(parseTraceparent(HUGE.tabsAroundValue)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('parses every member of a huge baggage, but merges nothing into it', () => {
    expect(parseBaggage(HUGE.members)).toHaveLength(SIZE / 4);
    const merged = mergeBaggage(HUGE.members, { 'sentry-replay_id': '0123456789abcdef0123456789abcdef' });
    expect(merged.dropped).toEqual(['sentry-replay_id']);
  });

  it('keeps the first of many repeated params and every one of many metrics', () => {
    expect(parseServerTiming(HUGE.params)).toEqual([{ name: 'm', dur: 1 }]);
    expect(parseServerTiming(HUGE.metrics)).toHaveLength(SIZE / 10);
  });

  it('caps the correlation id it keeps', () => {
    expect(traceIdsFromResponseHeaders({ 'x-request-id': HUGE.letters }).correlationId).toHaveLength(256);
  });
});
