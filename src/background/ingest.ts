/**
 * Stores what recorders send: checks the batch belongs to a session of the sending tab, writes it, keeps
 * instant-replay buffers to their window and the library within its storage budget. When IndexedDB runs
 * out of quota the oldest unpinned sessions are evicted until the batch fits; the user is warned.
 */
import type { Batch, RecorderDown } from '../shared/protocol';
import type { BatchMeta } from '../shared/rrweb-events';
import type { BackgroundDeps } from './deps';
import type { Retention } from './retention';
import { QuotaError } from './store/session-store';

export interface IngestDeps extends BackgroundDeps {
  retention: Retention;
}

const BUDGET_CHECK_MS = 5_000;
const BUFFER_CUT_MS = 10_000;

export class Ingest {
  private lastBudgetCheck = 0;
  private readonly lastCut = new Map<string, number>();
  constructor(private readonly deps: IngestDeps) {}

  /** `null`: not stored for lack of space; the recorder keeps the batch and offers it again later. */
  async batch(tabId: number, batch: Batch, meta: BatchMeta): Promise<RecorderDown | null> {
    const { sessionId, pageId, seq } = batch;
    const session = await this.deps.store.get(sessionId);
    // A document may only write into a session of its own tab.
    if (!session || session.tabId !== tabId) {
      this.deps.diagnostics.report('unknown-session', `tab ${tabId} sent a batch for session ${sessionId}`);
      return { type: 'reject', sessionId, pageId, seq, error: 'unknown session' };
    }
    const result = await this.appendMakingRoom(batch, meta);
    if (result === 'no-room') return null;
    if (result === 'unknown-session') return { type: 'reject', sessionId, pageId, seq, error: 'session was deleted' };
    if (result === 'stored') {
      this.deps.diagnostics.recordIngest({
        firstTs: meta.firstTs,
        lastTs: meta.lastTs,
        // The wall clock, not deps.now: the benchmarks compare it with the page's event timestamps.
        committedAt: Date.now(),
        count: meta.count,
        rawBytes: batch.events.length,
      });
      // The library hears of a session's first batch, and of the last ones a stopped page flushes after its
      // session ended: an open panel then reads the whole session again (its live reads have ended).
      const late = session.status !== 'recording' && session.status !== 'buffer';
      if ((seq === 0 && session.status !== 'buffer') || late) this.deps.notify({ type: 'sessions-changed' });
      await this.housekeeping(sessionId, session.status === 'buffer');
    }
    return { type: 'ack', sessionId, pageId, seq };
  }

  private async appendMakingRoom(batch: Batch, meta: BatchMeta) {
    for (;;) {
      try {
        return await this.deps.store.append(batch, meta);
      } catch (e) {
        if (!(e instanceof QuotaError)) throw e;
        const victim = await this.deps.retention.evictOldest();
        if (!victim) {
          const message =
            'Storage is full and no older session can be deleted: the page keeps the newest events and Tandem ' +
            'stores them as soon as there is room. Delete or export sessions to make room.';
          this.deps.diagnostics.warn('storage-full', message);
          this.deps.notify({ type: 'warning', message });
          return 'no-room' as const;
        }
        this.evicted([victim.id], 'the browser ran out of storage quota');
      }
    }
  }

  private async housekeeping(sessionId: string, isBuffer: boolean): Promise<void> {
    const now = this.deps.now();
    const settings = await this.deps.settings();
    if (isBuffer && now - (this.lastCut.get(sessionId) ?? 0) > BUFFER_CUT_MS) {
      this.lastCut.set(sessionId, now);
      await this.deps.retention.cutBuffer(sessionId, now - settings.instantReplay.minutes * 60_000, false);
    }
    if (now - this.lastBudgetCheck > BUDGET_CHECK_MS) {
      this.lastBudgetCheck = now;
      const deleted = await this.deps.retention.enforceBudget(settings.storage.budgetMB * 1024 * 1024);
      if (deleted.length)
        this.evicted(
          deleted.map((s) => s.id),
          `the ${settings.storage.budgetMB} MB storage budget was reached`,
        );
    }
  }

  private evicted(ids: string[], why: string): void {
    const list = ids.join(', ');
    const message = `Deleted ${ids.length} oldest session(s) because ${why}: ${list}. Pin sessions to keep them.`;
    this.deps.diagnostics.warn('evicted', message);
    this.deps.notify({ type: 'warning', message });
    this.deps.notify({ type: 'sessions-changed' });
  }
}
