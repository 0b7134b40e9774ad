/**
 * Pairs webRequest's observation of a request with the page wrapper's record of it. The pair is found by
 * the span id Tandem injected (exact) or, for requests without one, by method and URL close in time.
 * Either side may come first; an unpaired side is emitted alone after a grace period (beacons and
 * cached responses have no observation; most resources have no wrapper record).
 */
import type { Observation, WrapperRecord } from './observation';

const GRACE_MS = 1500;
const SAME_REQUEST_MS = 2000;

export type Joined = { obs: Observation | null; wrapper: WrapperRecord | null };

const spanOf = (obs: Observation): string | null => {
  const tp = obs.requestHeaders.find((h) => h.name.toLowerCase() === 'traceparent')?.value;
  return tp && /^00-[0-9a-f]{32}-([0-9a-f]{16})-/.test(tp) ? tp.slice(36, 52) : null;
};

export class Joiner {
  private observations: { obs: Observation; timer: ReturnType<typeof setTimeout> }[] = [];
  private wrappers: { rec: WrapperRecord; timer: ReturnType<typeof setTimeout> }[] = [];

  constructor(private readonly emit: (joined: Joined) => void, private readonly graceMs = GRACE_MS) {}

  observation(obs: Observation): void {
    // Only fetch/XHR/ping can have a wrapper record; everything else is complete as it is.
    if (!['xmlhttprequest', 'ping', 'other'].includes(obs.type)) return this.emit({ obs, wrapper: null });
    const i = this.wrappers.findIndex((w) => matches(obs, w.rec));
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
    const i = this.observations.findIndex((o) => matches(o.obs, rec));
    if (i >= 0) {
      const [o] = this.observations.splice(i, 1);
      clearTimeout(o!.timer);
      return this.emit({ obs: o!.obs, wrapper: rec });
    }
    const entry = { rec, timer: setTimeout(() => this.expireWrapper(entry), this.graceMs) };
    this.wrappers.push(entry);
  }

  private expire(entry: { obs: Observation; timer: ReturnType<typeof setTimeout> }): void {
    this.observations = this.observations.filter((o) => o !== entry);
    this.emit({ obs: entry.obs, wrapper: null });
  }

  private expireWrapper(entry: { rec: WrapperRecord; timer: ReturnType<typeof setTimeout> }): void {
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
