/** What Tandem stores per minute of the active page, and how well it compresses, from its chunks' sizes. */
import type { Measurement } from '../page-cost/measure';
import { median } from '../stats';

export interface Storage {
  /** Compressed bytes stored per minute of recording, from the chunks whose events began in the window. */
  storedBytesPerMin: number;
  rawBytesPerMin: number;
  /** rawBytes / storedBytes of the whole session (its session record), and of the window's chunks only. */
  sessionRatio: number;
  windowRatio: number;
}

export function storage(runs: Measurement[]): Storage {
  const perRun = runs.map((m) => {
    const chunks = (m.captured.chunks ?? []).filter((c) => c.firstTs >= m.start && c.firstTs < m.end);
    const stored = chunks.reduce((n, c) => n + c.stored, 0);
    const raw = chunks.reduce((n, c) => n + c.raw, 0);
    const minutes = m.windowMs / 60_000;
    const s = m.captured.session;
    return {
      stored: stored / minutes,
      raw: raw / minutes,
      sessionRatio: s ? s.rawBytes / s.storedBytes : NaN,
      windowRatio: raw / stored,
    };
  });
  return {
    storedBytesPerMin: median(perRun.map((r) => r.stored)),
    rawBytesPerMin: median(perRun.map((r) => r.raw)),
    sessionRatio: median(perRun.map((r) => r.sessionRatio)),
    windowRatio: median(perRun.map((r) => r.windowRatio)),
  };
}
