/**
 * What Tandem stored, read from an extension page the way the panel reads it: the ingest samples the
 * background keeps (getDiagnostics) and each chunk's sizes straight from IndexedDB, without decoding.
 */
import type { Page } from 'playwright-core';
import type { IngestSample } from '../src/shared/protocol';
import { callBackground } from '../test/harness/background';

// Chunk metadata is read by the same helper the e2e tests use.
export { chunkSizes, type ChunkSize } from '../test/harness/store';

export async function ingestSamples(ext: Page): Promise<IngestSample[]> {
  return (await callBackground(ext, 'getDiagnostics', {})).ingest;
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
