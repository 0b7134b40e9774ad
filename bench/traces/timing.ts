/** Timing a subject against its baseline in the same run, alternating, and the figures the report reads. */
import { median } from '../stats';

/** One subject timed against its baseline: milliseconds per repetition, paired by index. */
export interface Timed {
  label: string;
  /** What the subject worked on, in words (payload size, matches). */
  detail: string;
  subjectMs: number[];
  baselineMs: number[];
}

export interface TraceBenchFigures {
  normalize: Timed[];
  query: Timed[];
  /** sessionSummaries over the whole bench session, per repetition (no baseline: information). */
  summariesMs: number[];
  requests: number;
  sessionMinutes: number;
}

/**
 * Runs baseline then subject `reps` times after `warmup` untimed rounds, swapping their order every other
 * repetition so that drift and the garbage one leaves for the other fall on both alike.
 */
export function alternate(reps: number, warmup: number, baseline: () => unknown, subject: () => unknown) {
  const baselineMs: number[] = [];
  const subjectMs: number[] = [];
  const time = (f: () => unknown) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup + reps; i++) {
    const [first, second] = i % 2 === 0 ? [baseline, subject] : [subject, baseline];
    const a = time(first);
    const b = time(second);
    if (i < warmup) continue;
    baselineMs.push(i % 2 === 0 ? a : b);
    subjectMs.push(i % 2 === 0 ? b : a);
  }
  return { baselineMs, subjectMs };
}

/** Median and range of a figure. */
export const spread = (ms: readonly number[]) => ({
  median: median(ms),
  min: Math.min(...ms),
  max: Math.max(...ms),
});
