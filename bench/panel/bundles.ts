/** The panel benchmark's in-page scripts, bundled like the other benchmarks' (../inpage/bundles.ts). */
import { type Bundles, iife } from '../inpage/bundles';
import type { PanelBundles } from './browser';

/** How long the active page is recorded before it is stretched to 30 minutes. */
export const PANEL_REAL_MS = Number(process.env.BENCH_PANEL_REAL_MS ?? 180_000);

export async function buildPanelBundles(base: Bundles): Promise<PanelBundles> {
  const [panelCollect, panelPage] = await Promise.all([
    iife('../panel/collect.ts', 'panel-collect.js'),
    iife('../panel/page.ts', 'panel-page.js'),
  ]);
  return { ...base, panelCollect, panelPage };
}
