/**
 * Reads Tandem's IndexedDB from inside an extension page (same origin as the background), the way the
 * panel does: the real database, no test hooks in the product.
 */
import type { Page } from 'playwright-core';
import type { RequestRecord, SessionRecord } from '../../src/shared/model';

export interface DecodedChunk {
  pageId: string;
  seq: number;
  codec: string;
  count: number;
  events: { type: number; timestamp: number; data?: unknown }[];
}

export function storedSessions(page: Page): Promise<SessionRecord[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise<SessionRecord[]>((resolve, reject) => {
      const q = db.transaction('sessions').objectStore('sessions').getAll();
      q.onsuccess = () => resolve(q.result as SessionRecord[]);
      q.onerror = () => reject(q.error);
    });
    db.close();
    return all;
  });
}

/** Every chunk of a session, decompressed and parsed in the page. */
export function storedChunks(page: Page, sessionId: string): Promise<DecodedChunk[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    type Raw = { pageId: string; seq: number; codec: string; count: number; bytes: Uint8Array };
    const raw = await new Promise<Raw[]>((resolve, reject) => {
      const q = db.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.bound([id], [id, []]));
      q.onsuccess = () => resolve(q.result as Raw[]);
      q.onerror = () => reject(q.error);
    });
    db.close();
    const out = [];
    for (const c of raw) {
      let bytes = c.bytes;
      if (c.codec === 'gzip') {
        const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      out.push({ pageId: c.pageId, seq: c.seq, codec: c.codec, count: c.count, events: JSON.parse(new TextDecoder().decode(bytes)) });
    }
    return out;
  }, sessionId);
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

/** How many of a session's chunks contain a full snapshot (read from chunk metadata, nothing decoded). */
export function snapshotChunkCount(page: Page, sessionId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const raw = await new Promise<{ snapshotTs?: number | null }[]>((resolve, reject) => {
      const q = db.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.bound([id], [id, []]));
      q.onsuccess = () => resolve(q.result as { snapshotTs?: number | null }[]);
      q.onerror = () => reject(q.error);
    });
    db.close();
    return raw.filter((c) => c.snapshotTs != null).length;
  }, sessionId);
}

/** The request index of a session (the `requests` store), as the background wrote it. */
export function storedRequests(page: Page, sessionId: string): Promise<RequestRecord[]> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise<RequestRecord[]>((resolve, reject) => {
      const q = db.transaction('requests').objectStore('requests').getAll(IDBKeyRange.bound([id], [id, []]));
      q.onsuccess = () => resolve(q.result as RequestRecord[]);
      q.onerror = () => reject(q.error);
    });
    db.close();
    return all;
  }, sessionId);
}
