/**
 * The panel's acceptance path in the standalone viewer, on a real recording: the demo shop's declined
 * checkout recorded with the real Spotlight sidecar and the @sentry/node payments service. Choosing the failed
 * request moves the player to its moment and shows its backend waterfall (the failing span marked) and metric
 * summaries; `status-code:402` and a metric query each show exactly the matching rows; then the same by keyboard.
 * Writes screenshots of the viewer, light and dark, bottom-dock and right-dock sizes, to test-output/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../../demo/server/index';
import { declinedCheckoutFromPage } from '../../demo/shopping-trip';
import { SPOTLIGHT_DEFAULT_PORT, type Spotlight, startSpotlight } from '../../demo/spotlight/index';
import type { RequestRecord } from '../../src/shared/model';
import { callBackground, tabIdOf } from '../harness/background';
import { launchTandem, type Tandem } from '../harness/launch';
import { storedRequests, storedSessions, storedTraces } from '../harness/store';
import { until } from '../harness/until';

let spotlight: Spotlight;
let shop: DemoServer;
let tandem: Tandem;
let ext: Page;
let sessionId: string;
let checkout: RequestRecord;

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

beforeAll(async () => {
  spotlight = await startSpotlight({ port: SPOTLIGHT_DEFAULT_PORT });
  shop = await startDemoServer({ port: 0, spotlightUrl: spotlight.url });
  tandem = await launchTandem();
  ext = await tandem.openExtensionPage('viewer.html');
  const page = await tandem.context.newPage();
  await page.goto(shop.url);
  const tabId = await tabIdOf(ext, page.url());
  const started = await callBackground(ext, 'startRecording', { tabId });
  sessionId = started.sessionId!;
  // The page's wrapper has its config once the first batch is stored.
  await until('the first batch stored', async () => {
    const s = (await storedSessions(ext)).find((x) => x.id === sessionId);
    return s && s.chunkCount > 0 ? s : undefined;
  });
  expect(await declinedCheckoutFromPage(page)).toBe(402);
  // Hostile text in a URL and a console line: the panel must show it as text.
  await page.evaluate(async (h) => {
    console.error(h);
    await fetch(`/api/products?q=${encodeURIComponent(h)}`);
  }, HOSTILE);
  // The page changes after the checkout, so the moment of the checkout differs from the last frame.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.id = 'after-checkout';
    p.textContent = 'after the checkout';
    document.body.append(p);
  });
  await until('the page change stored', async () => {
    const rows = await storedRequests(ext, sessionId);
    return rows.some((r) => r.url.includes('/api/products?q=')) || undefined;
  });
  await callBackground(ext, 'stopRecording', { tabId });
  checkout = await until('the checkout request', async () =>
    (await storedRequests(ext, sessionId)).find((r) => r.method === 'POST' && r.url.endsWith('/api/checkout')),
  );
  await until('the checkout trace with its error span', async () => {
    const t = (await storedTraces(ext, sessionId)).find((x) => x.traceId === checkout.traceId);
    const failed = t?.trace.spans.some((s) => s.status.code === 'error');
    return t && failed && t.trace.metricPoints.length > 0 ? t : undefined;
  });
}, 90_000);

afterAll(async () => {
  const errors = tandem?.extensionErrors() ?? [];
  await tandem?.close();
  await shop?.close();
  await spotlight?.stop();
  expect(errors).toEqual([]);
});

const playerMoment = (viewer: Page) =>
  viewer.evaluate(() => {
    const p = document.querySelector<HTMLElement>('[data-testid=player]');
    return p?.dataset.start ? Number(p.dataset.start) + Number(p.dataset.time) : null;
  });

const visibleRows = (viewer: Page) =>
  viewer.$$eval('[data-testid=request-table] [role=row][data-request-id]', (rows) =>
    rows.map((r) => r.getAttribute('data-request-id')),
  );

/** Whether the replayed page (inside the player's iframe) shows the element with this id. */
const replayedHas = (viewer: Page, id: string) =>
  viewer.evaluate((i) => {
    const frame = document.querySelector<HTMLIFrameElement>('[data-testid=replay-stage] iframe');
    return !!frame?.contentDocument?.getElementById(i);
  }, id);

