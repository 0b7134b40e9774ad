/**
 * Compaction's writes: each planned run of chunks becomes one chunk, recompressed as one stream, and replaces
 * them in one transaction that also corrects the session's counters, so a worker stopped at any point leaves
 * either the old chunks or the merged one, never both and never neither. docs/storage.md, "Compaction".
 */
import { type EncodedChunk, encodeMergedChunk } from '../../shared/chunk-codec';
import { decodeStoredEvents, type StoredEvent } from '../../shared/db/read';
import type { TandemDb } from '../../shared/db/schema';
import type { ChunkRecord, SessionRecord } from '../../shared/model';
import { batchMeta } from '../../shared/rrweb-events';
import { type ChunkInfo, type PlanOptions, planCompaction } from '../compaction/plan';
import { chunkRecord } from './chunks';
import type { Database } from './database';

export type MergedEncoder = (events: readonly StoredEvent[]) => EncodedChunk;

export interface CompactionResult {
  /** Chunks replaced, and the merged chunks that replaced them. */
  replaced: number;
  merged: number;
  /** Stored bytes of the replaced chunks, and of what replaced them. */
  bytesBefore: number;
  bytesAfter: number;
  /** Chunks left alone because they did not decode (they stay readable on their own, or reported as they were). */
  unreadable: string[];
}

type Info = ChunkInfo & Pick<ChunkRecord, 'sessionId'>;

const live = (s: SessionRecord | undefined): s is SessionRecord => s !== undefined && s.status !== 'buffer';

export class Compactor {
  constructor(
    private readonly database: Database,
    private readonly encode: MergedEncoder = encodeMergedChunk,
  ) {}

  /** One pass over a session (never a buffer: its cuts rewrite chunks on their own schedule). */
  async compact(sessionId: string, o: PlanOptions): Promise<CompactionResult> {
    const result: CompactionResult = { replaced: 0, merged: 0, bytesBefore: 0, bytesAfter: 0, unreadable: [] };
    const db = await this.database.read();
    const session = await db.get('sessions', sessionId);
    if (!live(session)) return result;
    const plan = planCompaction(await infos(db, sessionId, session.compaction?.through ?? -Infinity), o);
    for (const run of plan.runs) {
      const first = run[0]!;
      const range = IDBKeyRange.bound([sessionId, first.pageId, first.seq], [sessionId, first.pageId, run.at(-1)!.seq]);
      const chunks = await db.getAll('chunks', range);
      for (const group of await readableGroups(chunks, result.unreadable)) {
        if (await this.replace(sessionId, group)) {
          result.replaced += group.length;
          result.merged++;
        }
      }
    }
    await this.mark(sessionId, plan.through);
    return result;
  }

  /** Writes one merged chunk in place of `group`; false when the chunks changed meanwhile (nothing written). */
  private async replace(sessionId: string, group: { chunk: ChunkRecord; events: StoredEvent[] }[]): Promise<boolean> {
    const first = group[0]!.chunk;
    const last = group.at(-1)!.chunk;
    const events = group.flatMap((g) => g.events);
    const meta = batchMeta(events);
    // Encoded before the transaction opens: an IndexedDB transaction commits at the first idle await.
    const encoded = this.encode(events);
    const merged: ChunkRecord = {
      ...chunkRecord({ sessionId, pageId: first.pageId, seq: first.seq }, meta, encoded),
      lastSeq: last.seq,
      batchCounts: group.map((g) => g.events.length),
    };
    const range = IDBKeyRange.bound([sessionId, first.pageId, first.seq], [sessionId, first.pageId, last.seq]);
    return this.database.write(async (db) => {
      const tx = db.transaction(['sessions', 'chunks'], 'readwrite');
      try {
        const [session, present] = await Promise.all([
          tx.objectStore('sessions').get(sessionId),
          tx.objectStore('chunks').count(range),
        ]);
        if (!live(session) || present !== group.length) {
          await tx.done;
          return false;
        }
        // A failed request aborts the transaction and tx.done says so: their own rejections may go unheard.
        const heardThroughDone = () => {};
        const old = group.map((g) => g.chunk);
        tx.objectStore('chunks').delete(range).catch(heardThroughDone);
        tx.objectStore('chunks').put(merged).catch(heardThroughDone);
        tx.objectStore('sessions')
          .put(withMerge(session, old, merged))
          .catch(heardThroughDone);
        await tx.done;
        return true;
      } catch (e) {
        // Requests already made would commit with the transaction: a failure must take them all back.
        abortQuietly(tx);
        tx.done.catch(() => {});
        throw e;
      }
    });
  }

  /** Records where the pass got to; the mark never moves back. */
  private async mark(sessionId: string, through: number): Promise<void> {
    await this.database.write(async (db) => {
      const tx = db.transaction('sessions', 'readwrite');
      const session = await tx.store.get(sessionId);
      if (session) {
        const from = Math.max(session.compaction?.through ?? session.startedAt, through);
        void tx.store.put({ ...session, compaction: { through: from, chunkCount: session.chunkCount } });
      }
      await tx.done;
    });
  }
}

/** The chunks' metadata from `from` on, read with a cursor so no chunk's bytes are held longer than a step. */
async function infos(db: TandemDb, sessionId: string, from: number): Promise<Info[]> {
  const out: Info[] = [];
  const range = IDBKeyRange.bound([sessionId, from], [sessionId, Infinity]);
  let cursor = await db.transaction('chunks').store.index('bySessionTime').openCursor(range);
  for (; cursor; cursor = await cursor.continue()) {
    const { pageId, seq, lastSeq, firstTs, lastTs, rawBytes, snapshotTs } = cursor.value;
    out.push({ sessionId, pageId, seq, lastSeq, firstTs, lastTs, rawBytes, snapshotTs });
  }
  return out;
}

/**
 * Decodes a run as it is now; a chunk that does not decode splits it and stays as it is, and so does a gap
 * (a merged chunk says it holds every batch from its first to its last). Groups of two or more.
 */
async function readableGroups(chunks: ChunkRecord[], unreadable: string[]) {
  const groups: { chunk: ChunkRecord; events: StoredEvent[] }[][] = [[]];
  for (const chunk of chunks) {
    const prev = groups.at(-1)!.at(-1)?.chunk;
    if (chunk.lastSeq !== undefined || (prev && chunk.seq !== prev.seq + 1)) groups.push([]);
    if (chunk.lastSeq !== undefined) continue;
    try {
      groups.at(-1)!.push({ chunk, events: await decodeStoredEvents(chunk) });
    } catch {
      unreadable.push(`${chunk.pageId}/${chunk.seq}`);
      groups.push([]);
    }
  }
  return groups.filter((g) => g.length >= 2);
}

function withMerge(session: SessionRecord, old: readonly ChunkRecord[], merged: ChunkRecord): SessionRecord {
  const sum = (f: (c: ChunkRecord) => number) => old.reduce((n, c) => n + f(c), 0);
  return {
    ...session,
    chunkCount: session.chunkCount - old.length + 1,
    eventCount: session.eventCount - sum((c) => c.count) + merged.count,
    storedBytes: session.storedBytes - sum((c) => c.bytes.byteLength) + merged.bytes.byteLength,
    rawBytes: session.rawBytes - sum((c) => c.rawBytes) + merged.rawBytes,
  };
}

function abortQuietly(tx: IDBTransaction | { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: nothing of it was, or will be, committed twice.
  }
}
