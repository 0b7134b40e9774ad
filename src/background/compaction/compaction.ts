/**
 * When chunks are compacted: a recording's whole session a little after it stops (its page's last batches land
 * after the stop), and on the minute alarm the finished sessions not yet compacted (a worker stopped before its
 * timer, profiles from older versions) and the long recordings' chunks older than a few minutes. One session at
 * a time, off the batches' path: the page's batches are still stored and acknowledged one by one, each within a
 * second. docs/storage.md, "Compaction".
 */
import type { SessionRecord } from '../../shared/model';
import type { BackgroundDeps } from '../deps';
import type { PlanOptions } from './plan';

export interface CompactionDeps extends Pick<BackgroundDeps, 'store' | 'diagnostics' | 'events' | 'now'> {
  /** How long after a recording stops its session is compacted (default AFTER_STOP_MS). */
  afterStopMs?: number;
}

export const AFTER_STOP_MS = 10_000;
/** A live recording's chunks are merged once their events are this old: a panel reading it live has them. */
export const LIVE_AGE_MS = 3 * 60_000;
/** A live recording is looked at again once this much more of it could be merged. */
const LIVE_STEP_MS = 60_000;
/** JSON per merged chunk at most: a seek reads one chunk whole (ratios by size: BENCHMARKS.md, storage). */
export const MAX_MERGED_RAW_BYTES = 1024 * 1024;

const finished = (s: SessionRecord) => s.status === 'complete' || s.status === 'interrupted';

/** Whether a session has chunks a pass would merge now (or may have: a finished one not looked at since). */
export function compactionDue(s: SessionRecord, now: number): boolean {
  if (finished(s)) return s.compaction?.chunkCount !== s.chunkCount;
  if (s.status !== 'recording') return false;
  return now - LIVE_AGE_MS - (s.compaction?.through ?? s.startedAt) >= LIVE_STEP_MS;
}

export class Compaction {
  private queue: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  /** Tabs recording a session (not a buffer), to know which session a stop ends. */
  private readonly recording = new Map<number, string>();

  constructor(private readonly deps: CompactionDeps) {}

  /** Follows recordings: a session is compacted AFTER_STOP_MS after its recording stops. */
  listen(): void {
    this.deps.events.recordingChanged.on(({ tabId, rec }) => {
      const ended = this.recording.get(tabId);
      if (rec?.mode === 'record') this.recording.set(tabId, rec.sessionId);
      else this.recording.delete(tabId);
      if (!ended || ended === rec?.sessionId) return;
      setTimeout(() => void this.session(ended), this.deps.afterStopMs ?? AFTER_STOP_MS);
    });
  }

  /** The alarm's pass: every session that is due, one after another; settles when they are done. */
  async sweep(): Promise<void> {
    const now = this.deps.now();
    const due = (await this.deps.store.all()).filter((s) => compactionDue(s, now));
    await Promise.all(due.map((s) => this.session(s.id)));
  }

  /** Queues one session's pass (once, however often it is asked for while queued); settles when it is done. */
  session(sessionId: string): Promise<void> {
    if (this.queued.has(sessionId)) return this.queue;
    this.queued.add(sessionId);
    this.queue = this.queue
      .then(() => this.run(sessionId))
      .catch((e: unknown) => this.deps.diagnostics.report('compaction', `session ${sessionId}: ${String(e)}`))
      .finally(() => this.queued.delete(sessionId));
    return this.queue;
  }

  private async run(sessionId: string): Promise<void> {
    const session = await this.deps.store.get(sessionId);
    if (!session || !(finished(session) || session.status === 'recording')) return;
    const options: PlanOptions = {
      finished: finished(session),
      olderThan: this.deps.now() - LIVE_AGE_MS,
      maxRawBytes: MAX_MERGED_RAW_BYTES,
    };
    const result = await this.deps.store.compact(sessionId, options);
    for (const key of result.unreadable)
      this.deps.diagnostics.report('compaction', `session ${sessionId}: chunk ${key} does not decode; left as it is`);
  }
}
