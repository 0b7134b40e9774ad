/**
 * The Tandem variant: the built extension recording the page by itself (autoRecord). What it stored is read
 * from an extension page the way the panel reads it: the ingest samples the background keeps
 * (getDiagnostics) and each chunk's sizes straight from IndexedDB, without decoding.
 */
import type { Page } from 'playwright-core';
import type { IngestSample } from '../../src/shared/protocol';
import { callBackground, setSettings, tabIdOf } from '../../test/harness/background';
import { launchTandem } from '../../test/harness/launch';
import { chunkSizes, storedChunks, storedSessions } from '../../test/harness/store';
import type { Bundles } from '../inpage/bundles';
import { gotoNew, type VariantRun } from './variant-run';

async function ingestSamples(ext: Page): Promise<IngestSample[]> {
  return (await callBackground(ext, 'getDiagnostics', {})).ingest;
}

/** Waits (polling, up to `timeoutMs`) until a stored batch holds an event from `ts` or later. */
async function waitForStoredUntil(ext: Page, ts: number, timeoutMs: number): Promise<IngestSample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await ingestSamples(ext);
    if (samples.some((s) => s.lastTs >= ts) || Date.now() > deadline) return samples;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The session once the background compacted it, AFTER_STOP_MS after its stop; undefined after `timeoutMs`. */
async function compactedSession(ext: Page, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await storedSessions(ext)).find((x) => x.id === id);
    if (s?.compaction && s.compaction.chunkCount === s.chunkCount) return s;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function tandem(bundles: Bundles): Promise<VariantRun> {
  const t = await launchTandem();
  await t.context.addInitScript({ content: bundles.longTasks });
  // The extension page stays open (idle, in the extension process) to set settings and read the store.
  const ext = await t.openExtensionPage('viewer.html');
  return {
    context: t.context,
    profileDir: t.profileDir,
    async open(url) {
      await setSettings(ext, { autoRecord: [url] });
      return gotoNew(t.context, url);
    },
    windowStart: async () => {},
    async collect(page, start, end) {
      // Let the window's last batch go by its own timer (stopping first would flush it early and flatter
      // the latency), then stop so the session record is final.
      const ingest = await waitForStoredUntil(ext, end, 5000);
      await callBackground(ext, 'stopRecording', { tabId: await tabIdOf(ext, page.url()) });
      const session = (await storedSessions(ext)).find((s) => s.firstUrl === page.url());
      const chunks = session ? await chunkSizes(ext, session.id) : [];
      // Storage is reported for the active page only (bench/ingest/storage.ts): the other pages skip the wait.
      // Its batches are read before the background compacts the session (AFTER_STOP_MS after the stop).
      const storage = session && new URL(page.url()).pathname.endsWith('/active.html');
      const batches = storage ? await storedChunks(ext, session.id) : undefined;
      if (storage && session.compaction) throw new Error('the session was compacted before its batches were read');
      const compacted = storage ? await compactedSession(ext, session.id, 60_000) : undefined;
      const inWindow = ingest.filter((s) => s.firstTs >= start && s.firstTs < end);
      const errors = t.extensionErrors();
      if (errors.length) throw new Error(`extension errors:\n${errors.join('\n')}`);
      return {
        jsonBytes: inWindow.reduce((n, s) => n + s.rawBytes, 0),
        proof: `${inWindow.length} batches stored from the window; session ${session?.status ?? 'missing'}`,
        recording: inWindow.length > 0,
        ingest,
        chunks,
        batches,
        session,
        compacted,
      };
    },
    close: () => t.close(),
  };
}
