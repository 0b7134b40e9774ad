/**
 * Batches one session's events in the page and keeps every batch until the background says it is in
 * IndexedDB. Sequence numbers start at 0 per (session, document) and never skip, so the stored chunks
 * prove completeness; a batch resent after a reconnect keeps its number and is dropped as a duplicate.
 * Every batch fits in a port message (an event too big is cut or dropped, see oversize.ts), and what waits
 * for an acknowledgement is bounded: past the limits the oldest batches are given up. Whatever is lost
 * leaves a breadcrumb in the session.
 */
import { type Batch, EVENTS_MAX_CHARS, fitPage } from '../shared/protocol';
import {
  eventType,
  FULL_SNAPSHOT,
  INCREMENTAL_SNAPSHOT,
  oversizeBreadcrumb,
  rejectedBreadcrumb,
  resumedBreadcrumb,
  shrinkEvent,
  unackedDroppedBreadcrumb,
  utf8Bytes,
} from './oversize';

export interface OutboxLimits {
  /** A batch's event text in UTF-8 bytes: never more characters than the batch schema allows. */
  batchBytes: number;
  /** Unacknowledged batches kept for resending (storage full, worker gone); past either, the oldest go. */
  unackedBytes: number;
  unackedBatches: number;
}

export const OUTBOX_LIMITS: OutboxLimits = {
  batchBytes: EVENTS_MAX_CHARS,
  unackedBytes: 32 * 1024 * 1024,
  unackedBatches: 2000,
};

/**
 * A batch offered this many times without any answer, while batches offered after it were answered, is one
 * the background cannot read (see docs/protocol.md): given up rather than offered forever.
 */
const UNANSWERED_OFFERS = 3;

interface Unacked {
  batch: Batch;
  sentAt: number;
  bytes: number;
  /** How many times it went out, and the number of its last sending among all of this outbox's. */
  offers: number;
  lastOffer: number;
  /** The background answered `busy` for it: it can read it, and has no room yet. */
  seen: boolean;
}

/** Room in every batch for its brackets and a breadcrumb about batches given up (added when it is sealed). */
const BATCH_RESERVE = 1024;

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
  limits?: Partial<OutboxLimits>;
}

export class Outbox {
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer: unknown = null;
  private nextSeq = 0;
  private immediate = false;
  /** In seq order: a Map iterates in insertion order, and seqs only grow. */
  private readonly unacked = new Map<number, Unacked>();
  private unackedBytes = 0;
  private offers = 0;
  /** The newest offer the background answered (ack, reject or busy). */
  private answeredOffer = 0;
  /** Batches given up since the last breadcrumb about it. */
  private lost = { batches: 0, bytes: 0 };
  /** Page changes skipped since a DOM event was dropped; null while the replay's DOM is whole. */
  private skipping: number | null = null;
  private readonly limits: OutboxLimits;

