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
import { parseB3Multi, parseB3Single } from './trace/b3';
import { parseSentryTrace } from './trace/sentry-trace';
import { parseTraceparent } from './trace/traceparent';
import { compileUrlPattern } from './url-match';

export interface PropagationTarget {
  urls: string[];
  propagators: Propagator[];
  /** Pages (URL patterns) whose requests may get this target; by default those on its URLs' site (wrapper-scope.ts). */
  pages?: string[];
}

/** What the wrapper needs; sent by the background with every `record` (checked by wrapperConfigSchema, protocol.ts). */
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

/**
 * The propagators for a request to `url` (whose origin the caller already knows: the wrapper parses each
 * URL once) from a page at `pageOrigin`; [] when it is no target.
 */
export function propagatorsFor(
  url: string,
  origin: string,
  pageOrigin: string,
  config: Pick<WrapperConfig, 'sameOrigin' | 'targets' | 'blockedOrigins'>,
): Propagator[] {
  if (config.blockedOrigins.includes(origin)) return [];
  if (origin === pageOrigin) return config.sameOrigin;
  const target = config.targets.find((t) => t.urls.some((p) => compileUrlPattern(p).test(url)));
  return target ? target.propagators : [];
}

/** The page's own trace context, if it set one, from the first header that parses. */
export function existingTrace(get: HeaderGet): TraceIds | null {
  // Most requests carry none of these: four lookups, no parsing.
  const traceparent = get('traceparent');
  const sentryTrace = get('sentry-trace');
  const b3 = get('b3');
  const b3TraceId = get('x-b3-traceid');
  if (traceparent === null && sentryTrace === null && b3 === null && b3TraceId === null) return null;
  const tp = parseTraceparent(traceparent);
  if (tp) return { traceId: tp.traceId, spanId: tp.parentId };
  const st = parseSentryTrace(sentryTrace);
  if (st) return { traceId: st.traceId, spanId: st.spanId };
  const b3ctx =
    parseB3Single(b3) ??
    (b3TraceId !== null ? parseB3Multi({ 'x-b3-traceid': b3TraceId, 'x-b3-spanid': get('x-b3-spanid') ?? '' }) : null);
  if (b3ctx?.traceId && b3ctx.spanId) return { traceId: b3ctx.traceId.padStart(32, '0'), spanId: b3ctx.spanId };
  return null;
}

/**
 * The headers to add. `get` reads the page's own headers; null when the page set none (the common case,
 * no lookups). Ids are valid lowercase hex here (minted by us or parsed), so the header values are written
 * directly: this runs inside the page's fetch() call, or ahead of it (header-pool.ts).
 */
export function propagationHeaders(
  get: HeaderGet | null,
  propagators: readonly Propagator[],
  fresh: TraceIds,
  replayId: string,
): PropagationResult {
  const own = get === null ? null : existingTrace(get);
  const { traceId, spanId } = own ?? fresh;
  const headers: Record<string, string> = {};
  const add = (name: string, value: string) => {
    if (get === null || get(name) === null) headers[name] = value;
  };
  for (const p of propagators) {
    switch (p) {
      case 'tracecontext':
        add('traceparent', `00-${traceId}-${spanId}-01`);
        break;
      case 'sentry':
        add('sentry-trace', `${traceId}-${spanId}-1`);
        break;
      case 'b3':
        add('b3', `${traceId}-${spanId}-1`);
        break;
      case 'b3multi':
        if (get === null || get('x-b3-traceid') === null) {
          add('x-b3-traceid', traceId);
          add('x-b3-spanid', spanId);
          add('x-b3-sampled', '1');
        }
        break;
      case 'baggage': {
        const sentry = propagators.includes('sentry');
        const own = get === null ? null : get('baggage');
        // Baggage is a list the page may own: merged, not skipped, and replay keys never duplicated.
        headers.baggage =
          own === null
            ? `sentry-replay_id=${replayId},session.id=${replayId}${sentry ? `,sentry-trace_id=${traceId}` : ''}`
            : mergeBaggage(own, {
                'sentry-replay_id': replayId,
                'session.id': replayId,
                ...(sentry ? { 'sentry-trace_id': traceId } : {}),
              }).value;
        break;
      }
      case 'replay-id':
        add('x-session-replay-id', replayId);
        break;
    }
  }
  return { headers, traceId, spanId, adopted: own !== null };
}
