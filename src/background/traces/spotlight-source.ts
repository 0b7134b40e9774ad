/**
 * Sentry Spotlight as a trace source. Spotlight pushes rather than answers queries: every envelope its
 * sidecar receives comes down the stream (spotlight-stream.ts), is normalised, merged into a bounded cache
 * of recent traces, and stored at once with each session whose requests carry its trace id. A trace whose
 * request is not stored yet (its spans can beat the request's own write) is looked for again for a few
 * seconds; after that the cache answers when the session's traces are fetched (recording stop, panel).
 */
import type { TraceSourceStatus } from '../../shared/protocol';
import type { SpotlightSettings } from '../../shared/settings';
import { mergeTraces } from '../../shared/traces/merge';
import type { Trace } from '../../shared/traces/model';
import type { SseEvent } from '../../shared/traces/sse';
import { tracesOfSpotlightEvent } from '../../shared/traces/spotlight';
import type { BackgroundDeps } from '../deps';
import type { SourceConfig, SourceStatuses } from './source-statuses';
import { SpotlightStream, type SpotlightStreamDeps } from './spotlight-stream';

export const SPOTLIGHT_SOURCE_ID = 'spotlight';

export interface SpotlightSourceDeps
  extends Pick<BackgroundDeps, 'store' | 'settings' | 'diagnostics' | 'notify' | 'now'>,
    Pick<SpotlightStreamDeps, 'fetch' | 'setTimeout' | 'clearTimeout' | 'catchUpQuietMs'> {
  statuses: SourceStatuses;
}

/** Recent traces kept for lookups, at most; the oldest go first. */
export const MAX_CACHED_TRACES = 2000;
export const MAX_CACHED_SPANS = 100_000;
/** How often new data is written: envelopes of one request arrive in bursts, one write takes them all. */
export const DELIVER_EVERY_MS = 100;
/** How long a live trace that no stored request carries yet is looked for again. */
export const WAIT_FOR_REQUEST_MS = 10_000;
/**
 * How often a waiting trace is looked for: often at first (a request is written a few hundred ms after its
 * response, and backends send spans before that: bench/traces/spotlight-latency.ts), then rarely, so traces
 * of other apps that reach the sidecar cost little.
 */
const WAIT_RECHECK_FAST_MS = 40;
const WAIT_FAST_FOR_MS = 3000;
const WAIT_RECHECK_MS = 500;

