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
 * bench launches without Playwright (bench/unobserved.ts), whose recording tab no DevTools client is
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
import { chromium, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callBackground, panelCallInPage, tabIdOf } from '../test/harness/background';
import { CHROMIUM, launchTandem } from '../test/harness/harness';
import { storedRequestCount, storedSessions } from '../test/harness/store';
import { until } from '../test/harness/until';
import type { SessionRecord } from '../src/shared/model';
import { cpuDelta, cpuSnapshot, cpuSum, type CpuMs } from './procs';
import { median, p95 } from './stats';
import { launchUnobserved } from './unobserved';
import { startServer, type BenchServer, type PairedRun } from './wrapper-page';

export const FETCHES = 1000;
/**
 * Runs of the whole set (each its own browsers); figures are medians over runs of each run's p50/p95. Nine:
 * on the 2-core bench machine one run's p95 difference between two variants moves by about 0.15 ms, as
 * much as the target; with five, two runs of the same code gave -0.009 and 0.149 ms for the wrapper.
 */
export const WRAPPER_RUNS = 9;

/** Every variant, in the order of the report's table. */
const VARIANTS = [
  'none',
  'none-with-headers',
  'tandem-idle',
  'tandem-other-recording',
  'tandem-off',
  'tandem-recording',
  'paired-wrapped',
  'paired-unwrapped',
  'unobserved-wrapped',
  'unobserved-unwrapped',
] as const;
export type WrapperVariant = (typeof VARIANTS)[number];

export interface WrapperFigures {
  variant: WrapperVariant;
  callP50Ms: number;
  callP95Ms: number;
  totalP50Ms: number;
  totalP95Ms: number;
  headersSeen: number;
  /** CPU per fetch by process, measured for `tandem-off` / `tandem-recording` only (medians over runs). */
  cpuPerFetchMs: CpuPerFetch | null;
  /** Each run's call p95, in run order (the report pairs variants run by run). */
  perRunCallP95Ms: number[];
}

/** ms of CPU per fetch: the page renderers' main threads, the page renderers (both tabs' renderers: /proc cannot tell them apart cheaply), the extension process, everything else of the browser. */
export interface CpuPerFetch {
  pageMain: number;
  page: number;
  extension: number;
  browser: number;
}

/** Blocks per Tandem variant, alternating between the idle and the recording tab (see once()). */
const BLOCKS = 10;
/** Untimed fetches before each block's timed ones. */
const WARM = 20;
/** In the bench page: whether its requests carry a traceparent (the server says). */
const PROBE = `fetch('/probe').then((r) => r.json()).then((j) => j.traced)`;

