/**
 * The only writer of the IndexedDB database: sessions and their event chunks.
 * A batch is stored and its session's counters updated in one transaction, so an acknowledged
 * batch is always complete on disk and a resent one is recognised as a duplicate.
 */
import { encodeChunk, type Compressor } from '../shared/chunk-codec';
import type { TandemDb } from '../shared/db/schema';
import { newPageId } from '../shared/random-ids';
import type { EndReason, RequestRecord, SessionRecord, SessionTrigger } from '../shared/model';
import type { Batch } from '../shared/protocol';

export type AppendResult = 'stored' | 'duplicate' | 'unknown-session';

export interface BatchMeta {
  count: number;
  firstTs: number;
  lastTs: number;
  /** Newest user action in the batch (input, click, scroll, navigation), or null. */
  lastActivityTs: number | null;
  snapshotTs: number | null;
}

export interface NewSession {
  id: string;
  tabId: number;
  trigger: SessionTrigger;
  buffer?: boolean;
  url: string;
  title: string;
  now: number;
}

/** IndexedDB refused a write for lack of space (the origin's quota or the disk). */
export class QuotaError extends Error {}

const MAX_URLS = 500;

export const isQuotaError = (e: unknown): boolean =>
  e instanceof DOMException ? e.name === 'QuotaExceededError' : e instanceof Error && /quota/i.test(e.name + e.message);

/** Requests written in one transaction at most (a chunk of their spans stays well under a batch's size). */
const MAX_REQUESTS_PER_WRITE = 200;
/**
 * How long the first request of a quiet spell waits for others before it is written. A page's requests end
 * a few milliseconds apart, each a little after the last write finished, so without a wait every request
 * was a transaction of its own (session read and write, a chunk, an index entry): 1000 fetches cost the
 * worker ~0.2 ms of IndexedDB calls each, besides the storage process's work (bench/wrapper.ts).
 */
export const REQUEST_WRITE_DELAY_MS = 100;

export interface SessionStoreOptions {
  /** 0 writes each request as soon as no write is running (group commit only). */
  requestWriteDelayMs?: number;
}

export class SessionStore {
  private readonly requestWriteDelayMs: number;

  constructor(
    readonly db: () => Promise<TandemDb>,
    private readonly compress?: Compressor,
    private readonly onFallback: (reason: string) => void = () => {},
    options: SessionStoreOptions = {},
  ) {
    this.requestWriteDelayMs = options.requestWriteDelayMs ?? REQUEST_WRITE_DELAY_MS;
  }

  /** Requests are written into the event stream as chunks of their own "document", one per worker life. */
  private readonly networkPageId = newPageId();
  private readonly networkSeq = new Map<string, number>();

  /**
   * Requests waiting to be written. The first one of a quiet spell waits `requestWriteDelayMs` for others;
   * while a write runs, the next ones queue here too; each write takes them all, one gzip chunk per
   * session for their spans (group commit).
   */
  private requestQueue: {
    record: RequestRecord;
    span: { timestamp: number };
    done: (ok: boolean) => void;
    fail: (e: unknown) => void;
  }[] = [];
  private writingRequests = false;
  private requestTimer: ReturnType<typeof setTimeout> | null = null;

  /** Stores a request in the request index and its performanceSpan in the session's events, together. */
  appendRequest(record: RequestRecord, span: { timestamp: number }): Promise<boolean> {
    return new Promise((done, fail) => {
      this.requestQueue.push({ record, span, done, fail });
      if (this.writingRequests || this.requestTimer) return;
      if (this.requestWriteDelayMs <= 0) void this.drainRequests();
      else
        this.requestTimer = setTimeout(() => {
          this.requestTimer = null;
          void this.drainRequests();
        }, this.requestWriteDelayMs);
    });
  }

  private async drainRequests(): Promise<void> {
    this.writingRequests = true;
    try {
      while (this.requestQueue.length > 0) {
        const queued = this.requestQueue.splice(0, MAX_REQUESTS_PER_WRITE);
        const bySession = new Map<string, typeof queued>();
        for (const q of queued) bySession.set(q.record.sessionId, [...(bySession.get(q.record.sessionId) ?? []), q]);
        for (const [sessionId, items] of bySession) {
          try {
            const ok = await this.writeRequests(sessionId, items);
            for (const item of items) item.done(ok);
          } catch (e) {
            for (const item of items) item.fail(e);
          }
        }
      }
    } finally {
      this.writingRequests = false;
    }
  }

  private async writeRequests(
    sessionId: string,
    items: { record: RequestRecord; span: { timestamp: number } }[],
  ): Promise<boolean> {
    const spans = items.map((i) => i.span).sort((x, y) => x.timestamp - y.timestamp);
    const encoded = await encodeChunk(JSON.stringify(spans), this.compress);
    const seq = this.networkSeq.get(sessionId) ?? 0;
    this.networkSeq.set(sessionId, seq + 1);
    return this.write(async (db) => {
      const tx = db.transaction(['sessions', 'chunks', 'requests'], 'readwrite');
      const session = await tx.objectStore('sessions').get(sessionId);
      if (!session) {
        await tx.done;
        return false;
      }
      for (const { record } of items) void tx.objectStore('requests').put(record);
      void tx.objectStore('chunks').put({
        sessionId,
        pageId: this.networkPageId,
        seq,
        firstTs: spans[0]!.timestamp,
        lastTs: spans.at(-1)!.timestamp,
        count: spans.length,
        codec: encoded.codec,
        bytes: encoded.bytes,
        rawBytes: encoded.rawBytes,
        snapshotTs: null,
      });
      void tx.objectStore('sessions').put({
        ...session,
        eventCount: session.eventCount + spans.length,
        chunkCount: session.chunkCount + 1,
        storedBytes: session.storedBytes + encoded.bytes.byteLength,
        rawBytes: session.rawBytes + encoded.rawBytes,
      });
      await tx.done;
      return true;
    });
  }