async function openViewer(size = { width: 1300, height: 420 }): Promise<Page> {
  const viewer = await tandem.context.newPage();
  await viewer.setViewportSize(size);
  await viewer.goto(tandem.extensionUrl('viewer.html'));
  await viewer.click(`[data-session-id="${sessionId}"]`);
  await viewer.waitForSelector('[data-testid=replay-stage] iframe');
  await viewer.waitForSelector(`[data-request-id="${checkout.id}"]`);
  return viewer;
}

const screenshot = async (page: Page, name: string) => {
  mkdirSync('test-output', { recursive: true });
  await page.screenshot({ path: `test-output/${name}.png` });
};

describe('the panel in the viewer', () => {
  it('choosing the failed checkout moves the player there and shows its waterfall and metrics', async () => {
    const viewer = await openViewer();
    // The player opens on the last frame: the page as it was after the checkout.
    await expect.poll(() => replayedHas(viewer, 'after-checkout')).toBe(true);

    await viewer.fill('[aria-label="Filter requests"]', 'status-code:402');
    await expect.poll(() => visibleRows(viewer)).toEqual([checkout.id]);
    await viewer.click(`[data-request-id="${checkout.id}"]`);
    await expect.poll(() => playerMoment(viewer)).toBeCloseTo(checkout.startTs, 0);
    // At the checkout's moment the later paragraph is not on the replayed page yet.
    await expect.poll(() => replayedHas(viewer, 'after-checkout')).toBe(false);

    await viewer.waitForSelector('[data-testid=waterfall]');
    const failing = await viewer.$$eval('.wf-row[data-error=true]', (rows) => rows.map((r) => r.textContent));
    expect(failing.length).toBeGreaterThan(0);
    // A deep link to the trace in each source's own UI (Spotlight by default).
    expect(await viewer.$$eval('.trace-links a', (links) => links.map((a) => a.textContent))).toContain('Spotlight');
    await screenshot(viewer, 'viewer-bottom-light-trace');
    await viewer.emulateMedia({ colorScheme: 'dark' });
    await screenshot(viewer, 'viewer-bottom-dark-trace');
    await viewer.emulateMedia({ colorScheme: 'light' });

    await viewer.click('[role=tab]:has-text("Metrics")');
    const metrics = await viewer.$$eval('[data-testid=metric-summaries] tr[data-metric]', (rows) =>
      rows.map((r) => r.getAttribute('data-metric')),
    );
    expect(metrics.some((m) => m?.startsWith('c:checkout.declined'))).toBe(true);
    expect(metrics.some((m) => m?.startsWith('d:payment.latency'))).toBe(true);
    // The whole trace's summaries hold the request's and the Server-Timing-free rest.
    await viewer.click('label:has-text("Whole trace") input');
    await expect
      .poll(() =>
        viewer.$$eval('[data-testid=metric-summaries] tr[data-metric]', (rows) =>
          rows.map((r) => r.getAttribute('data-metric')).some((m) => m?.startsWith('c:checkout.declined')),
        ),
      )
      .toBe(true);

    // A metric query shows exactly the request whose backend counted a declined payment.
    await viewer.fill('[aria-label="Filter requests"]', 'c:checkout.declined count>0');
    await expect.poll(() => visibleRows(viewer)).toEqual([checkout.id]);
    // The timeline under the toolbar: a click at its left edge seeks to the session's start.
    const box = (await viewer.locator('[data-testid=timeline] canvas').boundingBox())!;
    await viewer.mouse.click(box.x + 66, box.y + 20);
    const start = await viewer.evaluate(() =>
      Number(document.querySelector<HTMLElement>('[data-testid=player]')?.dataset.start),
    );
    await expect.poll(async () => (await playerMoment(viewer))! - start).toBeLessThan(200);
    await viewer.close();
  });

  it('does the same with the keyboard alone', async () => {
    const viewer = await openViewer();
    await viewer.focus('[aria-label="Filter requests"]');
    await viewer.keyboard.type('status-code:402');
    await expect.poll(() => visibleRows(viewer)).toEqual([checkout.id]);
    await viewer.keyboard.press('Tab');
    await viewer.keyboard.press('ArrowDown');
    await viewer.keyboard.press('Enter');
    await expect.poll(() => playerMoment(viewer)).toBeCloseTo(checkout.startTs, 0);
    await viewer.waitForSelector('[data-testid=request-details]');

    // W zooms the timeline around the playhead (the checkout) and the list follows: fewer rows, the checkout
    // among them, and a line saying so; S zooms back out to all of them.
    await viewer.keyboard.press('Escape');
    await viewer.focus('[aria-label="Filter requests"]');
    await viewer.keyboard.press('Control+A');
    await viewer.keyboard.press('Backspace');
    await viewer.keyboard.press('Tab');
    const all = (await visibleRows(viewer)).length;
    for (let i = 0; i < 4; i++) await viewer.keyboard.press('w');
    await viewer.waitForSelector('.range-note');
    const zoomed = await visibleRows(viewer);
    expect(zoomed).toContain(checkout.id);
    expect(zoomed.length).toBeLessThan(all);
    await screenshot(viewer, 'viewer-bottom-light-zoomed');
    for (let i = 0; i < 4; i++) await viewer.keyboard.press('s');
    await expect.poll(() => viewer.locator('.range-note').count()).toBe(0);
    expect((await visibleRows(viewer)).length).toBe(all);
    await viewer.close();
  });

  it('renders hostile page content as text, and fits a right-docked panel', async () => {
    const viewer = await openViewer({ width: 520, height: 900 });
    await viewer.fill('[aria-label="Filter requests"]', 'products?q=');
    await expect.poll(async () => (await visibleRows(viewer)).length).toBe(1);
    expect(await viewer.evaluate(() => document.querySelectorAll('img[src=x]').length)).toBe(0);
    expect(await viewer.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // Named and tagged in the library, through the background; the name is shown as text, and tags find it.
    await viewer.click('[data-testid=label-session]');
    await viewer.fill('[aria-label="Session name"]', `Declined checkout ${HOSTILE}`);
    await viewer.fill('[aria-label="Tags, comma-separated"]', 'payments, bug-1432');
    await viewer.click('[data-testid=label-form] button[type=submit]');
    const title = `[data-session-id="${sessionId}"] .title`;
    await expect.poll(() => viewer.textContent(title)).toBe(`Declined checkout ${HOSTILE}`);
    const search = '[aria-label^="Search sessions"]';
    await viewer.fill(search, 'tag:nothing');
    await expect.poll(() => viewer.locator('[data-testid=session-item]').count()).toBe(0);
    await viewer.fill(search, 'tag:bug-1432');
    await expect.poll(() => viewer.locator('[data-testid=session-item]').count()).toBe(1);
    expect(await viewer.evaluate(() => document.querySelectorAll('img[src=x]').length)).toBe(0);
    await screenshot(viewer, 'viewer-right-light');
    await viewer.click('[role=tab]:has-text("Console")');
    await expect.poll(() => viewer.evaluate(() => document.body.textContent)).toContain(HOSTILE);
    expect(await viewer.evaluate(() => document.querySelectorAll('img[src=x]').length)).toBe(0);
    await viewer.emulateMedia({ colorScheme: 'dark' });
    await screenshot(viewer, 'viewer-right-dark');
    await viewer.close();
  });
});
