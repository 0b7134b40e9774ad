/**
 * Which traces are fetched, and where they go: every trace id a session's requests carry, from every
 * enabled source, when the session's recording stops or the panel asks; one trace the panel opens goes
 * first. A source's answer is merged into the session's stored trace as soon as it arrives.
 */
import type { RequestRecord, TraceRecord } from '../../shared/model';
import type { FetchTraceResult, TraceFetchState, TraceSourceStatus } from '../../shared/protocol';
import type { TraceSourceConfig } from '../../shared/settings';
import type { FetchOutcome } from '../../shared/traces/sources';
import type { BackgroundDeps } from '../deps';
import type { TraceFetcher } from './fetcher';
import { SPOTLIGHT_SOURCE_ID, type SpotlightSource } from './spotlight-source';

export interface TraceJobsDeps
  extends Pick<BackgroundDeps, 'store' | 'settings' | 'diagnostics' | 'events' | 'now' | 'notify'> {
  fetcher: TraceFetcher;
  /** Sentry Spotlight, which pushes traces rather than answering queries (absent in some tests). */
  spotlight?: Pick<SpotlightSource, 'deliver' | 'status' | 'ensure'>;
  /** How long after a recording stops its traces are looked for (default AFTER_STOP_MS). */
  afterStopMs?: number;
}

/** The last requests of a stopped recording are still being joined and written (see store/requests.ts). */
export const AFTER_STOP_MS = 2000;

/** Traces fetched per session at most, its earliest requests' first: a long session must not flood a backend. */
export const MAX_TRACES_PER_SESSION = 1000;

const TRACE_ID = /^[0-9a-f]{32}$/;

/** One source fetching one trace of one session. */
interface Job {
  urgent: boolean;
  /** The last attempt's state; undefined until the first attempt ends. */
  state: TraceFetchState | undefined;
  /** Settles after the first attempt. */
  first: Promise<void>;
  done: Promise<void>;
}

/** A session's distinct trace ids, in request order: the one each request carried and the one its response named. */
export function traceIdsOf(requests: readonly RequestRecord[]): string[] {
  const ids = new Set<string>();
  for (const r of requests) {
    for (const id of [r.traceId, r.responseTraceId]) if (id && TRACE_ID.test(id)) ids.add(id);
  }
  return [...ids];
}

function stateOf(sourceId: string, outcome: FetchOutcome, willRetry: boolean): TraceFetchState {
  if (outcome.kind === 'found') return { sourceId, outcome: 'found' };
  if (willRetry) return { sourceId, outcome: 'pending' };
  return outcome.kind === 'not-found'
    ? { sourceId, outcome: 'not-found' }
    : { sourceId, outcome: 'error', message: outcome.message };
}

export class TraceJobs {
  private readonly jobs = new Map<string, Job>();
  /** Tabs recording a session (not a buffer), to know which session a stop ends. */
  private readonly recording = new Map<number, string>();

  constructor(private readonly deps: TraceJobsDeps) {}

  /** Follows recordings: when one stops, its session's traces are fetched. */
  listen(): void {
    this.deps.events.recordingChanged.on(({ tabId, rec }) => {
      // A recording (or buffer) started: hold Spotlight's stream while it runs (spotlight-stream.ts says why).
      if (rec) void this.deps.spotlight?.ensure().catch((e: unknown) => this.report(rec.sessionId, e));
      const ended = this.recording.get(tabId);
      if (rec?.mode === 'record') this.recording.set(tabId, rec.sessionId);
      else this.recording.delete(tabId);
      if (!ended || ended === rec?.sessionId) return;
      setTimeout(() => {
        this.fetchSession(ended).catch((e: unknown) => this.report(ended, e));
      }, this.deps.afterStopMs ?? AFTER_STOP_MS);
    });
  }

  /** Every configured source with its status; enabled ones are asked first. */
  async sources(): Promise<TraceSourceStatus[]> {
    const { sources, fetch } = (await this.deps.settings()).traces;
    const [spotlight] = await Promise.all([
      this.deps.spotlight?.status() ?? null,
      ...sources.filter((s) => s.enabled).map((s) => this.deps.fetcher.probe(s, fetch.timeoutMs)),
    ]);
    return [...(spotlight ? [spotlight] : []), ...this.deps.fetcher.statuses.list(sources)];
  }

