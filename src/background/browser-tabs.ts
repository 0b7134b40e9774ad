/** What the worker asks Chrome about tabs: their page, the open ones, the active one; and waking a recorder. */
import browser from 'webextension-polyfill';
import { WAKE_MESSAGE } from '../shared/protocol';

/** The tab's URL and title, or null when it is gone. */
export async function tabInfo(tabId: number): Promise<{ url: string; title: string } | null> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  return tab ? { url: tab.url ?? '', title: tab.title ?? '' } : null;
}

export async function openTabIds(): Promise<number[]> {
  const tabs = await browser.tabs.query({});
  return tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]));
}

/** The active tab of the current window, if it has an id. */
export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

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
  // Decided in the isolated world, which page scripts cannot reach: a marker in the page's own world could be
  // set by the page first and keep the hooks out. Two wakes racing here inject the MAIN-world hooks once.
  const [claim] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: claimInjection });
  if (claim?.result !== true) return;
  await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: isolated });
  if (main.length > 0)
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: main, world: 'MAIN' });
}

/**
 * Runs in the tab's isolated world (serialized by scripting.executeScript: self-contained). True for the
 * first caller in a document without Tandem's recorder: the manifest's scripts, when they ran, ran together,
 * so a document with the recorder already has the MAIN-world hooks too.
 */
export function claimInjection(): boolean {
  const scope = globalThis as { __tandemRecorderLoaded?: boolean; __tandemInjectionClaimed?: boolean };
  if (scope.__tandemRecorderLoaded || scope.__tandemInjectionClaimed) return false;
  scope.__tandemInjectionClaimed = true;
  return true;
}
