import browser from 'webextension-polyfill';
import { WAKE_MESSAGE } from '../shared/protocol';

/**
 * Makes the tab's recorder connect. An idle recorder answers the wake message; a tab whose page was
 * loaded before Tandem was installed (or reloaded) has none, so the recorder is injected the way the
 * manifest would have: the recorder, then the MAIN-world hooks (rrweb, console, fetch wrapper).
 */
export async function wakeTab(tabId: number): Promise<void> {
  try {
    await browser.tabs.sendMessage(tabId, WAKE_MESSAGE, { frameId: 0 });
    return;
  } catch {
    // No receiver: inject below.
  }
  // The recorder first: it listens for the MAIN-world hooks' handover, which they make as they start.
  const scripts = browser.runtime.getManifest().content_scripts ?? [];
  const isolated = scripts.find((s) => (s as { world?: string }).world !== 'MAIN')?.js ?? [];
  const main = scripts.find((s) => (s as { world?: string }).world === 'MAIN')?.js ?? [];
  if (isolated.length === 0) throw new Error('no content script in the manifest');
  await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: isolated });
  if (main.length > 0)
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: main, world: 'MAIN' });
}