  /** Starts fetching every trace of a session that a source has not answered with yet. */
  async fetchSession(sessionId: string): Promise<{ traceIds: number; started: number }> {
    const ids = traceIdsOf(await this.deps.store.requestsOf(sessionId)).slice(0, MAX_TRACES_PER_SESSION);
    const stored = new Map((await this.deps.store.tracesOf(sessionId)).map((t) => [t.traceId, t]));
    let started = 0;
    for (const source of await this.enabledSources()) {
      for (const traceId of ids) {
        if (stored.get(traceId)?.sources.some((s) => s.sourceId === source.id)) continue;
        if (this.start(sessionId, traceId, source, false).fresh) started++;
      }
    }
    // Spotlight's cache answers at once; what it has not seen yet is stored when its stream brings it.
    void this.deps.spotlight?.deliver(sessionId, ids).catch((e: unknown) => this.report(sessionId, e));
    return { traceIds: ids.length, started };
  }

  /** Fetches one trace now, ahead of background work; answers once every source made its first attempt. */
  async fetchTrace(sessionId: string, traceId: string): Promise<FetchTraceResult> {
    if (!(await this.deps.store.get(sessionId))) throw new Error(`no session ${sessionId}`);
    const before = await this.deps.store.traceOf(sessionId, traceId);
    const sources = await this.enabledSources();
    const states = await Promise.all(
      sources.map(async (source): Promise<TraceFetchState> => {
        if (before?.sources.some((s) => s.sourceId === source.id)) return { sourceId: source.id, outcome: 'found' };
        const job = this.start(sessionId, traceId, source, true).job;
        await job.first;
        return job.state ?? { sourceId: source.id, outcome: 'pending' };
      }),
    );
    if (this.deps.spotlight) states.unshift(await this.spotlightState(sessionId, traceId, before));
    const stored = await this.deps.store.traceOf(sessionId, traceId);
    return {
      stored: stored
        ? { traceId, spanCount: stored.trace.spans.length, sources: stored.sources, updatedAt: stored.updatedAt }
        : null,
      sources: states,
    };
  }

  /** Spotlight has the trace (stored now), or `pending`: its stream stores the trace when it brings it. */
  private async spotlightState(sessionId: string, traceId: string, before: TraceRecord | undefined) {
    const sourceId = SPOTLIGHT_SOURCE_ID;
    if (before?.sources.some((s) => s.sourceId === sourceId)) return { sourceId, outcome: 'found' } as const;
    try {
      const found = await this.deps.spotlight!.deliver(sessionId, [traceId]);
      return { sourceId, outcome: found.length > 0 ? 'found' : 'pending' } as const;
    } catch (e) {
      return { sourceId, outcome: 'error', message: e instanceof Error ? e.message : String(e) } as const;
    }
  }

  /** Jobs not finished yet (for tests and diagnostics). */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private async enabledSources(): Promise<TraceSourceConfig[]> {
    return (await this.deps.settings()).traces.sources.filter((s) => s.enabled);
  }

  /** The job for this session, trace and source: the running one (made urgent if asked), or a new one. */
  private start(sessionId: string, traceId: string, source: TraceSourceConfig, urgent: boolean) {
    const key = `${sessionId}/${traceId}/${source.id}`;
    const running = this.jobs.get(key);
    if (running) {
      running.urgent ||= urgent;
      return { job: running, fresh: false };
    }
    let firstDone = () => {};
    const job: Job = {
      urgent,
      state: undefined,
      first: new Promise((go) => (firstDone = go)),
      done: Promise.resolve(),
    };
    job.done = this.run(sessionId, traceId, source, job, firstDone)
      .catch((e) => this.report(sessionId, e))
      .finally(() => {
        firstDone();
        this.jobs.delete(key);
      });
    this.jobs.set(key, job);
    return { job, fresh: true };
  }

  private async run(sessionId: string, traceId: string, source: TraceSourceConfig, job: Job, firstDone: () => void) {
    const settings = (await this.deps.settings()).traces.fetch;
    const outcome = await this.deps.fetcher.fetchTrace(source, traceId, settings, {
      urgent: () => job.urgent,
      onAttempt: (attempt, willRetry) => {
        job.state = stateOf(source.id, attempt.outcome, willRetry);
        // The first answer with spans is stored before the panel's call returns.
        if (attempt.outcome.kind !== 'found') firstDone();
      },
    });
    if (outcome.kind === 'found') {
      for (const trace of outcome.traces) {
        const fetchedAt = this.deps.now();
        const stored = await this.deps.store.putTrace(sessionId, {
          sourceId: source.id,
          kind: source.kind,
          trace,
          fetchedAt,
        });
        if (stored) this.deps.notify({ type: 'trace-stored', sessionId, traceId: trace.traceId });
      }
    }
    firstDone();
  }

  private report(sessionId: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.diagnostics.report('trace-fetch-failed', `session ${sessionId}: ${message}`);
  }
}
