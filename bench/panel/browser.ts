/**
 * The panel at 30-minute scale in the real browser: records the active bench page with @rrweb/record for
 * `realMs`, stretches it into a 30-minute session (generate.ts), writes it into Tandem's IndexedDB with the
 * background's SessionStore, and drives the standalone viewer (the panel's app outside DevTools) as a user
 * would: opening the session (time to first frame), 50 seeks to random points, scrolling the request list and
 * the largest waterfall (frame times), and opening and closing the session 20 times (heap after each close).
 * The baseline, in the same browser: rrweb's Replayer on the same events already in memory (open, seeks), and
 * the page's frame cadence while idle (frames).
 */
import type { eventWithTime } from '@rrweb/types';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { requestSpan } from '../../src/background/network/request-record';
import { launchTandem } from '../../test/harness/launch';
import { launchPlain } from '../browser/plain';
import type { Bundles } from '../inpage/bundles';
import { driveActivePage } from '../pages/drive';
import { startPageServer } from '../pages/server';
import { BIG_TRACE_SPANS, generateSession, SESSION_MS, stretch } from './generate';
import type {} from './page';
import { heapUsed } from './heap';
import { measureSegmented, type SegmentedFigures } from './segmented';

export interface PanelBundles extends Bundles {
  panelCollect: string;
  panelPage: string;
}

export interface PanelFigures {
  session: {
    recordedRealMs: number;
    rrwebEvents: number;
    fullSnapshots: number;
    batches: number;
    requests: number;
    traces: number;
    spans: number;
    storedBytes: number;
    /** The JSON size of its rrweb events (what the chunks' rawBytes add up to). */
    rawBytes: number;
    eventCount: number;
  };
  firstFrameMs: number[];
  /** From the same click to the first request row listed. */
  rowsListedMs: number[];
  baselineFirstFrameMs: number[];
  seekMs: number[];
  baselineSeekMs: number[];
  listFrameMs: number[];
  waterfallFrameMs: number[];
  idleFrameMs: number[];
  /** JS heap of the viewer (bytes, after a forced GC) after each of the 20 open/close cycles. */
  heapAfterClose: number[];
  heapOpen: number;
  /** The same session with the player holding about one 5-minute part (segmented.ts). */
  segmented: SegmentedFigures;
}

const SEEKS = 50;
const OPENS = 5;
const CYCLES = 20;
const SCROLL_FRAMES = 240;

/** A small deterministic generator: the same 50 seek points in every run. */
function points(total: number, n: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Math.round(total * (0.01 + 0.98 * (x / 2 ** 31)));
  });
}

async function recordActivePage(bundles: PanelBundles, realMs: number, log: (l: string) => void) {
  const server = await startPageServer();
  const plain = await launchPlain(bundles);
  try {
    // A checkout every 1/6 of the recording: every 5 minutes once stretched to 30.
    await plain.context.addInitScript({ content: `window.__benchPanelCheckoutMs = ${Math.round(realMs / 6)};` });
    await plain.context.addInitScript({ content: bundles.rrwebUmd });
    await plain.context.addInitScript({ content: bundles.panelCollect });
    const page = await plain.context.newPage();
    await page.goto(server.url('active.html'));
    const events: eventWithTime[] = [];
    const drain = async () => events.push(...(await page.evaluate(() => window.__benchPanelDrain?.() ?? [])));
    const timer = setInterval(() => void drain().catch(() => {}), 5000);
    log(`panel: recording the active page for ${realMs / 1000} s`);
    await driveActivePage(page, realMs);
    clearInterval(timer);
    await drain();
    events.sort((a, b) => a.timestamp - b.timestamp);
    return { events, url: page.url(), title: await page.title() };
  } finally {
    await plain.close();
    await server.close();
  }
}

