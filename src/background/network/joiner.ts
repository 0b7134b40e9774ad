/**
 * Pairs webRequest's observation of a request with the page wrapper's record of it. The pair is found by
 * the span id Tandem injected (exact) or, for requests without one, by method and URL close in time.
 * Either side may come first; an unpaired side is emitted alone after a grace period (beacons and
 * cached responses have no observation; most resources have no wrapper record).
 *
 * A fetch's record ends when its response headers arrive, webRequest's observation when the body has: a
 * streamed or large response ends long after. So a wrapper record that finds no observation within the
 * grace period, while a matching request is still in flight in webRequest, waits for that request to
 * complete, up to MAX_WAIT_MS; when the wait ends first (or the session ends: `flush`), the record is
 * paired with what webRequest has seen of the request so far, and its later completion is ignored.
 */
import type { Observation, WrapperRecord } from './observation';

const GRACE_MS = 1500;
const SAME_REQUEST_MS = 2000;
/** How long a wrapper record waits for a request still in flight (a stream) before it is stored without its end. */
export const MAX_WAIT_MS = 5 * 60_000;
/**
 * Records of one session that may wait at once. The page reports them and could report any number; past this,
 * a record is stored alone at once, so the worker's memory (and each observation's search) stays bounded.
 */
export const MAX_WAITING = 1000;

export type Joined = { obs: Observation | null; wrapper: WrapperRecord | null };

export interface JoinerOptions {
  /** webRequest's requests that started and have not completed (web-request.ts). */
  inFlight?: () => Iterable<Observation>;
  /** The session has ended: a record of it does not wait for a request in flight. */
  sessionEnded?: (sessionId: string) => boolean;
  graceMs?: number;
  maxWaitMs?: number;
}

type Waiting = { rec: WrapperRecord; timer: ReturnType<typeof setTimeout>; inFlight: Observation | null };

const spanOf = (obs: Observation): string | null => {
  const tp = obs.requestHeaders.find((h) => h.name.toLowerCase() === 'traceparent')?.value;
  return tp && /^00-[0-9a-f]{32}-([0-9a-f]{16})-/.test(tp) ? tp.slice(36, 52) : null;
};
/** Only fetch/XHR/ping can have a wrapper record; everything else is complete as it is. */
const mayHaveWrapper = (obs: Observation) =>
  obs.type === 'xmlhttprequest' || obs.type === 'ping' || obs.type === 'other';

