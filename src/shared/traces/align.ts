/**
 * Clock alignment: puts a backend trace on the browser's clock. The browser timed a request with its
 * clock (webRequest), the server timed its spans with its own; the two can disagree by seconds. Causality
 * gives the bound: the server handled the request after it was sent and before the response arrived, so
 * its root span belongs inside the request's network window. When it is not there, the difference is
 * the clock skew, estimated as Jaeger's clock-skew adjuster does between a client span and its server
 * child (latency split equally between the way there and the way back). Pure: the input is never
 * mutated. The rule, in full, is in docs/traces.md ("Clock alignment").
 */
import type { RequestRecord } from '../model';
import type { EpochMs, Span } from './model';

/** What alignment needs of a request: its window on the browser's clock and the ids it exchanged. */
export type AlignableRequest = Pick<RequestRecord, 'startTs' | 'endTs' | 'spanId' | 'responseSpanId'> & {
  /**
   * When the response's first byte arrived, if known. RequestRecord does not keep it yet, so the window
   * ends at `endTs` (body included): a looser bound, never a wrong one.
   */
  responseStartTs?: EpochMs;
};

/** A span on the browser's clock; `clamped` when it stuck out of the request's window after the shift. */
export interface AlignedSpan extends Span {
  clamped: boolean;
}

export interface Alignment {
  /** Added to every server time of the request's subtree: browser time = server time + skewMs. */
  skewMs: number;
  /** Every span of the trace, in input order; only the root's subtree is shifted and clamped. */
  spans: AlignedSpan[];
  /** The aligned server root of the request, or null when the trace has no span that can be it. */
  root: AlignedSpan | null;
}

/**
 * How far out of the window a root may stick and still count as inside: the browser's and the server's
 * timers round differently (Chrome coarsens its timers), so a sub-millisecond overlap is noise, not skew.
 */
export const ALIGN_TOLERANCE_MS = 1;

/**
 * The server span that handled the request: the child of the span the browser sent (server kind first),
 * else the span the response named, else the server span that shares the sent id (Zipkin's shared
 * client/server spans, kept as `wireSpanId`), else the earliest server-kind span of the trace.
 */
export function findServerRoot(
  request: Pick<AlignableRequest, 'spanId' | 'responseSpanId'>,
  spans: readonly Span[],
): Span | null {
  const earliest = (list: readonly Span[]) =>
    list.reduce<Span | null>((best, s) => (best === null || s.start < best.start ? s : best), null);
  const serverFirst = (list: readonly Span[]) => earliest(list.filter((s) => s.kind === 'server')) ?? earliest(list);
  const named = (id: string | null) => (id ? spans.filter((s) => s.spanId === id || s.wireSpanId === id) : []);
  const { spanId, responseSpanId } = request;
  return (
    serverFirst(spanId ? spans.filter((s) => s.parentSpanId === spanId) : []) ??
    serverFirst(named(responseSpanId)) ??
    earliest(named(spanId).filter((s) => s.kind === 'server')) ??
    earliest(spans.filter((s) => s.kind === 'server'))
  );
}

/** The window the server's work must fit in, on the browser's clock. */
export function requestWindow(request: AlignableRequest): { start: EpochMs; end: EpochMs } {
  const end = request.responseStartTs ?? request.endTs;
  return { start: request.startTs, end: Math.max(end, request.startTs) };
}

/**
 * The skew that puts `root` in the window. Inside (within the tolerance): 0, as nothing proves a skew and
 * any shift would be a guess. Fits but is outside: its midpoint goes to the window's midpoint (equal
 * latency both ways). Longer than the window (work after the response, or a window cut short): only
 * a start outside the window is moved, to the window's start, as the server cannot start before the send.
 */
export function estimateSkew(window: { start: EpochMs; end: EpochMs }, root: Pick<Span, 'start' | 'end'>): number {
  const duration = root.end - root.start;
  const windowDuration = window.end - window.start;
  if (duration > windowDuration) {
    const startInside = root.start >= window.start - ALIGN_TOLERANCE_MS && root.start <= window.end;
    return startInside ? 0 : window.start - root.start;
  }
  if (root.start >= window.start - ALIGN_TOLERANCE_MS && root.end <= window.end + ALIGN_TOLERANCE_MS) return 0;
  return (window.start + window.end) / 2 - (root.start + root.end) / 2;
}

/** The root and every span under it (by parent links, whatever their service). */
function subtreeIds(root: Span, spans: readonly Span[]): Set<string> {
  const children = new Map<string, Span[]>();
  for (const s of spans) {
    if (s.parentSpanId === undefined) continue;
    children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s]);
  }
  const ids = new Set<string>([root.spanId]);
  const queue = [root.spanId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const child of children.get(id) ?? []) {
      // A span id repeated in a broken trace must not loop forever.
      if (ids.has(child.spanId)) continue;
      ids.add(child.spanId);
      queue.push(child.spanId);
    }
  }
  return ids;
}

const clampTo = (value: number, { start, end }: { start: number; end: number }) =>
  Math.min(Math.max(value, start), end);

/**
 * Aligns a request's trace: the server root's subtree is shifted by the estimated skew, then clamped into
 * the request's window. Spans outside that subtree (another request's branch, a browser SDK's own spans)
 * are copied unchanged: this request's window says nothing about them.
 */
export function alignTrace(request: AlignableRequest, spans: readonly Span[]): Alignment {
  const root = findServerRoot(request, spans);
  if (!root) return { skewMs: 0, spans: spans.map((s) => ({ ...s, clamped: false })), root: null };
  const window = requestWindow(request);
  const skewMs = estimateSkew(window, root);
  const moved = subtreeIds(root, spans);
  const aligned = spans.map((s): AlignedSpan => {
    if (!moved.has(s.spanId)) return { ...s, clamped: false };
    const start = s.start + skewMs;
    const end = s.end + skewMs;
    const clampedStart = clampTo(start, window);
    const clampedEnd = clampTo(end, window);
    return {
      ...s,
      start: clampedStart,
      end: clampedEnd,
      events: s.events.map((e) => ({ ...e, time: e.time + skewMs })),
      clamped: clampedStart !== start || clampedEnd !== end,
    };
  });
  return { skewMs, spans: aligned, root: aligned.find((s) => s.spanId === root.spanId) ?? null };
}