export class SpotlightSource {
  private readonly stream: SpotlightStream;
  private readonly cache = new Map<string, Trace>();
  private cachedSpans = 0;
  /** Trace ids with data not yet delivered. */
  private readonly dirty = new Set<string>();
  /** Live trace ids no stored request carried yet, with when they were first seen. */
  private readonly waiting = new Map<string, number>();
  private timer: unknown = null;
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SpotlightSourceDeps) {
    this.stream = new SpotlightStream({
      ...deps,
      onEvent: (event, live) => this.onEvent(event, live),
      onStatus: (event) => void this.config().then((c) => c && deps.statuses.record(c, event)),
    });
  }

  /** The pseudo source Spotlight is in statuses and stored traces; null when it is off. */
  async config(): Promise<SourceConfig | null> {
    const { spotlight } = (await this.deps.settings()).traces;
    return spotlight.enabled ? spotlightConfig(spotlight) : null;
  }

  /** Connects (or reconnects after the worker slept) and reads the sidecar's buffer; false: not reachable. */
  async ensure(): Promise<boolean> {
    const config = await this.config();
    if (!config) {
      this.stream.close();
      return false;
    }
    return this.stream.ensure(config.baseUrl);
  }

  /** Settings changed: follow Spotlight being turned off, on, or moved. */
  reconfigure(spotlight: SpotlightSettings): void {
    if (!spotlight.enabled) this.stream.close();
    else void this.ensure();
  }

  async status(): Promise<TraceSourceStatus | null> {
    const config = await this.config();
    if (!config) return null;
    await this.ensure();
    return this.deps.statuses.list([config])[0] ?? null;
  }

  /** Stores what the cache holds of these traces with the session; the ids it had. */
  async deliver(sessionId: string, traceIds: readonly string[]): Promise<string[]> {
    await this.ensure();
    // Anything read during the catch-up is written first, so the cache and the store agree.
    await this.flush();
    const found = traceIds.filter((id) => this.cache.has(id));
    for (const traceId of found) await this.put(sessionId, this.cache.get(traceId)!);
    return found;
  }

  /** Waits for pending writes (tests, and callers that read right after). */
  async idle(): Promise<void> {
    while (this.dirty.size > 0 || this.timer !== null) await this.flush();
    await this.delivering;
  }

  private onEvent(event: SseEvent, live: boolean): void {
    const result = tracesOfSpotlightEvent(event);
    if (result === null) return;
    void this.config().then((config) => {
      if (!config) return;
      if (!result.ok) {
        // A bad envelope is skipped whole: nothing of it reaches the cache or the store.
        this.deps.statuses.record(config, { kind: 'failed', message: result.error });
        return;
      }
      const spans = result.traces.reduce((n, t) => n + t.spans.length, 0);
      this.deps.statuses.record(config, { kind: 'answered', spans });
    });
    if (!result.ok) return;
    for (const trace of result.traces) {
      this.remember(trace);
      this.dirty.add(trace.traceId);
      if (live && !this.waiting.has(trace.traceId)) this.waiting.set(trace.traceId, this.deps.now());
    }
    this.schedule(DELIVER_EVERY_MS);
  }

  private remember(trace: Trace): void {
    const old = this.cache.get(trace.traceId);
    const merged = old ? mergeTraces([old, trace])[0]! : trace;
    // Re-inserted so Map order is least recently updated first.
    this.cache.delete(trace.traceId);
    this.cache.set(trace.traceId, merged);
    this.cachedSpans += merged.spans.length - (old?.spans.length ?? 0);
    for (const [id, cached] of this.cache) {
      if (this.cache.size <= MAX_CACHED_TRACES && this.cachedSpans <= MAX_CACHED_SPANS) break;
      if (id === trace.traceId) break;
      this.cache.delete(id);
      this.waiting.delete(id);
      this.cachedSpans -= cached.spans.length;
    }
  }

  private schedule(ms: number): void {
    if (this.timer !== null) return;
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private flush(): Promise<void> {
    this.delivering = this.delivering.then(() => this.deliverDirty()).catch((e: unknown) => this.report(e));
    return this.delivering;
  }

  private async deliverDirty(): Promise<void> {
    const now = this.deps.now();
    for (const [id, since] of this.waiting) {
      if (now - since > WAIT_FOR_REQUEST_MS) this.waiting.delete(id);
      else this.dirty.add(id);
    }
    const ids = [...this.dirty].filter((id) => this.cache.has(id));
    this.dirty.clear();
    if (ids.length === 0) return;
    const sessions = await this.deps.store.sessionsByTraceId(ids);
    for (const traceId of ids) {
      const holders = sessions.get(traceId);
      if (!holders) continue;
      this.waiting.delete(traceId);
      for (const sessionId of holders) await this.put(sessionId, this.cache.get(traceId)!);
    }
    if (this.waiting.size > 0) {
      const newest = Math.max(...this.waiting.values());
      this.schedule(now - newest < WAIT_FAST_FOR_MS ? WAIT_RECHECK_FAST_MS : WAIT_RECHECK_MS);
    }
  }

  private async put(sessionId: string, trace: Trace): Promise<void> {
    const stored = await this.deps.store.putTrace(sessionId, {
      sourceId: SPOTLIGHT_SOURCE_ID,
      kind: 'spotlight',
      trace,
      fetchedAt: this.deps.now(),
    });
    if (stored) this.deps.notify({ type: 'trace-stored', sessionId, traceId: trace.traceId });
  }

  private report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.diagnostics.report('trace-fetch-failed', `spotlight: ${message}`);
  }
}

export function spotlightConfig(spotlight: SpotlightSettings): SourceConfig {
  return {
    id: SPOTLIGHT_SOURCE_ID,
    kind: 'spotlight',
    name: 'Sentry Spotlight',
    baseUrl: spotlight.url,
    enabled: true,
  };
}
