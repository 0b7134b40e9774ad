/** The Spotlight latency bench's settings and the figures it hands the report. */
export const SPOTLIGHT_CHECKOUTS = Number(process.env.BENCH_SPOTLIGHT_CHECKOUTS ?? 30);
/** Checkouts made first and not counted: they warm the worker, the shop and the payments service. */
export const SPOTLIGHT_WARMUP = 2;
/** How often the extension page reads the store. */
export const STORE_POLL_MS = 20;
/** A span not stored this long after it reached the Node subscriber counts as not stored. */
export const STORE_WAIT_MS = 15_000;
/** The payments service's server span: its end is when the backend's work for the checkout was done. */
export const SPAN_NAME = 'POST /authorize';

/** One checkout's times, epoch ms on the machine's one clock (Node, Chromium and the payments service). */
export interface SpotlightSample {
  traceId: string;
  /** The span's end as the payments service's SDK stamped it (from the stream). */
  spanEnd: number;
  /** When the envelope holding the span reached the Node subscriber. */
  sidecarAt: number;
  /** When the extension page first read a request record carrying the trace id; null: not seen. */
  requestAt: number | null;
  /** When the extension page first read the trace with the span; null: not within STORE_WAIT_MS. */
  storedAt: number | null;
  /** The stored span's end minus the streamed one's (both normalised from the same SDK value). */
  endDifferenceMs: number | null;
}

export interface SpotlightLatencyFigures {
  samples: SpotlightSample[];
  warmup: number;
  pollMs: number;
  /** Polls made and the longest gap between two of them: the resolution actually achieved. */
  polls: number;
  maxPollGapMs: number;
}
