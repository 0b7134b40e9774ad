/** Talks to the background from an extension page exactly as the panel does: over the panel port. */
import type { Page } from 'playwright-core';
import type { PanelMethod, PanelParams, PanelResults } from '../../src/shared/protocol';
import type { Settings } from '../../src/shared/settings';

/**
 * One call over the panel port, as the panel makes it. Runs inside an extension page (Playwright's
 * evaluate, or its source in a page the bench drives without Playwright, bench/unobserved.ts).
 */
export function panelCallInPage([method, params]: readonly [string, unknown]): Promise<{
  ok: boolean;
  value?: unknown;
  error?: string;
}> {
  return new Promise((resolve) => {
    const port = chrome.runtime.connect({ name: 'tandem/panel' });
    port.onMessage.addListener((msg: { kind: string; id: number; ok: boolean; value?: unknown; error?: string }) => {
      if (msg.kind !== 'result' || msg.id !== 1) return;
      port.disconnect();
      resolve(msg);
    });
    port.postMessage({ kind: 'call', id: 1, method, params });
  });
}

export async function callBackground<M extends PanelMethod>(
  page: Page,
  method: M,
  params: PanelParams[M],
): Promise<PanelResults[M]> {
  const reply = await page.evaluate(panelCallInPage, [method, params] as const);
  if (!reply.ok) throw new Error(`${method}: ${reply.error}`);
  return reply.value as PanelResults[M];
}

export async function setSettings(page: Page, settings: Partial<Settings>): Promise<void> {
  await page.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
}

/** The id Chrome gave the tab showing `url` (the first match). */
export async function tabIdOf(extPage: Page, url: string): Promise<number> {
  const id = await extPage.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}
