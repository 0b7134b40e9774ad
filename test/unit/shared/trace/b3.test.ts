import { describe, expect, it } from 'vitest';
import {
  type B3Context,
  formatB3Multi,
  formatB3Single,
  parseB3Multi,
  parseB3Single,
} from '../../../../src/shared/trace/b3';

// Examples from the openzipkin/b3-propagation README.
describe('parseB3Single', () => {
  it('reads "b3: 80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd1" by position', () => {
    // The README's prose example swaps span and parent relative to its own field definitions;
    // the positional definition ("the second position ... is the SpanId") is what parsers follow.
    expect(parseB3Single('80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd1')).toEqual({
      traceId: '80f198ee56343ba864fe8b2a57d3eff7',
      spanId: '05e3ac9a4f6e3b90',
      parentSpanId: 'e457b5a2e4d86bd1',
      sampling: 'accept',
    });
  });

  it('reads the shorter forms', () => {
    expect(parseB3Single('80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1')).toMatchObject({
      sampling: 'accept',
      parentSpanId: null,
    });
    expect(parseB3Single('80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-d')?.sampling).toBe('debug');
    expect(parseB3Single('80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90')?.sampling).toBeNull();
  });

  it('accepts a 64-bit trace id as sent', () => {
    expect(parseB3Single('463ac35c9f6413ad-a2fb4a1d1a96d312-0')).toEqual({
      traceId: '463ac35c9f6413ad',
      spanId: 'a2fb4a1d1a96d312',
      parentSpanId: null,
      sampling: 'deny',
    });
  });

  it.each([
    ['0', 'deny'],
    ['1', 'accept'],
    ['d', 'debug'],
  ])('reads the sampling-only form "b3: %s"', (value, sampling) => {
    expect(parseB3Single(value)).toEqual({ traceId: null, spanId: null, parentSpanId: null, sampling });
  });

  it.each([
    ['empty', ''],
    ['garbage', 'x'],
    ['a prototype member name', 'constructor'],
    ['uppercase hex', '80F198EE56343BA864FE8B2A57D3EFF7-05E3AC9A4F6E3B90-1'],
    ['a 20-hex trace id', '80f198ee56343ba864fe-05e3ac9a4f6e3b90-1'],
    ['a 15-hex span id', '80f198ee56343ba864fe8b2a57d3eff7-5e3ac9a4f6e3b90-1'],
    ['a zero trace id', '0000000000000000-05e3ac9a4f6e3b90-1'],
    ['sampling "true"', '80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-true'],
    ['a bad parent id', '80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-xyz'],
    ['five fields', '80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd1-1'],
    ['a trace id only', '80f198ee56343ba864fe8b2a57d3eff7'],
    ['sampling "2"', '2'],
  ])('rejects %s', (_, value) => {
    expect(parseB3Single(value)).toBeNull();
  });
});