export class Joiner {
  private observations: { obs: Observation; timer: ReturnType<typeof setTimeout> }[] = [];
  private wrappers: Waiting[] = [];
  /** In-flight observations already stored with a waiting record: their completion is not stored again. */
  private readonly cut = new WeakSet<Observation>();
  private readonly inFlight: () => Iterable<Observation>;
  private readonly sessionEnded: (sessionId: string) => boolean;
  private readonly graceMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly emit: (joined: Joined) => void,
    options: JoinerOptions = {},
  ) {
    this.inFlight = options.inFlight ?? (() => []);
    this.sessionEnded = options.sessionEnded ?? (() => false);
    this.graceMs = options.graceMs ?? GRACE_MS;
    this.maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  }

  observation(obs: Observation): void {
    if (this.cut.has(obs)) return;
    if (!mayHaveWrapper(obs)) return this.emit({ obs, wrapper: null });
    // The record that waited for this very request first, then any that matches.
    let i = this.wrappers.findIndex((w) => w.inFlight === obs);
    if (i < 0) i = this.wrappers.findIndex((w) => matches(obs, w.rec));
    if (i >= 0) {
      const [w] = this.wrappers.splice(i, 1);
      clearTimeout(w!.timer);
      return this.emit({ obs, wrapper: w!.rec });
    }
    const entry = { obs, timer: setTimeout(() => this.expire(entry), this.graceMs) };
    this.observations.push(entry);
  }

  /** The wrapper's record, once it has ended. */
  wrapper(rec: WrapperRecord): void {
    const i = this.pairFor(rec);
    if (i < 0 && this.waitingOf(rec.sessionId) >= MAX_WAITING) return this.emit({ obs: null, wrapper: rec });
    // A retry still receiving its response is what this record is about, not the refused attempt before it.
    const retry = rec.retried ? this.findInFlight(rec, i >= 0 ? this.observations[i]!.obs.startTs : -Infinity) : null;
    if (i >= 0 && !retry) {
      const [o] = this.observations.splice(i, 1);
      clearTimeout(o!.timer);
      return this.emit({ obs: o!.obs, wrapper: rec });
    }
    const entry: Waiting = retry
      ? { rec, inFlight: retry, timer: setTimeout(() => this.emitCut(entry, retry), this.maxWaitMs) }
      : { rec, inFlight: null, timer: setTimeout(() => this.graceOver(entry), this.graceMs) };
    this.wrappers.push(entry);
  }

  /**
   * The session ended (recording stopped, the tab closed or went on into another session): records
   * waiting for a request still in flight are stored now, with what webRequest has seen of it so far.
   */
  flush(sessionId: string): void {
    for (const w of [...this.wrappers]) {
      if (w.rec.sessionId !== sessionId) continue;
      const obs = w.inFlight ?? this.findInFlight(w.rec);
      if (obs) this.emitCut(w, obs);
    }
  }

  private waitingOf(sessionId: string): number {
    let n = 0;
    for (const w of this.wrappers) if (w.rec.sessionId === sessionId) n++;
    return n;
  }

  /**
   * Which completed observation a record pairs with. A request retried without our headers was seen twice
   * by webRequest (the refused attempt, then the retry, which has the response): the latest one.
   */
  private pairFor(rec: WrapperRecord): number {
    if (!rec.retried) return this.observations.findIndex((o) => matches(o.obs, rec));
    let best = -1;
    this.observations.forEach((o, i) => {
      if (matches(o.obs, rec) && (best < 0 || o.obs.startTs >= this.observations[best]!.obs.startTs)) best = i;
    });
    return best;
  }

  private graceOver(entry: Waiting): void {
    const obs = this.findInFlight(entry.rec);
    if (!obs) return this.expireWrapper(entry);
    if (this.sessionEnded(entry.rec.sessionId)) return this.emitCut(entry, obs);
    entry.inFlight = obs;
    entry.timer = setTimeout(() => this.emitCut(entry, obs), Math.max(0, this.maxWaitMs - this.graceMs));
  }

  /** A request in flight that `rec` is about (started after `after`), unless another record waits for it. */
  private findInFlight(rec: WrapperRecord, after = -Infinity): Observation | null {
    for (const obs of this.inFlight()) {
      if (
        obs.startTs > after &&
        mayHaveWrapper(obs) &&
        !this.cut.has(obs) &&
        matches(obs, rec) &&
        !this.wrappers.some((w) => w.inFlight === obs && w.rec !== rec)
      )
        return obs;
    }
    return null;
  }

  /** Stores a waiting record with its request as seen so far; the request's completion will be ignored. */
  private emitCut(entry: Waiting, obs: Observation): void {
    clearTimeout(entry.timer);
    this.wrappers = this.wrappers.filter((w) => w !== entry);
    this.cut.add(obs);
    // A copy: webRequest goes on filling in the original.
    this.emit({ obs: { ...obs, redirects: [...obs.redirects] }, wrapper: entry.rec });
  }

  private expire(entry: { obs: Observation; timer: ReturnType<typeof setTimeout> }): void {
    this.observations = this.observations.filter((o) => o !== entry);
    this.emit({ obs: entry.obs, wrapper: null });
  }

  private expireWrapper(entry: Waiting): void {
    this.wrappers = this.wrappers.filter((w) => w !== entry);
    this.emit({ obs: null, wrapper: entry.rec });
  }
}

function matches(obs: Observation, rec: WrapperRecord): boolean {
  if (obs.sessionId !== rec.sessionId) return false;
  const span = spanOf(obs);
  if (span && rec.spanId) return span === rec.spanId;
  const sameUrl = obs.url === rec.url || obs.redirects[0]?.url === rec.url || stripHash(obs.url) === stripHash(rec.url);
  return sameUrl && obs.method === rec.method && Math.abs(obs.startTs - rec.startTs) < SAME_REQUEST_MS;
}

const stripHash = (url: string) => url.split('#')[0];