  constructor(private readonly o: OutboxOptions) {
    this.limits = { ...OUTBOX_LIMITS, ...o.limits };
  }

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
    let bytes = utf8Bytes(json);
    const max = this.limits.batchBytes - BATCH_RESERVE;
    if (bytes > max) {
      const shrunk = shrinkEvent(json, max);
      this.add(oversizeBreadcrumb(Date.now(), shrunk, bytes, max));
      if (shrunk.json === null) {
        // Later page changes refer to what was dropped: the replay waits for the next full snapshot.
        if (shrunk.type === FULL_SNAPSHOT || shrunk.type === INCREMENTAL_SNAPSHOT) this.skipping ??= 0;
        return;
      }
      json = shrunk.json;
      bytes = utf8Bytes(json);
    }
    if (this.skipping !== null) {
      const type = eventType(json);
      if (type === INCREMENTAL_SNAPSHOT) {
        this.skipping++;
        return;
      }
      if (type === FULL_SNAPSHOT) {
        const skipped = this.skipping;
        this.skipping = null;
        this.push(json, bytes);
        this.add(resumedBreadcrumb(Date.now(), skipped));
        return;
      }
    }
    this.push(json, bytes);
  }

  private push(json: string, bytes: number): void {
    // With it the batch would be too big to send: seal what is pending first (n events take n - 1 commas).
    if (
      this.pending.length > 0 &&
      this.pendingBytes + this.pending.length + bytes + BATCH_RESERVE > this.limits.batchBytes
    )
      this.flush();
    this.pending.push(json);
    this.pendingBytes += bytes;
    if (this.immediate || this.pendingBytes >= this.o.maxBytes) this.flush();
    else if (this.timer === null) this.timer = (this.o.setTimer ?? setTimeout)(() => this.flush(), this.o.maxMs);
  }

  /** Seals what is pending into a numbered batch and sends it. Synchronous, so it is safe in pagehide. */
  flush(): void {
    if (this.timer !== null) (this.o.clearTimer ?? ((h) => clearTimeout(h as number)))(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    if (this.lost.batches > 0) {
      // Rides with events, never alone: a batch of its own could push the next oldest out, and so on.
      const crumb = JSON.stringify(unackedDroppedBreadcrumb(Date.now(), this.lost.batches, this.lost.bytes));
      this.pending.push(crumb);
      this.pendingBytes += utf8Bytes(crumb);
      this.lost = { batches: 0, bytes: 0 };
    }
    const { url, title } = fitPage(this.o.page());
    const batch: Batch = {
      type: 'batch',
      sessionId: this.o.sessionId,
      pageId: this.o.pageId,
      seq: this.nextSeq++,
      url,
      title,
      events: `[${this.pending.join(',')}]`,
    };
    const bytes = this.pendingBytes + this.pending.length + 1;
    this.pending = [];
    this.pendingBytes = 0;
    const entry: Unacked = { batch, sentAt: Date.now(), bytes, offers: 0, lastOffer: 0, seen: false };
    this.unacked.set(batch.seq, entry);
    this.unackedBytes += bytes;
    this.offer(entry);
    this.trimUnacked();
  }

  /** Gives up the oldest unacknowledged batches beyond the limits; the newest is always kept. */
  private trimUnacked(): void {
    for (const [seq, entry] of this.unacked) {
      if (this.unacked.size <= 1) return;
      if (this.unackedBytes <= this.limits.unackedBytes && this.unacked.size <= this.limits.unackedBatches) return;
      this.forget(seq);
      this.lost.batches++;
      this.lost.bytes += entry.bytes;
    }
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
    const entry = this.unacked.get(seq);
    if (!entry) return;
    this.answeredOffer = Math.max(this.answeredOffer, entry.lastOffer);
    this.forget(seq);
  }

  private forget(seq: number): void {
    const entry = this.unacked.get(seq);
    if (!entry) return;
    this.unacked.delete(seq);
    this.unackedBytes -= entry.bytes;
  }

  /** The background has no room for this batch yet (storage full): it stays, and is offered again. */
  busy(seq: number): void {
    const entry = this.unacked.get(seq);
    if (!entry) return;
    entry.seen = true;
    this.answeredOffer = Math.max(this.answeredOffer, entry.lastOffer);
  }

  /** The background refused this batch as malformed: settled, and the session says its events are missing. */
  rejected(seq: number, error: string): void {
    if (!this.unacked.has(seq)) return;
    this.settle(seq);
    this.add(rejectedBreadcrumb(Date.now(), seq, error));
  }

  /**
   * Everything not yet acknowledged goes again, in order: after a reconnect (`olderThanMs` 0), or
   * periodically for batches the background could not store yet (storage full).
   */
  resend(olderThanMs = 0): void {
    const now = Date.now();
    for (const seq of [...this.unacked.keys()].sort((a, b) => a - b)) {
      const entry = this.unacked.get(seq);
      if (!entry || now - entry.sentAt < olderThanMs) continue;
      if (!entry.seen && entry.offers >= UNANSWERED_OFFERS && this.answeredOffer > entry.lastOffer) {
        this.rejected(seq, `no answer from Tandem's background after ${entry.offers} tries`);
        continue;
      }
      if (!this.offer(entry)) return;
      entry.sentAt = now;
    }
  }

  private offer(entry: Unacked): boolean {
    if (!this.o.send(entry.batch)) return false;
    entry.offers++;
    entry.lastOffer = ++this.offers;
    return true;
  }
}
