import { describe, expect, it } from 'vitest';
import {
  decimalToHex64,
  isValidSpanId,
  isValidTraceId,
  normalizeSpanId,
  normalizeTraceId,
  padHexId,
} from '../../../../src/shared/trace/ids';

// Ids from the W3C Trace Context examples: trace-id `4bf92f3577b34da6a3ce929d0e0e4736`,
// parent-id `00f067aa0ba902b7`.
const W3C_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const W3C_SPAN = '00f067aa0ba902b7';

describe('isValidTraceId / isValidSpanId', () => {
  it('accepts the W3C example ids', () => {
    expect(isValidTraceId(W3C_TRACE)).toBe(true);
    expect(isValidSpanId(W3C_SPAN)).toBe(true);
  });

  it.each([
    ['all zeros (the spec calls it invalid)', '00000000000000000000000000000000'],
    ['uppercase (HEXDIGLC)', W3C_TRACE.toUpperCase()],
    ['31 characters', W3C_TRACE.slice(1)],
    ['33 characters', `${W3C_TRACE}0`],
    ['a non-hex character', `${W3C_TRACE.slice(0, 31)}g`],
    ['surrounding space', ` ${W3C_TRACE.slice(1)}`],
    ['empty', ''],
    ['a span id', W3C_SPAN],
  ])('rejects a trace id with %s', (_, value) => {
    expect(isValidTraceId(value)).toBe(false);
  });

  it.each([
    ['all zeros', '0000000000000000'],
    ['uppercase', W3C_SPAN.toUpperCase()],
    ['15 characters', W3C_SPAN.slice(1)],
    ['17 characters', `${W3C_SPAN}1`],
    ['a trace id', W3C_TRACE],
  ])('rejects a span id with %s', (_, value) => {
    expect(isValidSpanId(value)).toBe(false);
  });
});

describe('normalizeTraceId', () => {
  it('lowercases a 32-hex id', () => {
    expect(normalizeTraceId(W3C_TRACE.toUpperCase())).toBe(W3C_TRACE);
  });

  it('left-pads a 64-bit id to 32 characters, as OpenTelemetry does for B3', () => {
    // B3 README: "The X-B3-TraceId header is required and is encoded as 32 or 16 lower-hex characters".
    expect(normalizeTraceId('463ac35c9f6413ad')).toBe('0000000000000000463ac35c9f6413ad');
  });

  it('trims optional whitespace', () => {
    expect(normalizeTraceId(`\t ${W3C_TRACE} `)).toBe(W3C_TRACE);
  });

  it.each([
    ['all zeros', '00000000000000000000000000000000'],
    ['a zero 64-bit id', '0000000000000000'],
    ['20 characters', '463ac35c9f6413ad0000'],
    ['non-hex', 'zzzzzzzzzzzzzzzz'],
    ['a dashed UUID', '4bf92f35-77b3-4da6-a3ce-929d0e0e4736'],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
  ])('returns null for %s', (_, value) => {
    expect(normalizeTraceId(value)).toBeNull();
  });
});

describe('normalizeSpanId', () => {
  it('lowercases and validates', () => {
    expect(normalizeSpanId('53995C3F42CD8AD8')).toBe('53995c3f42cd8ad8');
    expect(normalizeSpanId('0000000000000000')).toBeNull();
    expect(normalizeSpanId('53995c3f42cd8ad')).toBeNull();
    expect(normalizeSpanId(null)).toBeNull();
  });
});

describe('padHexId', () => {
  it('restores the leading zeros Jaeger clients drop', () => {
    expect(padHexId('deadbeef', 32)).toBe('000000000000000000000000deadbeef');
    expect(padHexId('DEADBEF0', 16)).toBe('00000000deadbef0');
  });

  it('rejects ids that are too long, empty, zero or not hex', () => {
    expect(padHexId('1'.repeat(17), 16)).toBeNull();
    expect(padHexId('', 16)).toBeNull();
    expect(padHexId('0', 16)).toBeNull();
    expect(padHexId('xyz', 16)).toBeNull();
  });
});

describe('decimalToHex64', () => {
  it.each([
    // Datadog's own conversion example: W3C 18962fdd9eea517f2ae0771ea69d6e16 -> DD 3089600317904219670.
    ['3089600317904219670', '2ae0771ea69d6e16'],
    // App Engine's X-Cloud-Trace-Context example span `789`.
    ['789', '0000000000000315'],
    ['1', '0000000000000001'],
    ['18446744073709551615', 'ffffffffffffffff'],
    ['0042', '000000000000002a'],
  ])('converts %s to %s', (decimal, hex) => {
    expect(decimalToHex64(decimal)).toBe(hex);
  });

  it.each(['0', '18446744073709551616', '-1', '12a', '', '1e5', '1.5', '9'.repeat(30)])('rejects %s', (value) => {
    expect(decimalToHex64(value)).toBeNull();
  });
});
