/**
 * Sustained ingest: Tandem records the firehose page (text that gzip barely compresses, at an offered
 * rate) and the background's ingest samples say how many bytes reached IndexedDB per second, and how late.
 * What the page produced is counted in the page, so stored/produced shows whether Tandem kept up.
 */
import type { IngestSample } from '../../src/shared/protocol';
import type { Bundles } from '../inpage/bundles';
import type { SentrySink } from '../variants/sentry-sink';
import { launchVariant } from '../variants/launch';
import '../inpage/globals';

export interface ThroughputResult {
  offeredKBps: number;
  windowMs: number;
  /** Characters of text the page put in the DOM during the window. */
  producedChars: number;
  /** Raw (JSON) bytes of batches committed during the window, and of batches whose events began in it. */
  committedBytes: number;
  fromWindowBytes: number;
  /** Stored batches whose first event is in the window. */
  samples: IngestSample[];
}

export async function measureThroughput(o: {
  url: string;
  offeredKBps: number;
  warmupMs: number;
  windowMs: number;
  bundles: Bundles;
  sink: SentrySink;
}): Promise<ThroughputResult> {
  const run = await launchVariant('tandem', o.bundles, o.sink);
  try {
    const page = await run.open(`${o.url}?kbps=${o.offeredKBps}`);
    const produced = () => page.evaluate(() => window.benchProgress?.() ?? 0);
    await new Promise((r) => setTimeout(r, o.warmupMs));
    const [p0, t0] = [await produced(), Date.now()];
    await new Promise((r) => setTimeout(r, o.windowMs));
    const [p1, t1] = [await produced(), Date.now()];
    const ingest = (await run.collect(page, t0, t1)).ingest ?? [];
    const samples = ingest.filter((s) => s.firstTs >= t0 && s.firstTs < t1);
    return {
      offeredKBps: o.offeredKBps,
      windowMs: t1 - t0,
      producedChars: p1 - p0,
      committedBytes: ingest
        .filter((s) => s.committedAt >= t0 && s.committedAt < t1)
        .reduce((n, s) => n + s.rawBytes, 0),
      fromWindowBytes: samples.reduce((n, s) => n + s.rawBytes, 0),
      samples,
    };
  } finally {
    await run.close();
  }
}