describe('parseB3Multi', () => {
  it("reads the README's multiple-header example, names in any case", () => {
    expect(
      parseB3Multi({
        'X-B3-TraceId': '463ac35c9f6413ad48485a3953bb6124',
        'x-b3-spanid': 'a2fb4a1d1a96d312',
        'X-B3-PARENTSPANID': '0020000000000001',
        'X-B3-Sampled': '1',
      }),
    ).toEqual({
      traceId: '463ac35c9f6413ad48485a3953bb6124',
      spanId: 'a2fb4a1d1a96d312',
      parentSpanId: '0020000000000001',
      sampling: 'accept',
    });
  });

  it('reads webRequest-style arrays, first value winning', () => {
    expect(
      parseB3Multi([
        { name: 'X-B3-TraceId', value: '463ac35c9f6413ad' },
        { name: 'X-B3-SpanId', value: 'a2fb4a1d1a96d312' },
        { name: 'X-B3-SpanId', value: 'ffffffffffffffff' },
        { name: 'X-B3-Sampled' },
      ]),
    ).toEqual({ traceId: '463ac35c9f6413ad', spanId: 'a2fb4a1d1a96d312', parentSpanId: null, sampling: null });
  });

  it('treats X-B3-Flags: 1 as debug and accepts the legacy true/false', () => {
    const ids = { 'X-B3-TraceId': '463ac35c9f6413ad', 'X-B3-SpanId': 'a2fb4a1d1a96d312' };
    expect(parseB3Multi({ ...ids, 'X-B3-Flags': '1', 'X-B3-Sampled': '0' })?.sampling).toBe('debug');
    expect(parseB3Multi({ ...ids, 'X-B3-Sampled': 'true' })?.sampling).toBe('accept');
    expect(parseB3Multi({ ...ids, 'X-B3-Sampled': 'false' })?.sampling).toBe('deny');
  });

  it('reads a sampling decision sent without ids ("X-B3-Sampled: 0")', () => {
    expect(parseB3Multi({ 'X-B3-Sampled': '0' })).toEqual({
      traceId: null,
      spanId: null,
      parentSpanId: null,
      sampling: 'deny',
    });
  });

  it('returns null without B3 headers or with an invalid id', () => {
    expect(parseB3Multi({})).toBeNull();
    expect(parseB3Multi({ 'X-B3-TraceId': '463ac35c9f6413ad' })).toBeNull();
    expect(parseB3Multi({ 'X-B3-TraceId': 'nope', 'X-B3-SpanId': 'a2fb4a1d1a96d312' })).toBeNull();
    expect(
      parseB3Multi({ 'X-B3-TraceId': '463ac35c9f6413ad', 'X-B3-SpanId': 'a2fb4a1d1a96d312', 'X-B3-ParentSpanId': '1' }),
    ).toBeNull();
  });
});

const full: B3Context = {
  traceId: '80f198ee56343ba864fe8b2a57d3eff7',
  spanId: '05e3ac9a4f6e3b90',
  parentSpanId: 'e457b5a2e4d86bd1',
  sampling: 'accept',
};

describe('formatB3Single / formatB3Multi', () => {
  it("writes the README's single header", () => {
    expect(formatB3Single(full)).toBe('80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90-1-e457b5a2e4d86bd1');
    expect(formatB3Single({ traceId: null, spanId: null, parentSpanId: null, sampling: 'deny' })).toBe('0');
  });

  it('cannot write a parent without a sampling state, so leaves it out', () => {
    expect(formatB3Single({ ...full, sampling: null })).toBe('80f198ee56343ba864fe8b2a57d3eff7-05e3ac9a4f6e3b90');
  });

  it('returns null when there is nothing valid to write', () => {
    expect(formatB3Single({ traceId: null, spanId: null, parentSpanId: null, sampling: null })).toBeNull();
    expect(formatB3Single({ ...full, spanId: 'bad' })).toBeNull();
  });

  it('writes debug as X-B3-Flags alone, as the README asks', () => {
    expect(formatB3Multi({ ...full, sampling: 'debug' })).toEqual({
      'X-B3-TraceId': full.traceId,
      'X-B3-SpanId': full.spanId,
      'X-B3-ParentSpanId': full.parentSpanId,
      'X-B3-Flags': '1',
    });
  });

  const contexts: B3Context[] = [
    full,
    { ...full, sampling: 'deny' },
    { ...full, sampling: 'debug' },
    { traceId: '463ac35c9f6413ad', spanId: 'a2fb4a1d1a96d312', parentSpanId: null, sampling: 'accept' },
    { traceId: null, spanId: null, parentSpanId: null, sampling: 'debug' },
  ];

  it.each(contexts)('round-trips the single header: %o', (ctx) => {
    expect(parseB3Single(formatB3Single(ctx))).toEqual(ctx);
  });

  it.each([...contexts, { ...full, sampling: null }])('round-trips the multiple headers: %o', (ctx) => {
    expect(parseB3Multi(formatB3Multi(ctx))).toEqual(ctx);
  });
});
