/**
 * Trace and span ids as the wire formats spell them, converted to the model's lowercase hex:
 * hex in OTLP/JSON, Jaeger and Zipkin (any case, 64-bit trace ids unpadded), base64 in Tempo's
 * jsonpb (`bytes` fields), zero-padded 16-byte base64 for Tempo's legacy 64-bit ids.
 */
import {
  isValidSpanId,
  isValidTraceId,
  normalizeSpanId,
  normalizeTraceId,
  padHexId,
  SPAN_ID_LENGTH,
  TRACE_ID_LENGTH,
} from '../trace/ids';
import { fail } from './result';

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALL_ZEROS = /^0+$/;

/** Decodes standard base64 (padding optional) to lowercase hex, or null. Only called on short ids. */
export function base64ToHex(value: string): string | null {
  if (value.length === 0 || value.length > 64 || !BASE64.test(value)) return null;
  const digits = value.replace(/=+$/, '');
  if (digits.length % 4 === 1) return null;
  let bits = 0;
  let buffered = 0;
  let hex = '';
  for (const char of digits) {
    buffered = (buffered << 6) | BASE64_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((buffered >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/**
 * Lowercase hex: hex as is (up to `hexLength` characters, padded later), otherwise base64 that
 * decodes to an 8- or `hexLength / 2`-byte id. Lengths decide: 32/16 hex characters are never the
 * base64 of a 16/8-byte id (24/12 characters).
 */
function wireToHex(value: string, hexLength: number): string | null {
  if (value.length <= hexLength && HEX.test(value)) return value.toLowerCase();
  const hex = base64ToHex(value);
  return hex !== null && (hex.length === hexLength || hex.length === SPAN_ID_LENGTH) ? hex : null;
}

/** A trace id from any wire spelling, 32 lowercase hex; fails on anything else (zero included). */
export function traceIdFrom(value: string, where: string): string {
  // Already in the model's form (what most producers send): the conversion below would return it as is.
  if (isValidTraceId(value)) return value;
  const hex = wireToHex(value, TRACE_ID_LENGTH);
  const id = hex === null ? null : normalizeTraceId(padHexId(hex, TRACE_ID_LENGTH) ?? '');
  return id ?? fail(`${where}: invalid trace id ${JSON.stringify(value.slice(0, 64))}`);
}

/** A span id from any wire spelling, 16 lowercase hex; fails on anything else (zero included). */
export function spanIdFrom(value: string, where: string): string {
  if (isValidSpanId(value)) return value;
  const hex = wireToHex(value, SPAN_ID_LENGTH);
  const id = hex === null ? null : normalizeSpanId(padHexId(hex, SPAN_ID_LENGTH) ?? '');
  return id ?? fail(`${where}: invalid span id ${JSON.stringify(value.slice(0, 64))}`);
}

/** A parent span id: absent, empty or all zeros mean "root" (every format uses one of the three). */
export function parentIdFrom(value: string | null | undefined, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const hex = wireToHex(value, SPAN_ID_LENGTH);
  if (hex !== null && ALL_ZEROS.test(hex)) return undefined;
  return spanIdFrom(value, where);
}
