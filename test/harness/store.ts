/**
 * Reads Tandem's IndexedDB from inside an extension page (same origin as the background), the way the
 * panel does: the real database, no test hooks in the product.
 */
import type { Page } from 'playwright-core';
import { unpackEvents } from '../../src/shared/event-columns';
import type { RequestRecord, SessionRecord, TraceRecord } from '../../src/shared/model';

export interface DecodedChunk {
  pageId: string;
  seq: number;
  codec: string;
  count: number;
  events: { type: number; timestamp: number; data?: unknown }[];
}

/**
 * Every record of one object store or of one session's key range, or their count. The callback stays free of nested named
 * functions: the bench runs this through tsx, whose name helper does not exist in the page.
 */
function query<R>(
  page: Page,
  op: 'getAll' | 'count',
  store: 'sessions' | 'requests' | 'traces',
  sessionId?: string,
): Promise<R> {
  return page.evaluate(
    async ([kind, name, id]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('tandem');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const range = id === undefined ? undefined : IDBKeyRange.bound([id], [id, []]);
      const result = await new Promise<unknown>((resolve, reject) => {
        const os = db.transaction(name).objectStore(name);
        const q = kind === 'count' ? os.count(range) : os.getAll(range);
        q.onsuccess = () => resolve(q.result);
        q.onerror = () => reject(q.error);
      });
      db.close();
      return result;
    },
    [op, store, sessionId] as const,
  ) as Promise<R>;
}

const readAll = <T>(page: Page, store: 'sessions' | 'requests' | 'traces', sessionId?: string): Promise<T[]> =>
  query<T[]>(page, 'getAll', store, sessionId);

export const storedSessions = (page: Page): Promise<SessionRecord[]> => readAll<SessionRecord>(page, 'sessions');

/**
 * Every batch of a session, one entry each, as the recorder sent it: decompressed in the page, parsed here (a
 * compacted chunk's column form with the product's own reader) and cut back into its batches by `batchCounts`,
 * so tests see the same batches whether or not compaction (docs/storage.md) ran before they looked.
 */
export async function storedChunks(page: Page, sessionId: string): Promise<DecodedChunk[]> {
  const stored = await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    type Raw = {
      pageId: string;
      seq: number;
      lastSeq?: number;
      batchCounts?: number[];
      codec: string;
      count: number;
      bytes: Uint8Array;
    };
    const raw = await new Promise<Raw[]>((resolve, reject) => {
      const q = db
        .transaction('chunks')
        .objectStore('chunks')
        .getAll(IDBKeyRange.bound([id], [id, []]));
      q.onsuccess = () => resolve(q.result as Raw[]);
      q.onerror = () => reject(q.error);
    });
    db.close();
    const out = [];
    for (const c of raw) {
      let bytes = c.bytes;
      if (c.codec !== 'none') {
        const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
          .stream()
          .pipeThrough(new DecompressionStream('gzip'));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      const { pageId, seq, lastSeq, batchCounts, codec, count } = c;
      out.push({ pageId, seq, lastSeq, batchCounts, codec, count, text: new TextDecoder().decode(bytes) });
    }
    return out;
  }, sessionId);
  return stored.flatMap((c) => {
    const events = (c.codec === 'gzip-columns' ? unpackEvents(c.text) : JSON.parse(c.text)) as DecodedChunk['events'];
    if (c.lastSeq === undefined || !c.batchCounts)
      return [{ pageId: c.pageId, seq: c.seq, codec: c.codec, count: c.count, events }];
    let at = 0;
    return c.batchCounts.map((count, i) => {
      const part = events.slice(at, at + count);
      at += count;
      return { pageId: c.pageId, seq: c.seq + i, codec: c.codec, count, events: part };
    });
  });
}

/** Sequence numbers of each document's chunks must run 0..n-1 with no gap and no repeat. */
export function sequenceProblems(chunks: DecodedChunk[]): string[] {
  const byPage = new Map<string, number[]>();
  for (const c of chunks) byPage.set(c.pageId, [...(byPage.get(c.pageId) ?? []), c.seq]);
  const problems: string[] = [];
  for (const [pageId, seqs] of byPage) {
    const sorted = [...seqs].sort((a, b) => a - b);
    sorted.forEach((s, i) => {
      if (s !== i) problems.push(`page ${pageId}: expected seq ${i}, found ${s}`);
    });
  }
  return problems;
}

export interface ChunkSize {
  pageId: string;
  seq: number;
  firstTs: number;
  lastTs: number;
  stored: number;
  raw: number;
  snapshot: boolean;
  /** Where its replay start is (Meta + full snapshot), null if it has none. */
  snapshotTs: number | null;
}

/** Each chunk's key, time range, sizes and replay start, in time order, from metadata: nothing decoded. */
export function chunkSizes(page: Page, sessionId: string): Promise<ChunkSize[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    type Raw = { pageId: string; seq: number; firstTs: number; lastTs: number; bytes: Uint8Array; rawBytes: number } & {
      snapshotTs?: number | null;
    };
    const rows = await new Promise<Raw[]>((resolve, reject) => {
      const q = db
        .transaction('chunks')
        .objectStore('chunks')
        .getAll(IDBKeyRange.bound([id], [id, []]));
      q.onsuccess = () => resolve((q.result as Raw[]).sort((a, b) => a.firstTs - b.firstTs));
      q.onerror = () => reject(q.error);
    });
    db.close();
    return rows.map((c) => ({
      pageId: c.pageId,
      seq: c.seq,
      firstTs: c.firstTs,
      lastTs: c.lastTs,
      stored: c.bytes.byteLength,
      raw: c.rawBytes,
      snapshot: c.snapshotTs != null,
      snapshotTs: c.snapshotTs ?? null,
    }));
  }, sessionId);
}

/** How many of a session's chunks contain a full snapshot. */
export const snapshotChunkCount = async (page: Page, sessionId: string): Promise<number> =>
  (await chunkSizes(page, sessionId)).filter((c) => c.snapshot).length;

/** The request index of a session (the `requests` store), as the background wrote it. */
export const storedRequests = (page: Page, sessionId: string): Promise<RequestRecord[]> =>
  readAll<RequestRecord>(page, 'requests', sessionId);

/** How many request records a session has stored (a count, so polling it stays cheap). */
export const storedRequestCount = (page: Page, sessionId: string): Promise<number> =>
  query<number>(page, 'count', 'requests', sessionId);

/** A session's stored backend traces (the `traces` store), as the background wrote them. */
export const storedTraces = (page: Page, sessionId: string): Promise<TraceRecord[]> =>
  readAll<TraceRecord>(page, 'traces', sessionId);
