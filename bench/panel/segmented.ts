/**
 * The same 30-minute session opened in a viewer whose player holds one part of it at a time (`?holdMB=`, the
 * size of about one 5-minute segment; src/devtools/app/windows.ts), as it would hold a session of several hours
 * by default: time to first frame, the same seeks (each one outside the part held reads and draws another), and
 * the JS heap with the session open, against the whole session held (measurePanel's figures).
 */
import type { Page } from 'playwright-core';
import type { Tandem } from '../../test/harness/launch';
import type { PanelBundles } from './browser';
import { heapUsed } from './heap';

export interface SegmentedFigures {
  holdMB: number;
  firstFrameMs: number[];
  seekMs: number[];
  /** JS heap (bytes, after forced GCs) with the session open and its one-pass read done. */
  heapOpen: number;
}

const OPENS = 3;

async function heapOf(tandem: Tandem, viewer: Page): Promise<number> {
  const cdp = await tandem.context.newCDPSession(viewer);
  try {
    return await heapUsed(cdp);
  } finally {
    await cdp.detach();
  }
}

export async function measureSegmented(
  tandem: Tandem,
  bundles: PanelBundles,
  ids: { session: string; small: string },
  at: readonly number[],
  holdMB: number,
): Promise<SegmentedFigures> {
  const viewer = await tandem.context.newPage();
  try {
    await viewer.setViewportSize({ width: 1300, height: 800 });
    await viewer.goto(tandem.extensionUrl(`viewer.html?holdMB=${holdMB}`));
    await viewer.waitForSelector(`[data-session-id="${ids.session}"]`);
    await viewer.evaluate(bundles.panelPage);
    const firstFrameMs: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await viewer.evaluate((id) => window.__panelBench!.panel.open(id, false), ids.small);
      firstFrameMs.push((await viewer.evaluate((id) => window.__panelBench!.panel.open(id), ids.session)).frameMs);
    }
    // The one-pass read is done once the player says which part it holds.
    await viewer.waitForSelector('[data-testid=player][data-part-from]');
    const heapOpen = await heapOf(tandem, viewer);
    const seekMs: number[] = [];
    for (const t of at) seekMs.push(await viewer.evaluate((x) => window.__panelBench!.panel.seek(x), t));
    return { holdMB, firstFrameMs, seekMs, heapOpen };
  } finally {
    await viewer.close();
  }
}
