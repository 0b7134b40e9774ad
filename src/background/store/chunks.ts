/**
 * Event chunks: a batch is stored and its session's counters updated in one transaction, so an acknowledged
 * batch is always complete on disk and a resent one is recognised as a duplicate, also once compacted. A
 * buffer's cut (what to cut is Retention's policy) is one transaction too, so the counters always equal what
 * the chunks hold.
 */
import { encodeChunk, type Compressor } from '../../shared/chunk-codec';
import { sessionChunks } from '../../shared/db/read';
import type { ChunkRecord, SessionRecord } from '../../shared/model';
import type { Batch } from '../../shared/protocol';
import type { BatchMeta } from '../../shared/rrweb-events';
import type { Database } from './database';
import type { RedactUrl } from './redact-urls';

export type AppendResult = 'stored' | 'duplicate' | 'unknown-session';

/** A chunk record of one document's events at `seq`: a stored batch, or (compaction adds lastSeq) a merged run. */
export function chunkRecord(
  key: Pick<ChunkRecord, 'sessionId' | 'pageId' | 'seq'>,
  meta: BatchMeta,
  encoded: Pick<ChunkRecord, 'codec' | 'bytes' | 'rawBytes'>,
): ChunkRecord {
  // Field by field: `key` may be a whole batch (its events must not be stored twice).
  const { sessionId, pageId, seq } = key;
  const { codec, bytes, rawBytes } = encoded;
  const { firstTs, lastTs, count, snapshotTs } = meta;
  return { sessionId, pageId, seq, firstTs, lastTs, count, codec, bytes, rawBytes, snapshotTs };
}

/** A cut of a session's chunks, decided by Retention. */
export interface ChunkCut {
  /** Chunks deleted whole. */
  drop: readonly ChunkRecord[];
  /** A chunk rewritten under its own key (`next` holds fewer events), or null. */
  replace: { old: ChunkRecord; next: ChunkRecord } | null;
  /** Requests that started before this go too: their spans were in the dropped events. */
  requestsBefore: number;
  /** The session's new start. */
  startedAt: number;
}

const MAX_URLS = 500;

export class Chunks {
  constructor(
    private readonly database: Database,
    private readonly redactUrl: RedactUrl,
    private readonly compress?: Compressor,
    private readonly onFallback: (reason: string) => void = () => {},
  ) {}

  async append(batch: Batch, meta: BatchMeta): Promise<AppendResult> {
    // Compress before the transaction opens: an IndexedDB transaction commits at the first idle await.
    const encoded = await encodeChunk(batch.events, this.compress);
    if (encoded.fallbackReason) this.onFallback(encoded.fallbackReason);
    const url = await this.redactUrl(batch.url);
    return this.database.write(async (db) => {
      const tx = db.transaction(['sessions', 'chunks'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const chunks = tx.objectStore('chunks');
      const { sessionId, pageId, seq } = batch;
      const [session, existing, merged] = await Promise.all([
        sessions.get(sessionId),
        chunks.getKey([sessionId, pageId, seq]),
        // A compacted chunk of this document holding batches up to `seq` or later (docs/storage.md, "Compaction").
        chunks.index('byLastSeq').getKey(IDBKeyRange.bound([sessionId, pageId, seq], [sessionId, pageId, Infinity])),
      ]);
      const holds = merged !== undefined && merged[2] <= seq;
      if (!session || existing !== undefined || holds) {
        await tx.done;
        return session ? 'duplicate' : 'unknown-session';
      }
      void chunks.put(chunkRecord(batch, meta, encoded));
      void sessions.put(withBatch(session, { ...batch, url }, meta, encoded.bytes.byteLength, encoded.rawBytes));
      await tx.done;
      return 'stored';
    });
  }

  /** A session's chunks in time order (of their first event). */
  async of(sessionId: string): Promise<ChunkRecord[]> {
    return sessionChunks(await this.database.read(), sessionId);
  }

  /** Applies a cut and corrects the session's start and counters, in one transaction. */
  async cut(sessionId: string, cut: ChunkCut): Promise<void> {
    await this.database.write(async (db) => {
      const tx = db.transaction(['sessions', 'chunks', 'requests'], 'readwrite');
      // The chunks must still be the ones Retention read: compaction may have merged them since (a saved
      // buffer is a finished session), and a merged chunk under the same key holds more than the cut meant.
      const planned = [...cut.drop, ...(cut.replace ? [cut.replace.old] : [])];
      const now = await Promise.all(planned.map((c) => tx.objectStore('chunks').get([c.sessionId, c.pageId, c.seq])));
      if (now.some((c, i) => !c || c.count !== planned[i]!.count || c.lastTs !== planned[i]!.lastTs)) {
        await tx.done;
        return;
      }
      for (const c of cut.drop) void tx.objectStore('chunks').delete([c.sessionId, c.pageId, c.seq]);
      const older = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, cut.requestsBefore], false, true);
      for (const key of await tx.objectStore('requests').index('bySessionTime').getAllKeys(older))
        void tx.objectStore('requests').delete(key);
      if (cut.replace) void tx.objectStore('chunks').put(cut.replace.next);
      const session = await tx.objectStore('sessions').get(sessionId);
      if (session) void tx.objectStore('sessions').put(withCut(session, cut));
      await tx.done;
    });
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
    firstEventAt: Math.min(session.firstEventAt ?? meta.firstTs, meta.firstTs),
    lastActivityAt: Math.max(session.lastActivityAt, meta.lastActivityTs ?? 0),
  };
}

function withCut(session: SessionRecord, cut: ChunkCut): SessionRecord {
  const removed = [...cut.drop, ...(cut.replace ? [cut.replace.old] : [])];
  const added = cut.replace ? [cut.replace.next] : [];
  const sum = (list: readonly ChunkRecord[], f: (c: ChunkRecord) => number) => list.reduce((n, c) => n + f(c), 0);
  return {
    ...session,
    startedAt: cut.startedAt,
    ...(session.firstEventAt === undefined ? {} : { firstEventAt: Math.max(session.firstEventAt, cut.startedAt) }),
    eventCount: session.eventCount - sum(removed, (c) => c.count) + sum(added, (c) => c.count),
    chunkCount: session.chunkCount - cut.drop.length,
    storedBytes: session.storedBytes - sum(removed, (c) => c.bytes.byteLength) + sum(added, (c) => c.bytes.byteLength),
    rawBytes: session.rawBytes - sum(removed, (c) => c.rawBytes) + sum(added, (c) => c.rawBytes),
  };
}
