import { describe, expect, it } from 'vitest';
import { formatSentryTrace, parseSentryTrace } from '../../../../src/shared/trace/sentry-trace';

// "sentry-trace = traceid-spanid-sampled ... sampled being optional. So at a minimum, it's expected:
// sentry-trace = traceid-spanid" (develop.sentry.dev). Values from Sentry's SDK test fixtures.
describe('parseSentryTrace', () => {
  it('reads traceid-spanid-sampled', () => {
    expect(parseSentryTrace('771a43a4192642f0b136d5159a501700-1234567890abcdef-1')).toEqual({
      traceId: '771a43a4192642f0b136d5159a501700',
      spanId: '1234567890abcdef',
      sampled: true,
    });
    expect(parseSentryTrace('771a43a4192642f0b136d5159a501700-1234567890abcdef-0')?.sampled).toBe(false);
  });

  it('reads traceid-spanid, leaving the sampling decision open', () => {
    expect(parseSentryTrace('5bd5f6d346b442dd9177dce9302fd737-2000000000000000')).toEqual({
      traceId: '5bd5f6d346b442dd9177dce9302fd737',
      spanId: '2000000000000000',
      sampled: null,
    });
  });

  it("ignores surrounding whitespace, as the SDKs' regex does", () => {
    expect(parseSentryTrace(' \t771a43a4192642f0b136d5159a501700-1234567890abcdef-1 ')?.traceId).toBe(
      '771a43a4192642f0b136d5159a501700',
    );
  });

  it.each([
    ['empty', ''],
    ['a trace id only', '771a43a4192642f0b136d5159a501700'],
    ['uppercase hex', '771A43A4192642F0B136D5159A501700-1234567890ABCDEF-1'],
    ['a short trace id', '71a43a4192642f0b136d5159a501700-1234567890abcdef-1'],
    ['a short span id', '771a43a4192642f0b136d5159a501700-234567890abcdef-1'],
    ['sampled 2', '771a43a4192642f0b136d5159a501700-1234567890abcdef-2'],
    ['a fourth field', '771a43a4192642f0b136d5159a501700-1234567890abcdef-1-1'],
    ['a traceparent', '00-771a43a4192642f0b136d5159a501700-1234567890abcdef-01'],
    ['a zero trace id', '00000000000000000000000000000000-1234567890abcdef-1'],
    ['a zero span id', '771a43a4192642f0b136d5159a501700-0000000000000000-1'],
    ['a placeholder (Sentry unit test)', 'fallback-trace-id-1234567890123456-0'],
  ])('rejects %s', (_, value) => {
    expect(parseSentryTrace(value)).toBeNull();
  });

  it('returns null for null and undefined', () => {
    expect(parseSentryTrace(null)).toBeNull();
    expect(parseSentryTrace(undefined)).toBeNull();
  });
});

describe('formatSentryTrace', () => {
  it.each([true, false, null])('round-trips parse(format(x)) with sampled=%s', (sampled) => {
    const ctx = { traceId: '12345678901234567890123456789012', spanId: '1234567890123456', sampled };
    expect(parseSentryTrace(formatSentryTrace(ctx))).toEqual(ctx);
  });

  it('writes the three shapes and lowercases ids', () => {
    const ids = { traceId: '771A43A4192642F0B136D5159A501700', spanId: '1234567890ABCDEF' };
    expect(formatSentryTrace({ ...ids, sampled: true })).toBe('771a43a4192642f0b136d5159a501700-1234567890abcdef-1');
    expect(formatSentryTrace({ ...ids, sampled: false })).toBe('771a43a4192642f0b136d5159a501700-1234567890abcdef-0');
    expect(formatSentryTrace({ ...ids, sampled: null })).toBe('771a43a4192642f0b136d5159a501700-1234567890abcdef');
  });

  it('returns null for invalid ids', () => {
    expect(formatSentryTrace({ traceId: 'nope', spanId: '1234567890abcdef', sampled: true })).toBeNull();
  });
});