async function seed(viewer: Page, bundles: PanelBundles, s: ReturnType<typeof generateSession>, smallId: string) {
  await viewer.evaluate(bundles.panelPage);
  await viewer.evaluate(({ id, url, title, now }) => window.__panelBench!.seeding.create(id, url, title, now), {
    id: s.id,
    url: s.url,
    title: s.title,
    now: s.firstTs,
  });
  for (let i = 0; i < s.batches.length; i += 100)
    await viewer.evaluate((items) => window.__panelBench!.seeding.append(items), s.batches.slice(i, i + 100));
  for (let i = 0; i < s.records.length; i += 1000)
    await viewer.evaluate((r) => window.__panelBench!.seeding.requests(r), s.records.slice(i, i + 1000));
  // Passed as JSON text: Playwright's argument types go too deep for the trace model.
  await viewer.evaluate(([id, traces]) => window.__panelBench!.seeding.traces(id, JSON.parse(traces)), [
    s.id,
    JSON.stringify(s.traces),
  ] as const);
  await viewer.evaluate(([id, at]) => window.__panelBench!.seeding.finish(id, at), [s.id, s.lastTs] as const);
  // A small session to switch to: the first 20 s of the same page.
  const small = s.batches.slice(0, 3).map(({ batch, meta }) => ({ batch: { ...batch, sessionId: smallId }, meta }));
  await viewer.evaluate(
    ({ id, url, title, now }) => window.__panelBench!.seeding.create(id, url, `${title} (small)`, now),
    { id: smallId, url: s.url, title: s.title, now: s.firstTs },
  );
  await viewer.evaluate((items) => window.__panelBench!.seeding.append(items), small);
  await viewer.evaluate(([id, at]) => window.__panelBench!.seeding.finish(id, at), [
    smallId,
    small.at(-1)!.meta.lastTs,
  ] as const);
}

