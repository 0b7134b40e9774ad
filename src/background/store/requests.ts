/**
 * Request records (network capture) and their performanceSpans: a request goes into the request index and
 * its span into the session's events, together. Writes are grouped: requests waiting when a write starts
 * share its transaction and one chunk per session (group commit).
 */
import { encodeChunk, type Compressor } from '../../shared/chunk-codec';
import { newPageId } from '../../shared/random-ids';
import type { RequestRecord } from '../../shared/model';
import { type Database, QuotaError } from './database';
import { readSessionRequests } from '../../shared/db/read-requests';

/** Requests written in one transaction at most (a chunk of their spans stays well under a batch's size). */
const MAX_REQUESTS_PER_WRITE = 200;
/**
 * How long the first request of a quiet spell waits for others before it is written. A page's requests end
 * a few milliseconds apart, each a little after the last write finished, so without a wait every request
 * was a transaction of its own (session read and write, a chunk, an index entry): see bench/fetch/wrapper.ts for
 * what each cost the worker.
 */
export const REQUEST_WRITE_DELAY_MS = 100;

interface Queued {
  record: RequestRecord;
  span: { timestamp: number };
  done: (ok: boolean) => void;
  fail: (e: unknown) => void;
}

export class Requests {
  /** Requests are written into the event stream as chunks of their own "document", one per worker life. */
  private readonly networkPageId = newPageId();
  private readonly networkSeq = new Map<string, number>();
  /**
   * Requests waiting to be written. The first one of a quiet spell waits `delayMs` for others; while a
   * write runs, the next ones queue here too; each write takes them all.
   */
  private queue: Queued[] = [];
  private writing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly database: Database,
    private readonly compress: Compressor | undefined,
    /** 0 writes each request as soon as no write is running (group commit only). */
    private readonly delayMs: number,
    /** Out of quota: frees space (evicts a finished session) and says whether it could. */
    private readonly makeRoom: () => Promise<boolean> = async () => false,
  ) {}

  /** Stores a request in the request index and its span in the session's events; false: no such session. */
  append(record: RequestRecord, span: { timestamp: number }): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ record, span, done, fail });
      if (this.writing || this.timer) return;
      if (this.delayMs <= 0) void this.drain();
      else
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.drain();
        }, this.delayMs);
    });
  }

  /** A session's requests in start-time order (the same query the panel reads with). */
  async of(sessionId: string): Promise<RequestRecord[]> {
    return readSessionRequests(await this.database.read(), sessionId);
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const queued = this.queue.splice(0, MAX_REQUESTS_PER_WRITE);
        const bySession = new Map<string, Queued[]>();
        for (const q of queued) bySession.set(q.record.sessionId, [...(bySession.get(q.record.sessionId) ?? []), q]);
        for (const [sessionId, items] of bySession) {
          try {
            const ok = await this.writeMakingRoom(sessionId, items);
            for (const item of items) item.done(ok);
          } catch (e) {
            for (const item of items) item.fail(e);
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Requests, like batches, make room by evicting old sessions rather than being dropped for lack of it. */
  private async writeMakingRoom(sessionId: string, items: Queued[]): Promise<boolean> {
    const spans = items.map((i) => i.span).sort((x, y) => x.timestamp - y.timestamp);
    const encoded = await encodeChunk(JSON.stringify(spans), this.compress);
    const seq = this.networkSeq.get(sessionId) ?? 0;
    this.networkSeq.set(sessionId, seq + 1);
    for (;;) {
      try {
        return await this.write(sessionId, items, spans, encoded, seq);
      } catch (e) {
        if (!(e instanceof QuotaError) || !(await this.makeRoom())) throw e;
      }
    }
  }

  private write(
    sessionId: string,
    items: Queued[],
    spans: { timestamp: number }[],
    encoded: Awaited<ReturnType<typeof encodeChunk>>,
    seq: number,
  ): Promise<boolean> {
    return this.database.write(async (db) => {
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
}
