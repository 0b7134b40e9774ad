/** The variants that run in a plain Chromium, without the extension: none, bare rrweb, Sentry replay. */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, chromiumArgs } from '../test/harness/harness';
import type { Bundles } from './bundles';
import type { SentrySink } from './sentry-sink';
import { gotoNew, type VariantRun } from './variant';
import './inpage/globals';

/** The viewport launchTandem uses. */
const VIEWPORT = { width: 1280, height: 800 };

/** A Chromium with the harness's flags, minus the two that load the extension. */
export async function launchPlain(
  bundles: Bundles,
): Promise<{ context: BrowserContext; profileDir: string; close(): Promise<void> }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const args = chromiumArgs(join(profileDir, 'chromium.log')).filter(
    (a) => !/^--(disable-extensions-except|load-extension)=/.test(a),
  );
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: VIEWPORT,
  });
  await context.addInitScript({ content: bundles.longTasks });
  return {
    context,
    profileDir,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export async function noRecording(bundles: Bundles): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  return {
    ...plain,
    open: async (url) => gotoNew(plain.context, url),
    windowStart: async () => {},
    collect: async () => ({ jsonBytes: 0, proof: 'nothing records', recording: false }),
  };
}

export async function bareRrweb(bundles: Bundles): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  await plain.context.addInitScript({ content: bundles.rrwebUmd });
  await plain.context.addInitScript({ content: bundles.bareRrweb });
  const bytes = (page: Page) => page.evaluate(() => window.__benchRrweb?.bytes ?? -1);
  let atStart = 0;
  return {
    ...plain,
    open: async (url) => gotoNew(plain.context, url),
    windowStart: async (page) => {
      atStart = await bytes(page);
    },
    async collect(page) {
      const jsonBytes = (await bytes(page)) - atStart;
      return { jsonBytes, proof: `${jsonBytes} JSON chars serialized in the window`, recording: jsonBytes > 0 };
    },
  };
}

export async function sentryReplay(bundles: Bundles, sink: SentrySink): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  await plain.context.addInitScript({ content: `window.__benchSentryDsn = ${JSON.stringify(sink.dsn)};` });
  await plain.context.addInitScript({ content: bundles.sentry });
  sink.reset();
  return {
    ...plain,
    open: async (url) => gotoNew(plain.context, url),
    windowStart: async () => {},
    async collect(page, start, end) {
      // Send the pending segment now rather than waiting up to 5 s for Sentry's own flush; it holds every
      // event up to this moment, so the window's last events are in it.
      const before = sink.segments.length;
      await page.evaluate(() => window.__benchSentry?.flush());
      const deadline = Date.now() + 3000;
      while (sink.segments.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const inWindow = sink.segments.flatMap((s) => s.events).filter((e) => e.ts >= start && e.ts < end);
      const received = sink.segments.filter((s) => s.receivedAt >= start && s.receivedAt < end).length;
      const replayId = await page.evaluate(() => window.__benchSentry?.replayId());
      return {
        jsonBytes: inWindow.reduce((n, e) => n + e.bytes, 0),
        proof: `replay ${replayId ?? 'none'}: ${sink.segments.length} segments (${received} arrived in the window), ${inWindow.length} events in the window`,
        recording: inWindow.length > 0,
      };
    },
  };
}
