/**
 * What a page cannot make the store do, however much it sends: write faster than a set rate (the batch goes
 * unanswered and the page's outbox offers it again later: backpressure, nothing is lost), or stamp events
 * with times far from the background's clock (which would stretch a session to years, keep a buffer's old
 * part forever, or sort it before every other session). Pure: Ingest applies the answers.
 */
import type { Batch } from '../shared/protocol';
import { batchMeta, type BatchMeta, type EventShape } from '../shared/rrweb-events';

/**
 * Bytes of event JSON a tab may hand over per second, sustained, and at once. Above the firehose bench page's
 * 6.4 MB/s (BENCHMARKS.md), which Tandem stores in full; a page sending more is held back, not cut off.
 */
export const TAB_RATE_BYTES_PER_S = 8 * 1024 * 1024;
export const TAB_BURST_BYTES = 32 * 1024 * 1024;

/**
 * How far before its session's start an event may be stamped: a document's earliest console output and
 * errors are kept in the page until the background answers its hello, which creates the session.
 */
export const EARLY_SLACK_MS = 60_000;
/** How far ahead of the background's clock: the page and the worker read the same system clock. */
export const FUTURE_SLACK_MS = 10_000;

/** A token bucket of bytes per tab. */
export class TabRates {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerS = TAB_RATE_BYTES_PER_S,
    private readonly burst = TAB_BURST_BYTES,
  ) {}

  /** Takes `bytes` from the tab's bucket if they are there; false means "not now". */
  take(tabId: number, bytes: number, now: number): boolean {
    const b = this.buckets.get(tabId) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (Math.max(0, now - b.at) * this.ratePerS) / 1000);
    b.at = now;
    this.buckets.set(tabId, b);
    // A batch larger than the burst could never pass; it passes on a full bucket and empties it.
    const cost = Math.min(bytes, this.burst);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  /** The tab closed or stopped recording: its bucket goes (the map holds only tabs that send). */
  forget(tabId: number): void {
    this.buckets.delete(tabId);
  }
}

export interface TimeWindow {
  lo: number;
  hi: number;
}

/** The times a session's events may carry, on the background's clock. */
export function sessionWindow(startedAt: number, now: number): TimeWindow {
  return { lo: startedAt - EARLY_SLACK_MS, hi: now + FUTURE_SLACK_MS };
}

/**
 * The batch with every event time moved into `window`, and its summary again; the batch itself when all were
 * inside (the common case costs two comparisons: the summary already holds the extremes).
 */
export function clampBatch(
  batch: Batch,
  meta: BatchMeta,
  window: TimeWindow,
): { batch: Batch; meta: BatchMeta; clamped: number } {
  if (meta.firstTs >= window.lo && meta.lastTs <= window.hi) return { batch, meta, clamped: 0 };
  // Already parsed and checked once by the port (readBatch): the shape is known to be events.
  const events = JSON.parse(batch.events) as EventShape[];
  let clamped = 0;
  for (const e of events) {
    const t = Math.min(window.hi, Math.max(window.lo, e.timestamp));
    if (t !== e.timestamp) {
      e.timestamp = t;
      clamped++;
    }
  }
  return { batch: { ...batch, events: JSON.stringify(events) }, meta: batchMeta(events), clamped };
}
