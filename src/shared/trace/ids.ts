/**
 * Trace and span ids in the one shape the rest of Tandem stores and joins on: the W3C Trace Context
 * form, lowercase hex, 32 characters for a trace id and 16 for a span id, never all zeros.
 * Every vendor header is converted into this shape before it leaves the parsers.
 */
import { trimOws } from './text';

export const TRACE_ID_LENGTH = 32;
export const SPAN_ID_LENGTH = 16;

const LOWER_HEX = /^[0-9a-f]+$/;
const ANY_HEX = /^[0-9a-fA-F]+$/;
const ALL_ZEROS = /^0+$/;
const DECIMAL = /^[0-9]+$/;
const UINT64_MAX = (1n << 64n) - 1n;

function isLowerHexId(value: string, length: number): boolean {
  // Length first: the regexes then only ever run on 16 or 32 characters, whatever the input size.
  return value.length === length && LOWER_HEX.test(value) && !ALL_ZEROS.test(value);
}

/** W3C `trace-id`: 32 lowercase hex characters, not all zeros (uppercase is invalid on the wire). */
export const isValidTraceId = (value: string): boolean => isLowerHexId(value, TRACE_ID_LENGTH);

/** W3C `parent-id` / span id: 16 lowercase hex characters, not all zeros. */
export const isValidSpanId = (value: string): boolean => isLowerHexId(value, SPAN_ID_LENGTH);

/**
 * A trace id from a lenient source (a vendor header, a log line) in W3C form, or null.
 * Accepts 32 or 16 hex characters in any case; a 64-bit id is left-padded with zeros, which is what
 * OpenTelemetry's B3 and Jaeger propagators do, so the padded id matches the one the backend exported.
 */
export function normalizeTraceId(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const hex = trimOws(value);
  if (hex.length !== TRACE_ID_LENGTH && hex.length !== SPAN_ID_LENGTH) return null;
  if (!ANY_HEX.test(hex)) return null;
  const padded = hex.toLowerCase().padStart(TRACE_ID_LENGTH, '0');
  return isValidTraceId(padded) ? padded : null;
}

/** A span id from a lenient source in W3C form (16 lowercase hex), or null. */
export function normalizeSpanId(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const hex = trimOws(value).toLowerCase();
  return isValidSpanId(hex) ? hex : null;
}

/**
 * Left-pads a hex id that its producer wrote without leading zeros (Jaeger's `uber-trace-id` does)
 * to `length` characters. Returns null for non-hex input, input longer than `length`, or zero.
 */
export function padHexId(value: string, length: number): string | null {
  if (value.length === 0 || value.length > length || !ANY_HEX.test(value)) return null;
  const padded = value.toLowerCase().padStart(length, '0');
  return ALL_ZEROS.test(padded) ? null : padded;
}

/**
 * An unsigned 64-bit decimal id (Datadog's `x-datadog-trace-id`, the span part of Google's
 * `X-Cloud-Trace-Context`) as 16 lowercase hex characters, or null when it is not a decimal
 * number in 1..2^64-1. BigInt because the values exceed Number's 53-bit precision.
 */
export function decimalToHex64(value: string): string | null {
  const digits = trimOws(value);
  // 20 digits is the width of 2^64-1; a few leading zeros are tolerated, a page of them is not.
  if (digits.length > 40) return null;
  const significant = digits.replace(/^0+(?=\d)/, '');
  if (significant.length === 0 || significant.length > 20 || !DECIMAL.test(significant)) return null;
  const n = BigInt(significant);
  if (n === 0n || n > UINT64_MAX) return null;
  return n.toString(16).padStart(SPAN_ID_LENGTH, '0');
}
