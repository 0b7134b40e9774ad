/** Event to durable write: how long after its events each stored batch was committed to IndexedDB. */
import type { IngestSample } from '../../src/shared/protocol';
import type { Measurement } from '../page-cost/measure';
import { max, quantile } from '../stats';

export interface Latency {
  batches: number;
  /** committedAt - firstTs: the batch's oldest event to durable (the worst case in the batch). */
  first: { p50: number; p95: number; max: number };
  /** committedAt - lastTs: the batch's newest event to durable. */
  last: { p50: number; p95: number; max: number };
}

export function latency(samples: IngestSample[]): Latency {
  const stats = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: max(xs) });
  return {
    batches: samples.length,
    first: stats(samples.map((s) => s.committedAt - s.firstTs)),
    last: stats(samples.map((s) => s.committedAt - s.lastTs)),
  };
}

/** The stored batches whose first event falls inside the measurement's window. */
export function windowSamples(m: Measurement): IngestSample[] {
  return (m.captured.ingest ?? []).filter((s) => s.firstTs >= m.start && s.firstTs < m.end);
}
