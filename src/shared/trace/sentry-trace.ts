/**
 * Sentry's `sentry-trace` header: `traceid-spanid[-sampled]` (develop.sentry.dev, "sentry-trace").
 * Sentry backends continue a trace from this header (and `baggage`) but not from a bare
 * `traceparent`, so it is what links a recording to a Sentry-instrumented backend.
 */
import { isValidSpanId, isValidTraceId } from './ids';
import { trimOws } from './text';

export interface SentryTrace {
  traceId: string;
  spanId: string;
  /** `-1` / `-0`; null when the sampling part is absent (the receiver decides). */
  sampled: boolean | null;
}

// Same shape as the Sentry SDKs' own TRACEPARENT_REGEXP, but with both ids required: the
// developer docs say "at a minimum, it's expected: sentry-trace = traceid-spanid".
const SENTRY_TRACE = /^([0-9a-f]{32})-([0-9a-f]{16})(?:-([01]))?$/;
/** 32 + 1 + 16 + 2: nothing longer can match, so the regex never sees a huge input. */
const MAX_LENGTH = 51;

export function parseSentryTrace(value: string | null | undefined): SentryTrace | null {
  if (typeof value !== 'string') return null;
  const text = trimOws(value);
  if (text.length > MAX_LENGTH) return null;
  const match = SENTRY_TRACE.exec(text);
  if (!match) return null;
  const [, traceId = '', spanId = '', sampled] = match;
  // All-zero ids are not valid in Sentry either (its SDKs never generate them), and they would
  // link every such response to one bogus trace.
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return null;
  return { traceId, spanId, sampled: sampled === undefined ? null : sampled === '1' };
}

/** A `sentry-trace` value, or null when an id is not valid lowercase hex (ids are lowercased first). */
export function formatSentryTrace(ctx: { traceId: string; spanId: string; sampled: boolean | null }): string | null {
  const traceId = ctx.traceId.toLowerCase();
  const spanId = ctx.spanId.toLowerCase();
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return null;
  const sampled = ctx.sampled === null ? '' : ctx.sampled ? '-1' : '-0';
  return `${traceId}-${spanId}${sampled}`;
}
