/** A Chromium without the extension, for the variants that compare against Tandem (none, bare rrweb, Sentry). */
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, chromiumArgs } from '../../test/harness/launch';
import type { Bundles } from '../inpage/bundles';

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
