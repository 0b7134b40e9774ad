/**
 * Zipkin B3 propagation (https://github.com/openzipkin/b3-propagation): the single `b3` header
 * and the multiple `X-B3-*` headers. Trace ids may be 64-bit (16 hex) or 128-bit (32 hex); they are
 * returned as sent, so `normalizeTraceId` pads a 64-bit one to the W3C width.
 */
import { type HeaderInput, headerView } from './headers';
import { trimOws } from './text';

export type B3Sampling = 'accept' | 'deny' | 'debug';

export interface B3Context {
  /** 16 or 32 lowercase hex; null only in the sampling-only form (`b3: 0`). */
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  /** null = defer: the receiver decides. */
  sampling: B3Sampling | null;
}

const HEX16 = /^[0-9a-f]{16}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const ZEROS = /^0+$/;

// The README says "lower-hex"; like the W3C ids, uppercase and all-zero ids are rejected.
const isTraceId = (v: string): boolean => (HEX16.test(v) || HEX32.test(v)) && !ZEROS.test(v);
const isSpanId = (v: string): boolean => HEX16.test(v) && !ZEROS.test(v);

// A Map, not an object literal: a header value such as `constructor` must not find a prototype member.
const SINGLE_SAMPLING: ReadonlyMap<string, B3Sampling> = new Map([
  ['1', 'accept'],
  ['0', 'deny'],
  ['d', 'debug'],
]);
const SINGLE_SAMPLING_CHAR: Readonly<Record<B3Sampling, string>> = { accept: '1', deny: '0', debug: 'd' };
/** 32 + 1 + 16 + 1 + 1 + 1 + 16: the longest valid single header. */
const SINGLE_MAX_LENGTH = 68;

/** Parses `b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]` or the lone `0` / `1` / `d`. */
export function parseB3Single(value: string | null | undefined): B3Context | null {
  if (typeof value !== 'string') return null;
  const text = trimOws(value);
  if (text.length > SINGLE_MAX_LENGTH) return null;
  const only = SINGLE_SAMPLING.get(text);
  if (only) return { traceId: null, spanId: null, parentSpanId: null, sampling: only };

  const [traceId = '', spanId = '', samplingChar, parentSpanId, ...extra] = text.split('-');
  if (extra.length > 0 || !isTraceId(traceId) || !isSpanId(spanId)) return null;
  let sampling: B3Sampling | null = null;
  if (samplingChar !== undefined) {
    const parsed = SINGLE_SAMPLING.get(samplingChar);
    if (!parsed) return null;
    sampling = parsed;
  }
  if (parentSpanId !== undefined && !isSpanId(parentSpanId)) return null;
  return { traceId, spanId, parentSpanId: parentSpanId ?? null, sampling };
}

/**
 * The single-header form, or null when there is nothing valid to send. The format has no slot for
 * a parent span id without a sampling state, so a deferred context is written without its parent.
 */
export function formatB3Single(ctx: B3Context): string | null {
  if (ctx.traceId === null && ctx.spanId === null) return ctx.sampling ? SINGLE_SAMPLING_CHAR[ctx.sampling] : null;
  if (ctx.traceId === null || ctx.spanId === null || !isTraceId(ctx.traceId) || !isSpanId(ctx.spanId)) return null;
  let out = `${ctx.traceId}-${ctx.spanId}`;
  if (ctx.sampling) {
    out += `-${SINGLE_SAMPLING_CHAR[ctx.sampling]}`;
    if (ctx.parentSpanId !== null && isSpanId(ctx.parentSpanId)) out += `-${ctx.parentSpanId}`;
  }
  return out;
}

/** `X-B3-Sampled` accepts `1`/`0`, and leniently `true`/`false` (older tracers, as the README allows). */
function multiSampling(sampled: string | null, flags: string | null): B3Sampling | null {
  if (flags !== null && trimOws(flags) === '1') return 'debug';
  switch (sampled === null ? null : trimOws(sampled).toLowerCase()) {
    case '1':
    case 'true':
      return 'accept';
    case '0':
    case 'false':
      return 'deny';
    default:
      return null;
  }
}

/**
 * Parses the `X-B3-TraceId`, `X-B3-SpanId`, `X-B3-ParentSpanId`, `X-B3-Sampled` and `X-B3-Flags`
 * headers (names case-insensitive, first value wins). Returns null when there is no B3 state, or
 * when an id header is present but invalid (the context cannot be trusted then).
 */
export function parseB3Multi(headers: HeaderInput): B3Context | null {
  const view = headerView(headers);
  const traceId = view.get('x-b3-traceid');
  const spanId = view.get('x-b3-spanid');
  const parentSpanId = view.get('x-b3-parentspanid');
  const sampling = multiSampling(view.get('x-b3-sampled'), view.get('x-b3-flags'));

  if (traceId === null && spanId === null) {
    return sampling ? { traceId: null, spanId: null, parentSpanId: null, sampling } : null;
  }
  const t = trimOws(traceId ?? '');
  const s = trimOws(spanId ?? '');
  const p = parentSpanId === null ? null : trimOws(parentSpanId);
  if (!isTraceId(t) || !isSpanId(s) || (p !== null && !isSpanId(p))) return null;
  return { traceId: t, spanId: s, parentSpanId: p, sampling };
}

/** The multiple-header form. Debug is sent as `X-B3-Flags: 1` alone, as the README asks. */
export function formatB3Multi(ctx: B3Context): Record<string, string> {
  const out: Record<string, string> = {};
  if (ctx.traceId !== null && ctx.spanId !== null && isTraceId(ctx.traceId) && isSpanId(ctx.spanId)) {
    out['X-B3-TraceId'] = ctx.traceId;
    out['X-B3-SpanId'] = ctx.spanId;
    if (ctx.parentSpanId !== null && isSpanId(ctx.parentSpanId)) out['X-B3-ParentSpanId'] = ctx.parentSpanId;
  }
  if (ctx.sampling === 'debug') out['X-B3-Flags'] = '1';
  else if (ctx.sampling) out['X-B3-Sampled'] = ctx.sampling === 'accept' ? '1' : '0';
  return out;
}
