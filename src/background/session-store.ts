/**
 * The only writer of the IndexedDB database: sessions and their event chunks.
 * A batch is stored and its session's counters updated in one transaction, so an acknowledged
 * batch is always complete on disk and a resent one is recognised as a duplicate.
 */
import { encodeChunk, type Compressor } from '../shared/chunk-codec';
import type { TandemDb } from '../shared/db/schema';
import type { SessionRecord, SessionStatus, SessionTrigger } from '../shared/model';
import type { Batch } from '../shared/protocol';

export type AppendResult = 'stored' | 'duplicate' | 'unknown-session';

export interface BatchMeta {
  count: number;
  firstTs: number;
  lastTs: number;
}

export interface NewSession {
  id: string;
  tabId: number;
  trigger: SessionTrigger;
  url: string;
  title: string;
  now: number;
}

const MAX_URLS = 500;

export class SessionStore {
  constructor(
    private readonly db: () => Promise<TandemDb>,
    private readonly compress?: Compressor,
    private readonly onFallback: (reason: string) => void = () => {},
  ) {}

  async create(input: NewSession): Promise<SessionRecord> {
    const record: SessionRecord = {
      id: input.id,
      tabId: input.tabId,
      trigger: input.trigger,
      status: 'recording',
      startedAt: input.now,
      endedAt: null,
      lastEventAt: input.now,
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
    await (await this.db()).put('sessions', record);
    return record;
  }

  async append(batch: Batch, meta: BatchMeta): Promise<AppendResult> {
    // Compress before the transaction opens: an IndexedDB transaction commits at the first idle await.
    const encoded = await encodeChunk(batch.events, this.compress);
    if (encoded.fallbackReason) this.onFallback(encoded.fallbackReason);
    const db = await this.db();
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
    });
    void sessions.put(withBatch(session, batch, meta, encoded.bytes.byteLength, encoded.rawBytes));
    await tx.done;
    return 'stored';
  }

  async finish(id: string, status: Exclude<SessionStatus, 'recording'>, at: number): Promise<void> {
    const db = await this.db();
    const tx = db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    if (session && session.status === 'recording') {
      await tx.store.put({ ...session, status, endedAt: status === 'interrupted' ? session.lastEventAt : at });
    }
    await tx.done;
  }

  /** Marks every session still 'recording' that is not live as interrupted (its tab or the browser died). */
  async interruptAllExcept(live: ReadonlySet<string>): Promise<string[]> {
    const db = await this.db();
    const stale = (await db.getAll('sessions')).filter((s) => s.status === 'recording' && !live.has(s.id));
    for (const s of stale) await this.finish(s.id, 'interrupted', s.lastEventAt);
    return stale.map((s) => s.id);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return (await this.db()).get('sessions', id);
  }

  async delete(id: string): Promise<boolean> {
    const db = await this.db();
    const tx = db.transaction(['sessions', 'chunks'], 'readwrite');
    const found = (await tx.objectStore('sessions').getKey(id)) !== undefined;
    await tx.objectStore('sessions').delete(id);
    await tx.objectStore('chunks').delete(IDBKeyRange.bound([id], [id, []]));
    await tx.done;
    return found;
  }
}

function withBatch(session: SessionRecord, batch: Batch, meta: BatchMeta, storedBytes: number, rawBytes: number): SessionRecord {
  const urls = batch.url && !session.urls.includes(batch.url) && session.urls.length < MAX_URLS ? [...session.urls, batch.url] : session.urls;
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
  };
}
