/**
 * Batches one session's events in the page and keeps every batch until the background says it is in
 * IndexedDB. Sequence numbers start at 0 per (session, document) and never skip, so the stored chunks
 * prove completeness; a batch resent after a reconnect keeps its number and is dropped as a duplicate.
 */
import type { Batch } from '../shared/protocol';

export interface OutboxOptions {
  sessionId: string;
  pageId: string;
  maxMs: number;
  maxBytes: number;
  /** Delivers a batch; returns false when there is no connection (it stays queued for resend). */
  send: (batch: Batch) => boolean;
  page: () => { url: string; title: string };
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: every ASCII code point, control characters included.
const NON_ASCII = /[^\x00-\x7f]/;
const encoder = new TextEncoder();

export class Outbox {
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: unknown = null;
  private nextSeq = 0;
  private immediate = false;
  private readonly unacked = new Map<number, { batch: Batch; sentAt: number }>();

  constructor(private readonly o: OutboxOptions) {}

  get sessionId(): string {
    return this.o.sessionId;
  }

  /** The highest seq created so far, -1 before the first batch. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  get unackedCount(): number {
    return this.unacked.size;
  }

  add(event: unknown): void {
    this.addJson(JSON.stringify(event));
  }

  /** An event already serialized (rrweb's, in the page: see shared/protocol/dom-bridge.ts). */
  addJson(json: string): void {
    this.pending.push(json);
    // UTF-8 bytes, cheaply: most recorded JSON is ASCII, where characters are bytes.
    this.pendingBytes += NON_ASCII.test(json) ? encoder.encode(json).byteLength : json.length;
    if (this.immediate || this.pendingBytes >= this.o.maxBytes) this.flush();
    else if (this.timer === null) this.timer = (this.o.setTimer ?? setTimeout)(() => this.flush(), this.o.maxMs);
  }

  /** Seals what is pending into a numbered batch and sends it. Synchronous, so it is safe in pagehide. */
  flush(): void {
    if (this.timer !== null) (this.o.clearTimer ?? ((h) => clearTimeout(h as number)))(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const { url, title } = this.o.page();
    const batch: Batch = {
      type: 'batch',
      sessionId: this.o.sessionId,
      pageId: this.o.pageId,
      seq: this.nextSeq++,
      url,
      title,
      events: `[${this.pending.join(',')}]`,
    };
    this.pending = [];
    this.pendingBytes = 0;
    this.unacked.set(batch.seq, { batch, sentAt: Date.now() });
    this.o.send(batch);
  }

  /** New batch limits (settings changed mid-session); applies from the next batch. */
  setLimits(maxMs: number, maxBytes: number): void {
    this.o.maxMs = maxMs;
    this.o.maxBytes = maxBytes;
  }

  /** From now on every event is sent as soon as it is added (the document is unloading). */
  sendImmediately(): void {
    this.immediate = true;
    this.flush();
  }

  /** Acknowledged (stored) or rejected for good (malformed): either way it is no longer ours to resend. */
  settle(seq: number): void {
    this.unacked.delete(seq);
  }

  /**
   * Everything not yet acknowledged goes again, in order: after a reconnect (`olderThanMs` 0), or
   * periodically for batches the background could not store yet (storage full).
   */
  resend(olderThanMs = 0): void {
    const now = Date.now();
    for (const seq of [...this.unacked.keys()].sort((a, b) => a - b)) {
      const entry = this.unacked.get(seq)!;
      if (now - entry.sentAt < olderThanMs) continue;
      if (!this.o.send(entry.batch)) return;
      entry.sentAt = now;
    }
  }
}
