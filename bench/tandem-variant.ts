/** The Tandem variant: the built extension recording the page by itself (autoRecord). */
import { callBackground, setSettings, tabIdOf } from '../test/harness/background';
import { launchTandem } from '../test/harness/harness';
import { storedSessions } from '../test/harness/store';
import type { Bundles } from './bundles';
import { chunkSizes, waitForStoredUntil } from './tandem-store';
import { gotoNew, type VariantRun } from './variant';

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
      const inWindow = ingest.filter((s) => s.firstTs >= start && s.firstTs < end);
      const errors = t.extensionErrors();
      if (errors.length) throw new Error(`extension errors:\n${errors.join('\n')}`);
      return {
        jsonBytes: inWindow.reduce((n, s) => n + s.rawBytes, 0),
        proof: `${inWindow.length} batches stored from the window; session ${session?.status ?? 'missing'}`,
        recording: inWindow.length > 0,
        ingest,
        chunks,
        session,
      };
    },
    close: () => t.close(),
  };
}
