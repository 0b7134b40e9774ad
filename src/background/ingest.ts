/**
 * Stores what recorders send: checks the batch belongs to a session of the sending tab, holds a tab to its
 * rate and its events to the background's clock (ingest-guard.ts), writes it, keeps instant-replay buffers to
 * their window and size, recordings to their size cap, and the library within its storage budget. When
 * IndexedDB runs out of quota the oldest unpinned sessions are evicted until a recording's batch fits (the
 * user is warned); a buffer's batch never evicts anything: the buffer gives up its own oldest part instead.
 */
import type { SessionRecord } from '../shared/model';
import type { Batch, RecorderDown } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { BatchMeta } from '../shared/rrweb-events';
import type { BackgroundDeps } from './deps';
import type { Retention } from './retention';
import { clampBatch, sessionWindow, TabRates } from './ingest-guard';
import { QuotaError } from './store/session-store';

export interface IngestDeps extends BackgroundDeps {
  retention: Retention;
  /** Each tab's rate (tests give smaller buckets). */
  rates?: TabRates;
}

const BUDGET_CHECK_MS = 5_000;
const BUFFER_CUT_MS = 10_000;

export class Ingest {
  private lastBudgetCheck = 0;
  private readonly lastCut = new Map<string, number>();
  private readonly rates: TabRates;
  constructor(private readonly deps: IngestDeps) {
    this.rates = deps.rates ?? new TabRates();
  }

  /** `null`: not stored for lack of space; the recorder keeps the batch and offers it again later. */
  async batch(tabId: number, batch: Batch, meta: BatchMeta): Promise<RecorderDown | null> {
    const { sessionId, pageId, seq } = batch;
    const session = await this.deps.store.get(sessionId);
    // A document may only write into a session of its own tab.
    if (!session || session.tabId !== tabId) {
      this.deps.diagnostics.report('unknown-session', `tab ${tabId} sent a batch for session ${sessionId}`);
      return { type: 'reject', sessionId, pageId, seq, error: 'unknown session' };
    }
    // A recording stopped at its size cap takes nothing more, not even what its page still flushes.
    if (session.endReason === 'max-size')
      return { type: 'reject', sessionId, pageId, seq, error: 'the session reached its size cap' };
    const now = this.deps.now();
    if (!this.rates.take(tabId, batch.events.length, now)) {
      // Unanswered: the page keeps the batch and offers it again (background-link's resend), which is the
      // backpressure; counted, not warned about (the page is the one flooding).
      this.deps.diagnostics.report('rate-limited', `tab ${tabId} batch ${pageId}/${seq}`);
      return null;
    }
    const safe = clampBatch(batch, meta, sessionWindow(session.startedAt, now));
    if (safe.clamped)
      this.deps.diagnostics.report(
        'clamped-timestamps',
        `tab ${tabId} batch ${pageId}/${seq}: ${safe.clamped} event(s)`,
      );
    const isBuffer = session.status === 'buffer';
    const result = await this.appendMakingRoom(safe.batch, safe.meta, isBuffer);
    if (result === 'no-room') return null;
    if (result === 'unknown-session') return { type: 'reject', sessionId, pageId, seq, error: 'session was deleted' };
    if (result === 'stored') {
      this.deps.diagnostics.recordIngest({
        firstTs: safe.meta.firstTs,
        lastTs: safe.meta.lastTs,
        // The wall clock, not deps.now: the benchmarks compare it with the page's event timestamps.
        committedAt: Date.now(),
        count: safe.meta.count,
        rawBytes: safe.batch.events.length,
      });
      // The library hears of a session's first batch, and of the last ones a stopped page flushes after its
      // session ended: an open panel then reads the whole session again (its live reads have ended).
      const late = session.status !== 'recording' && session.status !== 'buffer';
      if ((seq === 0 && session.status !== 'buffer') || late) this.deps.notify({ type: 'sessions-changed' });
      await this.housekeeping(tabId, session);
    }
    return { type: 'ack', sessionId, pageId, seq };
  }

  /** The tab's recording ended or the tab closed: its rate bucket goes. */
  forgetTab(tabId: number): void {
    this.rates.forget(tabId);
  }

  /**
   * Size caps, on the session's bytes before this batch (one batch late at most): a buffer drops its oldest
   * part (or starts afresh when its newest part alone is over); a recording is stopped (TabRecordings).
   */
  private async capped(tabId: number, session: SessionRecord, settings: Settings): Promise<void> {
    const MB = 1024 * 1024;
    if (session.status === 'buffer' && session.storedBytes > settings.instantReplay.maxMB * MB) {
      if (!(await this.deps.retention.capBuffer(session.id, settings.instantReplay.maxMB * MB)))
        await this.deps.events.sizeCapReached.emit({ tabId, sessionId: session.id, mode: 'buffer' });
    } else if (session.status === 'recording' && session.storedBytes > settings.recording.maxSessionMB * MB) {
      await this.deps.events.sizeCapReached.emit({ tabId, sessionId: session.id, mode: 'record' });
    }
  }

  private async appendMakingRoom(batch: Batch, meta: BatchMeta, isBuffer: boolean) {
    for (;;) {
      try {
        return await this.deps.store.append(batch, meta);
      } catch (e) {
        if (!(e instanceof QuotaError)) throw e;
        // A buffer is the page's to fill: out of quota it makes room in itself, never in saved sessions.
        if (isBuffer) {
          if (await this.deps.retention.dropOldestSegment(batch.sessionId)) continue;
          this.deps.diagnostics.report('buffer-no-room', `buffer ${batch.sessionId}: storage is full`);
          return 'no-room' as const;
        }
        const victim = await this.deps.retention.evictOldest();
        if (!victim) {
          const message =
            'Storage is full and no older session can be deleted: the page keeps the newest events and Tandem ' +
            'stores them as soon as there is room. Delete or export sessions to make room.';
          this.deps.diagnostics.warn('storage-full', message);
          this.deps.notify({ type: 'warning', message });
          return 'no-room' as const;
        }
        this.reportEvicted([victim.id], 'the browser ran out of storage quota');
      }
    }
  }

  private async housekeeping(tabId: number, session: SessionRecord): Promise<void> {
    const now = this.deps.now();
    const settings = await this.deps.settings();
    await this.capped(tabId, session, settings);
    const sessionId = session.id;
    if (session.status === 'buffer' && now - (this.lastCut.get(sessionId) ?? 0) > BUFFER_CUT_MS) {
      this.lastCut.set(sessionId, now);
      await this.deps.retention.cutBuffer(sessionId, now - settings.instantReplay.minutes * 60_000, false);
    }
    if (now - this.lastBudgetCheck > BUDGET_CHECK_MS) {
      this.lastBudgetCheck = now;
      const deleted = await this.deps.retention.enforceBudget(settings.storage.budgetMB * 1024 * 1024);
      if (deleted.length)
        this.reportEvicted(
          deleted.map((s) => s.id),
          `the ${settings.storage.budgetMB} MB storage budget was reached`,
        );
    }
  }

  /** Tells the user which sessions went and why (also used for evictions made while writing requests). */
  reportEvicted(ids: string[], why: string): void {
    const list = ids.join(', ');
    const message = `Deleted ${ids.length} oldest session(s) because ${why}: ${list}. Pin sessions to keep them.`;
    this.deps.diagnostics.warn('evicted', message);
    this.deps.notify({ type: 'warning', message });
    this.deps.notify({ type: 'sessions-changed' });
  }
}