  async create(input: NewSession): Promise<SessionRecord> {
    const record: SessionRecord = {
      id: input.id,
      tabId: input.tabId,
      trigger: input.trigger,
      status: input.buffer ? 'buffer' : 'recording',
      startedAt: input.now,
      endedAt: null,
      lastEventAt: input.now,
      lastActivityAt: input.now,
      endReason: null,
      firstUrl: input.url,
      title: input.title,
      urls: input.url ? [input.url] : [],
      pageCount: 0,
      eventCount: 0,
      chunkCount: 0,
      storedBytes: 0,
      rawBytes: 0,
      pinned: false,
    };
    await this.write(async (db) => db.put('sessions', record));
    return record;
  }

  async append(batch: Batch, meta: BatchMeta): Promise<AppendResult> {
    // Compress before the transaction opens: an IndexedDB transaction commits at the first idle await.
    const encoded = await encodeChunk(batch.events, this.compress);
    if (encoded.fallbackReason) this.onFallback(encoded.fallbackReason);
    return this.write(async (db) => {
      const tx = db.transaction(['sessions', 'chunks'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const chunks = tx.objectStore('chunks');
      const [session, existing] = await Promise.all([
        sessions.get(batch.sessionId),
        chunks.getKey([batch.sessionId, batch.pageId, batch.seq]),
      ]);
      if (!session || existing !== undefined) {
        await tx.done;
        return session ? 'duplicate' : 'unknown-session';
      }
      void chunks.put({
        sessionId: batch.sessionId,
        pageId: batch.pageId,
        seq: batch.seq,
        firstTs: meta.firstTs,
        lastTs: meta.lastTs,
        count: meta.count,
        codec: encoded.codec,
        bytes: encoded.bytes,
        rawBytes: encoded.rawBytes,
        snapshotTs: meta.snapshotTs,
      });
      void sessions.put(withBatch(session, batch, meta, encoded.bytes.byteLength, encoded.rawBytes));
      await tx.done;
      return 'stored';
    });
  }

  /** Ends a live session (recording or buffer); `interrupted` ends it at its last stored event. */
  async finish(id: string, status: 'complete' | 'interrupted', reason: EndReason, at: number): Promise<void> {
    await this.update(id, (s) =>
      s.status === 'recording' || s.status === 'buffer'
        ? { ...s, status, endReason: reason, endedAt: status === 'interrupted' ? s.lastEventAt : at }
        : null,
    );
  }

  /** Marks every live session that is not in `live` as interrupted (its tab or the browser died); buffers are dropped. */
  async interruptAllExcept(live: ReadonlySet<string>): Promise<string[]> {
    const db = await this.db();
    const stale = (await db.getAll('sessions')).filter(
      (s) => (s.status === 'recording' || s.status === 'buffer') && !live.has(s.id),
    );
    for (const s of stale) {
      if (s.status === 'buffer') await this.delete(s.id);
      else await this.finish(s.id, 'interrupted', 'interrupted', s.lastEventAt);
    }
    return stale.filter((s) => s.status === 'recording').map((s) => s.id);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return (await this.db()).get('sessions', id);
  }

  async setPinned(id: string, pinned: boolean): Promise<boolean> {
    return (await this.update(id, (s) => ({ ...s, pinned }))) !== undefined;
  }

  /** Applies `change` to a session in one transaction; returns the new record, or undefined if absent/unchanged. */
  async update(id: string, change: (s: SessionRecord) => SessionRecord | null): Promise<SessionRecord | undefined> {
    return this.write(async (db) => {
      const tx = db.transaction('sessions', 'readwrite');
      const session = await tx.store.get(id);
      const next = session ? change(session) : null;
      if (next) await tx.store.put(next);
      await tx.done;
      return next ?? undefined;
    });
  }

  async delete(id: string): Promise<boolean> {
    const db = await this.db();
    const tx = db.transaction(['sessions', 'chunks', 'requests'], 'readwrite');
    const found = (await tx.objectStore('sessions').getKey(id)) !== undefined;
    await tx.objectStore('sessions').delete(id);
    await tx.objectStore('chunks').delete(IDBKeyRange.bound([id], [id, []]));
    await tx.objectStore('requests').delete(IDBKeyRange.bound([id], [id, []]));
    await tx.done;
    return found;
  }

  /** Runs a write; a quota failure becomes a QuotaError so callers can make room and try again. */
  private async write<T>(fn: (db: TandemDb) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.db());
    } catch (e) {
      if (isQuotaError(e)) throw new QuotaError(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }
}

function withBatch(
  session: SessionRecord,
  batch: Batch,
  meta: BatchMeta,
  storedBytes: number,
  rawBytes: number,
): SessionRecord {
  const urls =
    batch.url && !session.urls.includes(batch.url) && session.urls.length < MAX_URLS
      ? [...session.urls, batch.url]
      : session.urls;
  return {
    ...session,
    urls,
    firstUrl: session.firstUrl || batch.url,
    title: session.title || batch.title,
    pageCount: session.pageCount + (batch.seq === 0 ? 1 : 0),
    eventCount: session.eventCount + meta.count,
    chunkCount: session.chunkCount + 1,
    storedBytes: session.storedBytes + storedBytes,
    rawBytes: session.rawBytes + rawBytes,
    lastEventAt: Math.max(session.lastEventAt, meta.lastTs),
    lastActivityAt: Math.max(session.lastActivityAt, meta.lastActivityTs ?? 0),
  };
}