async function expectState(check: () => Promise<boolean>, failure: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Run = { call: number[]; total: number[]; isolated: boolean };

/** Times `n` fetches after `warm` untimed ones, in the page as it is. */
async function runBlock(
  page: Page,
  n: number,
  warm: number,
  withHeaders = false,
): Promise<{ call: number[]; total: number[] }> {
  const result = await page.evaluate(
    ([k, h, w]) => (window as unknown as { run(n: number, h: boolean, warm: number): Promise<Run> }).run(k, h, w),
    [n, withHeaders, warm] as const,
  );
  if (!result.isolated)
    throw new Error('the bench page is not cross-origin isolated: timer resolution would be 100 µs');
  return result;
}

const figures = (variant: WrapperVariant, r: Samples): WrapperFigures => ({
  variant,
  callP50Ms: median(r.call),
  callP95Ms: p95(r.call),
  totalP50Ms: median(r.total),
  totalP95Ms: p95(r.total),
  headersSeen: r.traced,
  cpuPerFetchMs: perFetch(r),
  perRunCallP95Ms: [],
});

type Block = { call: number[]; total: number[]; cpu?: CpuMs };
type Samples = { call: number[]; total: number[]; traced: number; cpu: CpuMs | null; fetches: number };

const perFetch = (s: Samples): CpuPerFetch | null =>
  s.cpu && s.fetches > 0
    ? {
        pageMain: s.cpu.rendererMain / s.fetches,
        page: s.cpu.renderer / s.fetches,
        extension: s.cpu.extension / s.fetches,
        browser: s.cpu.other / s.fetches,
      }
    : null;

/**
 * Two variants in alternating blocks (BLOCKS each, the order within a block pair alternating too), so
 * drift over the run (other programs, the CPU's clock) falls on both alike: [variant false, variant true].
 */
async function alternate(
  server: { traced(): number },
  block: (variant: boolean) => Promise<Block>,
): Promise<[Samples, Samples]> {
  const out: [Samples, Samples] = [
    { call: [], total: [], traced: 0, cpu: null, fetches: 0 },
    { call: [], total: [], traced: 0, cpu: null, fetches: 0 },
  ];
  for (let i = 0; i < BLOCKS; i++) {
    for (const variant of i % 2 === 0 ? [false, true] : [true, false]) {
      const before = server.traced();
      const r = await block(variant);
      const into = out[variant ? 1 : 0];
      into.call.push(...r.call);
      into.total.push(...r.total);
      into.traced += server.traced() - before;
      if (r.cpu) {
        into.cpu = into.cpu ? cpuSum(into.cpu, r.cpu) : r.cpu;
        into.fetches += r.call.length + WARM;
      }
    }
  }
  return out;
}

async function once(server: BenchServer): Promise<Map<WrapperVariant, Samples>> {
  const out = new Map<WrapperVariant, Samples>();
  const profile = mkdtempSync(join(tmpdir(), 'tandem-bench-plain-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await plain.newPage();
    await page.goto(server.url);
    const [none, withHeaders] = await alternate(server, (headers) => runBlock(page, FETCHES / BLOCKS, WARM, headers));
    out.set('none', none);
    out.set('none-with-headers', withHeaders);
  } finally {
    await plain.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const tandem = await launchTandem();
  try {
    const ext = await tandem.openExtensionPage('viewer.html');
    // Two tabs on two sites (two renderer processes): `page`, where the wrapper is measured, and `other`.
    // Recording is switched on and off between blocks; a block begins once the switch's work is done
    // (first batch stored, or the session complete) and, when on, once the page's requests carry a
    // traceparent, so it measures the steady state, not rrweb's first snapshot.
    const other = await tandem.context.newPage();
    await other.goto(server.url.replace('127.0.0.1', 'localhost'));
    const page = await tandem.context.newPage();
    await page.goto(server.url);
    const tabId = await tabIdOf(ext, page.url());
    const otherId = await tabIdOf(ext, other.url());
    const setRecording = async (tab: number, on: boolean) => {
      const state = await callBackground(ext, 'getTabState', { tabId: tab });
      if (state.recording !== on) await callBackground(ext, on ? 'startRecording' : 'stopRecording', { tabId: tab });
      const sessionId = on ? (await callBackground(ext, 'getTabState', { tabId: tab })).sessionId : state.sessionId;
      const settled = (s: SessionRecord | undefined) =>
        on ? (s?.chunkCount ?? 0) > 0 : s === undefined || s.status !== 'recording';
      await expectState(
        async () => settled((await storedSessions(ext)).find((s) => s.id === sessionId)),
        `tab ${tab} never ${on ? 'stored its first batch' : 'completed its session'}`,
      );
      if (on && tab === tabId)
        await expectState(() => page.evaluate(PROBE), "the recording tab's requests never carried a traceparent");
    };
    // `other` alone, with no tab recording against `page` recording: what a recording costs other tabs.
    const [alone, elsewhere] = await alternate(server, async (on) => {
      await setRecording(tabId, on);
      await expectState(
        async () => (await callBackground(ext, 'getDiagnostics', {})).webRequest === (on ? 'detailed' : 'off'),
        `webRequest never went ${on ? 'detailed' : 'off'}`,
      );
      await other.bringToFront();
      return runBlock(other, FETCHES / BLOCKS, WARM);
    });
    out.set('tandem-idle', alone);
    out.set('tandem-other-recording', elsewhere);
    // `page` itself not recording against recording, while `other` records throughout, so capture's
    // browser-wide cost (extraHeaders) and the other tab's load are the same in both.
    await setRecording(otherId, true);
    // CPU by process from the block's first fetch until the worker has stored every request of it (its
    // joining and writing belong to the block), so the figures say where recording's cost goes.
    const [off, rec] = await alternate(server, async (on) => {
      await setRecording(tabId, on);
      await page.bringToFront();
      const sessionId = on ? (await callBackground(ext, 'getTabState', { tabId })).sessionId : null;
      const before = cpuSnapshot(tandem.profileDir);
      const r = await runBlock(page, FETCHES / BLOCKS, WARM);
      if (sessionId)
        await expectState(
          async () => (await storedRequestCount(ext, sessionId)) >= FETCHES / BLOCKS + WARM,
          "the recording tab's requests were never all stored",
        );
      return { ...r, cpu: cpuDelta(before, cpuSnapshot(tandem.profileDir)) };
    });
    out.set('tandem-off', off);
    out.set('tandem-recording', rec);
    await setRecording(tabId, true);
    await page.bringToFront();
    const paired = await page.evaluate(
      (n) =>
        (
          window as unknown as {
            runPaired(n: number): Promise<{
              wrapped: { call: number[]; total: number[] };
              unwrapped: { call: number[]; total: number[] };
              isolated: boolean;
            }>;
          }
        ).runPaired(n),
      FETCHES,
    );
    if (!paired.isolated)
      throw new Error('the bench page is not cross-origin isolated: timer resolution would be 100 µs');
    out.set('paired-wrapped', { ...paired.wrapped, traced: 0, cpu: null, fetches: 0 });
    out.set('paired-unwrapped', { ...paired.unwrapped, traced: 0, cpu: null, fetches: 0 });
  } finally {
    await tandem.close();
  }
  const unobserved = await pairedUnobserved(server);
  if (!unobserved.isolated)
    throw new Error('the unobserved bench page is not cross-origin isolated: timer resolution would be 100 µs');
  out.set('unobserved-wrapped', { ...unobserved.wrapped, traced: 0, cpu: null, fetches: 0 });
  out.set('unobserved-unwrapped', { ...unobserved.unwrapped, traced: 0, cpu: null, fetches: 0 });
  return out;
}

/**
 * The paired run again, in a recording tab of a browser that attaches no DevTools client to it
 * (bench/unobserved.ts): the wrapper's cost to a page while DevTools is closed. Recording starts from an
 * extension page over the panel port, as the panel starts it; the page measures once its requests carry
 * the headers, and posts its figures.
 */
async function pairedUnobserved(server: BenchServer): Promise<PairedRun> {
  const browser = await launchUnobserved();
  const result = server.nextResult();
  result.catch(() => {}); // awaited below; a launch failure must not leave it unhandled
  try {
    const ext = await browser.openExtensionPage('viewer.html');
    const url = `${server.url}?paired=${FETCHES}`;
    await browser.openUnobserved(url);
    const tabId = await until('the unobserved bench tab', async () => {
      const id = await ext(
        `chrome.tabs.query({}).then((tabs) => tabs.find((t) => t.url === ${JSON.stringify(url)})?.id)`,
      );
      return typeof id === 'number' ? id : undefined;
    });
    const reply = (await ext(`(${panelCallInPage.toString()})(${JSON.stringify(['startRecording', { tabId }])})`)) as {
      ok: boolean;
      error?: string;
    };
    if (!reply.ok) throw new Error(`startRecording in the unobserved browser: ${reply.error}`);
    return await result;
  } finally {
    await browser.close();
  }
}

/** Medians over `reps` runs of each variant's p50 and p95. */
export async function measureWrapper(reps = WRAPPER_RUNS): Promise<WrapperFigures[]> {
  const server = await startServer();
  const runs: Map<WrapperVariant, Samples>[] = [];
  try {
    for (let i = 0; i < reps; i++) runs.push(await once(server));
  } finally {
    await server.close();
  }
  return VARIANTS.map((v) => {
    const per = runs.map((r) => figures(v, r.get(v)!));
    const med = (f: (x: WrapperFigures) => number) => median(per.map(f));
    const cpus = per.flatMap((x) => (x.cpuPerFetchMs ? [x.cpuPerFetchMs] : []));
    const cpuMed = (k: keyof CpuPerFetch) => median(cpus.map((c) => c[k]));
    const cpuPerFetchMs =
      cpus.length > 0
        ? {
            pageMain: cpuMed('pageMain'),
            page: cpuMed('page'),
            extension: cpuMed('extension'),
            browser: cpuMed('browser'),
          }
        : null;
    return {
      variant: v,
      callP50Ms: med((x) => x.callP50Ms),
      callP95Ms: med((x) => x.callP95Ms),
      totalP50Ms: med((x) => x.totalP50Ms),
      totalP95Ms: med((x) => x.totalP95Ms),
      headersSeen: per[0]!.headersSeen,
      cpuPerFetchMs,
      perRunCallP95Ms: per.map((x) => x.callP95Ms),
    };
  });
}

// `npx tsx bench/wrapper.ts` runs this benchmark alone.
if (process.argv[1]?.endsWith('bench/wrapper.ts')) {
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
