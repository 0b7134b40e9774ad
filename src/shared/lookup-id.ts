/**
 * What a pasted id can mean. People paste whatever their backend or log shows: a trace id, a span id,
 * a whole `traceparent` or `sentry-trace` value, a replay id from Sentry, a UUID-shaped id from a log
 * line, a request id. Pure: this only decides which ids to look for; src/shared/db/lookup.ts looks.
 */
import { isValidTraceId, normalizeSpanId, normalizeTraceId, parseSentryTrace, parseTraceparent } from './trace';

/** Which kind of id the text is said to be (a deep link's parameter name), or `any` to guess. */
export type LookupKind = 'trace' | 'span' | 'replay' | 'request' | 'any';

export interface LookupQuery {
  /** The text as given, trimmed: what messages quote. */
  text: string;
  /** A trace id to find in requests (sent or answered) and stored traces. */
  traceId: string | null;
  /** A span id to find in requests (sent or answered) and in stored traces' spans. */
  spanId: string | null;
  /** A session (replay) id. */
  sessionId: string | null;
  /** A request id (webRequest's number, or the page wrapper's `f1`, `x2`...). */
  requestId: string | null;
}

const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Request ids are short tokens; anything longer or with spaces is not one, and is not looked for. */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** A 32-hex id written as such or as a UUID with dashes (any case), or null. */
function hex32(text: string): string | null {
  const lower = text.toLowerCase();
  const hex = UUID.test(lower) ? lower.replaceAll('-', '') : lower;
  // All zeros is "no id" in W3C trace context, and no session or trace is ever given it.
  return HEX32.test(hex) && isValidTraceId(hex) ? hex : null;
}

const none = (text: string): LookupQuery => ({ text, traceId: null, spanId: null, sessionId: null, requestId: null });

/**
 * The ids to look for in `input`, or null when it cannot be an id of the kind asked for. With `any`, a
 * 32-hex id is both a trace id and a session id, and a 16-hex id both a span id and a 64-bit trace id
 * (Zipkin, Jaeger), as nothing in the text tells them apart.
 */
export function parseLookupId(input: string, kind: LookupKind = 'any'): LookupQuery | null {
  const text = input.trim();
  if (!text) return null;
  const header = headerIds(text.toLowerCase());
  const empty = none(text);
  switch (kind) {
    case 'trace': {
      const traceId = header?.traceId ?? hex32(text) ?? normalizeTraceId(text);
      return traceId ? { ...empty, traceId } : null;
    }
    case 'span': {
      const spanId = header?.spanId ?? normalizeSpanId(text);
      return spanId ? { ...empty, spanId } : null;
    }
    case 'replay': {
      const sessionId = hex32(text);
      return sessionId ? { ...empty, sessionId } : null;
    }
    case 'request':
      return REQUEST_ID.test(text) ? { ...empty, requestId: text } : null;
    case 'any': {
      if (header) return { ...empty, traceId: header.traceId, spanId: header.spanId };
      const id32 = hex32(text);
      if (id32) return { ...empty, traceId: id32, sessionId: id32 };
      const spanId = normalizeSpanId(text);
      if (spanId) return { ...empty, spanId, traceId: normalizeTraceId(spanId) };
      return REQUEST_ID.test(text) ? { ...empty, requestId: text } : null;
    }
  }
}

/** The trace and span a pasted `traceparent` or `sentry-trace` value names (lowercased: pasted from logs). */
function headerIds(text: string): { traceId: string; spanId: string } | null {
  const traceparent = parseTraceparent(text);
  if (traceparent) return { traceId: traceparent.traceId, spanId: traceparent.parentId };
  return parseSentryTrace(text);
}
