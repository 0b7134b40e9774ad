/**
 * The panel benchmark alone: `npx tsx bench/panel/run.ts` (after `npm run build`) prints what `npm run bench`
 * writes into BENCHMARKS.md's panel section. BENCH_PANEL_REAL_MS sets how long the active page is recorded
 * before its clock is stretched to 30 minutes (default 180000: ten times faster than real).
 */
import { buildBundles } from '../inpage/bundles';
import { panelRows, panelSection } from '../report/panel';
import { measurePanel } from './browser';
import { buildPanelBundles, PANEL_REAL_MS } from './bundles';
import { measurePanelPure } from './pure';

const started = Date.now();
const log = (line: string) => console.log(`[panel ${Math.round((Date.now() - started) / 1000)} s] ${line}`);
const bundles = await buildPanelBundles(await buildBundles());
const figures = { browser: await measurePanel(bundles, PANEL_REAL_MS, log), pure: measurePanelPure() };
for (const row of panelRows(figures)) console.log(row.join(' | '));
console.log(panelSection(figures).join('\n'));
