/**
 * Fetch wrapper overhead: 1000 local fetches from a page, timed in the page, with Tandem recording
 * (headers minted and added) against Tandem installed but not recording (the wrapper passes through) and
 * against no extension at all; plus no extension with the page itself setting the same three headers, which
 * shows what the browser charges for carrying them.
 * Each pair of variants runs in alternating blocks of 100 fetches (block order alternating too), so drift
 * over a run (other programs, the CPU's clock) falls on both alike: `none` and `none-with-headers` in one
 * page of a browser without Tandem; in one Tandem browser with two tabs on two sites (two renderer
 * processes), recording switched on and off between blocks (each block starts once the switch settled):
 * `tandem-off` / `tandem-recording` in the same tab, not recording against recording, while the other tab
 * records throughout; `tandem-idle` / `tandem-other-recording` in the other tab, with no tab recording
 * against the first tab recording: what a recording costs every other tab's requests (webRequest listens
 * only to recording tabs, but its extraHeaders hold is browser-wide, network/web-request.ts).
 * In the recording tab, a paired run alternates the wrapped fetch with an unwrapped one (an about:blank
 * iframe's fetch: no content script runs there, but its requests belong to the same recorded tab, so
 * webRequest capture, DNR and the worker's writes load the machine alike) carrying the same three headers
 * set by the page: the difference is the wrapper's own code. The same pair runs again in a Chromium the
 * bench launches without Playwright (browser/unobserved.ts), whose recording tab no DevTools client is
 * attached to: Playwright's Network domain makes Chrome capture every request's stack, which costs the
 * wrapped call more than the unwrapped one (about 25 µs at p50, Network on vs off in one page).
 * The target is on that unobserved paired difference, the wrapper's overhead with DevTools closed.
 * Recording as a whole (tandem-recording vs tandem-off) also carries DNR, webRequest capture and the
 * worker's writes, whose work in other processes competes with the page for the machine's cores: those
 * blocks also take each process's CPU per fetch, from the block's first fetch until the worker has stored
 * all of its requests.
 * The page is cross-origin isolated (COOP/COEP) so performance.now() has 5 µs resolution instead of 100 µs.
 * Figures: the synchronous cost of the fetch() call (what the page's task pays) and the time to the
 * response body, p50/p95, medians over repetitions.
 */
import { medianFigures, WRAPPER_RUNS, type Samples, type WrapperFigures, type WrapperVariant } from './figures';
import { runOnce } from './one-run';
import { startServer } from './timing-page';

/** Medians over `reps` runs of each variant's p50 and p95. */
export async function measureWrapper(reps = WRAPPER_RUNS): Promise<WrapperFigures[]> {
  const server = await startServer();
  const runs: Map<WrapperVariant, Samples>[] = [];
  try {
    for (let i = 0; i < reps; i++) runs.push(await runOnce(server));
  } finally {
    await server.close();
  }
  return medianFigures(runs);
}

// `npx tsx bench/fetch/wrapper.ts` runs this benchmark alone.
if (process.argv[1]?.endsWith('bench/fetch/wrapper.ts')) {
  const rows = await measureWrapper();
  for (const r of rows)
    console.log(
      r.variant.padEnd(18),
      `call p50 ${(r.callP50Ms * 1000).toFixed(0)} µs p95 ${(r.callP95Ms * 1000).toFixed(0)} µs`,
      `| total p50 ${r.totalP50Ms.toFixed(2)} ms p95 ${r.totalP95Ms.toFixed(2)} ms`,
      `| traced ${r.headersSeen}`,
      r.cpuPerFetchMs ? `| CPU ms/fetch ${JSON.stringify(r.cpuPerFetchMs)}` : '',
    );
}
