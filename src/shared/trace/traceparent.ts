/**
 * W3C Trace Context `traceparent` and `tracestate` (https://www.w3.org/TR/trace-context/).
 * The same value grammar is used by the legacy `traceresponse` header and by the Level 3 draft's
 * `Server-Timing: trace;desc=...` metric, so those reuse `parseTraceparent`.
 */
import { isValidSpanId, isValidTraceId } from './ids';
import { trimOws } from './text';

export interface Traceparent {
  /** Two lowercase hex characters; `00` today. */
  version: string;
  traceId: string;
  /** The caller's span id (`parent-id` in the spec, `child-id` in a trace response). */
  parentId: string;
  /** The 8-bit `trace-flags` field as a number; mask it, do not compare it. */
  flags: number;
  sampled: boolean;
}

const SAMPLED_FLAG = 0x01;
/** `00-` + 32 + `-` + 16 + `-` + 2: the exact length of a version-00 value. */
const V00_LENGTH = 55;
const TWO_LOWER_HEX = /^[0-9a-f]{2}$/;

/**
 * Parses a `traceparent` value, or returns null when the spec says to ignore it.
 *
 * Version `00` must be exactly 55 characters (anything after the flags is invalid). A higher
 * version is parsed the way the spec's "Versioning of traceparent" section asks: the first three
 * fields are read at their version-00 positions and whatever follows a dash after the flags is
 * ignored. Version `ff`, uppercase hex and all-zero ids are invalid. Surrounding spaces and tabs
 * are optional whitespace and are ignored, as the W3C test suite expects.
 */
export function parseTraceparent(value: string | null | undefined): Traceparent | null {
  if (typeof value !== 'string') return null;
  const text = trimOws(value);
  if (text.length < V00_LENGTH) return null;

  const version = text.slice(0, 2);
  if (!TWO_LOWER_HEX.test(version) || version === 'ff' || text.charAt(2) !== '-') return null;
  if (version === '00' && text.length !== V00_LENGTH) return null;

  const traceId = text.slice(3, 35);
  const parentId = text.slice(36, 52);
  const flagsHex = text.slice(53, 55);
  if (text.charAt(35) !== '-' || text.charAt(52) !== '-') return null;
  if (text.length > V00_LENGTH && text.charAt(V00_LENGTH) !== '-') return null;
  if (!isValidTraceId(traceId) || !isValidSpanId(parentId) || !TWO_LOWER_HEX.test(flagsHex)) return null;

  const flags = Number.parseInt(flagsHex, 16);
  return { version, traceId, parentId, flags, sampled: (flags & SAMPLED_FLAG) === SAMPLED_FLAG };
}

/**
 * A version-00 `traceparent` for the given context, or null when an id is not valid W3C hex.
 * Ids are lowercased first; only the sampled flag is ever set (the spec reserves the other bits).
 */
export function formatTraceparent(ctx: { traceId: string; spanId: string; sampled: boolean }): string | null {
  const traceId = ctx.traceId.toLowerCase();
  const spanId = ctx.spanId.toLowerCase();
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return null;
  return `00-${traceId}-${spanId}-${ctx.sampled ? '01' : '00'}`;
}

export interface TracestateMember {
  key: string;
  value: string;
}

export const TRACESTATE_MAX_MEMBERS = 32;

// Trace Context Level 1 key grammar (the Recommendation, and what the W3C test suite checks):
// simple-key = lcalpha 0*255(keychar); multi-tenant-key = tenant-id "@" system-id with a tenant of
// at most 241 and a system id of at most 14 characters.
const SIMPLE_KEY = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const MULTI_TENANT_KEY = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;
// value = 0*255(chr) nblk-chr; chr is printable ASCII except `,` and `=`; the last is not a space.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const MAX_KEY_LENGTH = 256;

export function isValidTracestateKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && (SIMPLE_KEY.test(key) || MULTI_TENANT_KEY.test(key));
}

export function isValidTracestateValue(value: string): boolean {
  return value.length <= MAX_KEY_LENGTH && VALUE.test(value);
}

/**
 * Parses a `tracestate` value into its members, in order (leftmost = most recent vendor).
 * Tolerant by design, because Tandem only reads it: empty and invalid members are dropped one by
 * one, a repeated key keeps its first (leftmost) entry, and only the first 32 valid members are
 * kept (the spec truncates from the end). The W3C test suite is stricter and discards the whole
 * header on any of these; callers that propagate the header should check `formatTracestate`.
 */
export function parseTracestate(value: string | null | undefined): TracestateMember[] {
  if (typeof value !== 'string') return [];
  const members: TracestateMember[] = [];
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    if (members.length === TRACESTATE_MAX_MEMBERS) break;
    const member = trimOws(raw);
    const eq = member.indexOf('=');
    if (eq <= 0) continue;
    const key = member.slice(0, eq);
    const memberValue = member.slice(eq + 1);
    if (seen.has(key) || !isValidTracestateKey(key) || !isValidTracestateValue(memberValue)) continue;
    seen.add(key);
    members.push({ key, value: memberValue });
  }
  return members;
}

/** Serializes members with the same rules: invalid and repeated keys are left out, at most 32 are kept. */
export function formatTracestate(members: readonly TracestateMember[]): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { key, value } of members) {
    if (out.length === TRACESTATE_MAX_MEMBERS) break;
    if (seen.has(key) || !isValidTracestateKey(key) || !isValidTracestateValue(value)) continue;
    seen.add(key);
    out.push(`${key}=${value}`);
  }
  return out.join(',');
}
