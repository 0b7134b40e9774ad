/**
 * Which trace headers a request gets, and with which ids. Pure, shared by the MAIN-world wrapper (which
 * sets them) and the background (dry runs, diagnostics). Rules:
 * - only the page's own origin by default: page-added headers make cross-origin requests preflight;
 * - a trace header the page already set is never overwritten: its trace id is adopted for the others;
 * - baggage is merged into the page's own (sentry-replay_id, session.id), within the spec's limits.
 * Imports no zod: it runs in the page's main world.
 */
import type { Propagator } from './settings';
import { mergeBaggage } from './trace/baggage';
import { formatB3Multi, formatB3Single, parseB3Multi, parseB3Single } from './trace/b3';
import { formatSentryTrace, parseSentryTrace } from './trace/sentry-trace';
import { formatTraceparent, parseTraceparent } from './trace/traceparent';
import { compileUrlPattern } from './url-match';

export interface PropagationTarget {
  urls: string[];
  propagators: Propagator[];
}

/** What the wrapper needs; sent by the background with every `record` (see protocol.ts). */
export interface WrapperConfig {
  replayId: string;
  sameOrigin: Propagator[];
  targets: PropagationTarget[];
  /** Origins where a preflight failed this session: nothing is added there any more. */
  blockedOrigins: string[];
  traceMode: 'request' | 'interaction';
  bodies: { urls: string[]; maxBytes: number };
}

export interface TraceIds {
  traceId: string;
  spanId: string;
}

export interface PropagationResult {
  /** Headers to add (never one the page set). */
  headers: Record<string, string>;
  traceId: string;
  spanId: string;
  /** The page had its own trace header; its trace id was used. */
  adopted: boolean;
}

export type HeaderGet = (name: string) => string | null;

/** The propagators for a request to `url` from a page at `pageOrigin`; [] when it is no target. */
export function propagatorsFor(url: string, pageOrigin: string, config: Pick<WrapperConfig, 'sameOrigin' | 'targets' | 'blockedOrigins'>): Propagator[] {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return [];
  }
  if (config.blockedOrigins.includes(origin)) return [];
  if (origin === pageOrigin) return config.sameOrigin;
  const target = config.targets.find((t) => t.urls.some((p) => compileUrlPattern(p).test(url)));
  return target ? target.propagators : [];
}

/** The page's own trace context, if it set one, from the first header that parses. */
export function existingTrace(get: HeaderGet): TraceIds | null {
  const tp = parseTraceparent(get('traceparent'));
  if (tp) return { traceId: tp.traceId, spanId: tp.parentId };
  const st = parseSentryTrace(get('sentry-trace'));
  if (st) return { traceId: st.traceId, spanId: st.spanId };
  const b3 = parseB3Single(get('b3')) ?? parseB3Multi({ 'x-b3-traceid': get('x-b3-traceid') ?? '', 'x-b3-spanid': get('x-b3-spanid') ?? '' });
  if (b3?.traceId && b3.spanId) return { traceId: b3.traceId.padStart(32, '0'), spanId: b3.spanId };
  return null;
}

export function propagationHeaders(get: HeaderGet, propagators: readonly Propagator[], fresh: TraceIds, replayId: string): PropagationResult {
  const own = existingTrace(get);
  const { traceId, spanId } = own ?? fresh;
  const headers: Record<string, string> = {};
  const add = (name: string, value: string | null) => {
    if (value !== null && get(name) === null) headers[name] = value;
  };
  for (const p of propagators) {
    switch (p) {
      case 'tracecontext':
        add('traceparent', formatTraceparent({ traceId, spanId, sampled: true }));
        break;
      case 'sentry':
        add('sentry-trace', formatSentryTrace({ traceId, spanId, sampled: true }));
        break;
      case 'b3':
        add('b3', formatB3Single({ traceId, spanId, parentSpanId: null, sampling: 'accept' }));
        break;
      case 'b3multi':
        if (get('x-b3-traceid') === null) for (const [k, v] of Object.entries(formatB3Multi({ traceId, spanId, parentSpanId: null, sampling: 'accept' }))) add(k.toLowerCase(), v);
        break;
      case 'baggage': {
        const additions: Record<string, string> = { 'sentry-replay_id': replayId, 'session.id': replayId };
        if (propagators.includes('sentry')) additions['sentry-trace_id'] = traceId;
        // Baggage is a list the page may own: merged, not skipped, and replay keys never duplicated.
        headers.baggage = mergeBaggage(get('baggage'), additions).value;
        break;
      }
      case 'replay-id':
        add('x-session-replay-id', replayId);
        break;
    }
  }
  return { headers, traceId, spanId, adopted: own !== null };
}