export async function measurePanel(
  bundles: PanelBundles,
  realMs: number,
  log: (l: string) => void,
): Promise<PanelFigures> {
  // BENCH_PANEL_CACHE=<file>: reuse one recording across runs while working on the panel (not for reports).
  const cache = process.env.BENCH_PANEL_CACHE;
  const recorded: Awaited<ReturnType<typeof recordActivePage>> =
    cache && existsSync(cache) ? JSON.parse(readFileSync(cache, 'utf8')) : await recordActivePage(bundles, realMs, log);
  if (cache && !existsSync(cache)) writeFileSync(cache, JSON.stringify(recorded));
  const factor = SESSION_MS / (recorded.events.at(-1)!.timestamp - recorded.events[0]!.timestamp);
  const session = generateSession(stretch(recorded.events, factor), recorded.url, recorded.title);
  const smallId = `${session.id.slice(0, 30)}00`;
  log(
    `panel: ${session.rrwebEvents} rrweb events (${session.fullSnapshots} full snapshots), ${session.batches.length} batches, ${session.records.length} requests, ${session.traces.length} traces`,
  );

  const tandem = await launchTandem();
  try {
    const viewer = await tandem.openExtensionPage('viewer.html');
    await viewer.setViewportSize({ width: 1300, height: 800 });
    await seed(viewer, bundles, session, smallId);
    await viewer.reload();
    await viewer.waitForSelector(`[data-session-id="${session.id}"]`);
    await viewer.evaluate(bundles.panelPage);
    const stored = await viewer.evaluate(
      (id) =>
        new Promise<{ storedBytes: number; eventCount: number }>((resolve, reject) => {
          const open = indexedDB.open('tandem');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('sessions').objectStore('sessions').get(id);
            get.onsuccess = () => resolve(get.result);
            get.onerror = () => reject(get.error);
          };
        }),
      session.id,
    );

    log('panel: opening the session');
    if (process.env.BENCH_PANEL_PROFILE) await profileOpen(tandem.context, viewer, session.id, smallId);
    const firstFrameMs: number[] = [];
    const rowsListedMs: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await viewer.evaluate((id) => window.__panelBench!.panel.open(id, false), smallId);
      const opened = await viewer.evaluate((id) => window.__panelBench!.panel.open(id), session.id);
      firstFrameMs.push(opened.frameMs);
      rowsListedMs.push(opened.rowsMs);
    }
    const total = await viewer.evaluate(() => window.__panelBench!.panel.total());
    const at = points(total, SEEKS);
    log(`panel: ${SEEKS} seeks over ${Math.round(total / 1000)} s`);
    const seekMs: number[] = [];
    for (const t of at) seekMs.push(await viewer.evaluate((x) => window.__panelBench!.panel.seek(x), t));

    const idleFrameMs = await viewer.evaluate((n) => window.__panelBench!.panel.idle(n), SCROLL_FRAMES);
    const scrollProfile = process.env.BENCH_PANEL_PROFILE_SCROLL ? await tandem.context.newCDPSession(viewer) : null;
    if (scrollProfile) {
      await scrollProfile.send('Profiler.enable');
      await scrollProfile.send('Profiler.setSamplingInterval', { interval: 200 });
      await scrollProfile.send('Profiler.start');
    }
    const list = await viewer.evaluate(
      (n) => window.__panelBench!.panel.scroll('[data-testid=request-table] .req-scroll', n, 90),
      SCROLL_FRAMES,
    );
    if (scrollProfile) {
      const { profile } = await scrollProfile.send('Profiler.stop');
      writeFileSync(process.env.BENCH_PANEL_PROFILE_SCROLL!, JSON.stringify(profile));
      await scrollProfile.detach();
    }
    await viewer.evaluate(([filter, id]) => window.__panelBench!.panel.openRequest(filter, id), [
      'checkout/big',
      session.bigRequestId,
    ] as const);
    const fall = await viewer.evaluate(
      (n) => window.__panelBench!.panel.scroll('[data-testid=waterfall] .wf-rows', n, 90),
      SCROLL_FRAMES,
    );
    await viewer.evaluate(() => window.__panelBench!.panel.clearFilter());

    log(`panel: opening and closing the session ${CYCLES} times`);
    const cdp = await tandem.context.newCDPSession(viewer);
    const heap = () => heapUsed(cdp);
    const heapAfterClose: number[] = [];
    let heapOpen = 0;
    for (let i = 0; i < CYCLES; i++) {
      await viewer.evaluate((id) => window.__panelBench!.panel.open(id), session.id);
      if (i === 0) heapOpen = await heap();
      await viewer.evaluate((id) => window.__panelBench!.panel.open(id, false), smallId);
      heapAfterClose.push(await heap());
    }
    await cdp.detach();

    const rawBytes = session.batches.reduce((n, { batch }) => n + batch.events.length, 0);
    // About one of the six 5-minute parts: the player then holds one at a time, as with a session of hours.
    const holdMB = Math.ceil((rawBytes / 6 / 2 ** 20) * 10) / 10;
    log(`panel: the player holding one part (holdMB=${holdMB})`);
    const segmented = await measureSegmented(tandem, bundles, { session: session.id, small: smallId }, at, holdMB);

    log('panel: the baseline (a bare Replayer on the same events)');
    const all = [
      ...session.batches.flatMap(({ batch }) => JSON.parse(batch.events) as eventWithTime[]),
      ...session.records.map((r) => requestSpan(r) as unknown as eventWithTime),
    ].sort((a, b) => a.timestamp - b.timestamp);
    const bare = await tandem.context.newPage();
    await bare.setViewportSize({ width: 1300, height: 800 });
    await bare.goto('about:blank');
    await bare.evaluate(bundles.panelPage);
    await bare.evaluate((events) => {
      (window as unknown as { __events: unknown }).__events = JSON.parse(events);
    }, JSON.stringify(all));
    const baselineFirstFrameMs: number[] = [];
    for (let i = 0; i < OPENS; i++)
      baselineFirstFrameMs.push(
        await bare.evaluate(() =>
          window.__panelBench!.baseline.open((window as unknown as { __events: eventWithTime[] }).__events),
        ),
      );
    const baselineSeekMs: number[] = [];
    for (const t of at) baselineSeekMs.push(await bare.evaluate((x) => window.__panelBench!.baseline.seek(x), t));

    return {
      session: {
        recordedRealMs: realMs,
        rrwebEvents: session.rrwebEvents,
        fullSnapshots: session.fullSnapshots,
        batches: session.batches.length,
        requests: session.records.length,
        traces: session.traces.length,
        spans: session.traces.reduce((n, t) => n + t.spans.length, 0),
        storedBytes: stored.storedBytes,
        rawBytes,
        eventCount: stored.eventCount,
      },
      firstFrameMs,
      rowsListedMs,
      baselineFirstFrameMs,
      seekMs,
      baselineSeekMs,
      listFrameMs: list.frames,
      waterfallFrameMs: fall.frames,
      idleFrameMs,
      heapAfterClose,
      heapOpen,
      segmented,
    };
  } finally {
    await tandem.close();
  }
}

export { BIG_TRACE_SPANS };

/** BENCH_PANEL_PROFILE=<file>: a CPU profile of one opening of the session, for finding where its time goes. */
async function profileOpen(context: BrowserContext, viewer: Page, id: string, smallId: string): Promise<void> {
  await viewer.evaluate((x) => window.__panelBench!.panel.open(x, false), smallId);
  const cdp = await context.newCDPSession(viewer);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await viewer.evaluate((x) => window.__panelBench!.panel.open(x), id);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(process.env.BENCH_PANEL_PROFILE!, JSON.stringify(profile));
  await cdp.detach();
}
