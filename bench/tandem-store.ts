/**
 * What Tandem stored, read from an extension page the way the panel reads it: the ingest samples the
 * background keeps (getDiagnostics) and each chunk's sizes straight from IndexedDB, without decoding.
 */
import type { Page } from 'playwright-core';
import type { IngestSample } from '../src/shared/protocol';
import type { ChunkRecord } from '../src/shared/model';
import { callBackground } from '../test/e2e/background';

export interface ChunkSize {
  firstTs: number;
  lastTs: number;
  stored: number;
  raw: number;
  snapshot: boolean;
}

export async function ingestSamples(ext: Page): Promise<IngestSample[]> {
  return (await callBackground(ext, 'getDiagnostics', {})).ingest;
}

export function chunkSizes(ext: Page, sessionId: string): Promise<ChunkSize[]> {
  return ext.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<ChunkRecord[]>((resolve, reject) => {
      const q = db.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.bound([id], [id, []]));
      q.onsuccess = () => resolve(q.result as ChunkRecord[]);
      q.onerror = () => reject(q.error);
    });
    db.close();
    return rows.map((c) => ({ firstTs: c.firstTs, lastTs: c.lastTs, stored: c.bytes.byteLength, raw: c.rawBytes, snapshot: c.snapshotTs != null }));
  }, sessionId);
}

/** Waits (polling, up to `timeoutMs`) until a stored batch holds an event from `ts` or later. */
export async function waitForStoredUntil(ext: Page, ts: number, timeoutMs: number): Promise<IngestSample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await ingestSamples(ext);
    if (samples.some((s) => s.lastTs >= ts) || Date.now() > deadline) return samples;
    await new Promise((r) => setTimeout(r, 100));
  }
}
