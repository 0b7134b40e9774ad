import browser from 'webextension-polyfill';
import { WAKE_MESSAGE } from '../shared/protocol';

/**
 * Makes the tab's recorder connect. An idle recorder answers the wake message; a tab whose page was
 * loaded before Tandem was installed (or reloaded) has none, so the recorder is injected the way the
 * manifest would have.
 */
export async function wakeTab(tabId: number): Promise<void> {
  try {
    await browser.tabs.sendMessage(tabId, WAKE_MESSAGE, { frameId: 0 });
    return;
  } catch {
    // No receiver: inject below.
  }
  const files = browser.runtime.getManifest().content_scripts?.[0]?.js ?? [];
  if (files.length === 0) throw new Error('no content script in the manifest');
  await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files });
}
