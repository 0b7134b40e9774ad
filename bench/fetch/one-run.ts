/**
 * One run of every fetch variant (fetch/wrapper.ts says what each is): a browser without Tandem, one with
 * Tandem and two tabs, and one that attaches no DevTools client to the measured tab; pairs of variants in
 * alternating blocks.
 */
import { chromium, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionRecord } from '../../src/shared/model';
import { callBackground, panelCallInPage, tabIdOf } from '../../test/harness/background';
import { CHROMIUM, launchTandem } from '../../test/harness/launch';
import { pageApi } from '../../test/harness/page-api';
import { storedRequestCount, storedSessions } from '../../test/harness/store';
import { until } from '../../test/harness/until';
import { cpuDelta, cpuSnapshot, cpuSum, type CpuMs } from '../browser/process-cpu';
import { launchUnobserved } from '../browser/unobserved';
import { FETCHES, type Samples, type WrapperVariant } from './figures';
import type { BenchServer, PairedRun, TimingPage, Timings } from './timing-page';

/** Blocks per Tandem variant, alternating between the idle and the recording tab (see runOnce()). */
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

/** Times `n` fetches after `warm` untimed ones, in the page as it is. */
async function runBlock(page: Page, n: number, warm: number, withHeaders = false): Promise<Timings> {
  const result = await pageApi<TimingPage>(page).run(n, withHeaders, warm);
  if (!result.isolated)
    throw new Error('the bench page is not cross-origin isolated: timer resolution would be 100 µs');
  return result;
}

type Block = { call: number[]; total: number[]; cpu?: CpuMs };

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

/** One run of every variant, in the order of the figures. */
export async function runOnce(server: BenchServer): Promise<Map<WrapperVariant, Samples>> {
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
    const paired = await pageApi<TimingPage>(page).runPaired(FETCHES);
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
 * (browser/unobserved.ts): the wrapper's cost to a page while DevTools is closed. Recording starts from an
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
