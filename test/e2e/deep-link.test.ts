import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../../demo/server/index';
import { callBackground, tabIdOf } from '../harness/background';
import { storedRequests, storedSessions } from '../harness/store';
import { until } from '../harness/until';
import { useTandem } from '../harness/use-tandem';

/** Where the viewer's player is, on the recording's clock: its first event's time plus the cursor. */
const playerMoment = (viewer: Page) =>
  viewer.evaluate(() => {
    const player = document.querySelector<HTMLElement>('[data-testid=player]');
    if (!player?.dataset.start || player.dataset.time === undefined) return null;
    return Number(player.dataset.start) + Number(player.dataset.time);
  });

describe('viewer deep links', () => {
  const env = useTandem();
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('viewer.html?trace=<a recorded request’s trace id> opens its session with the player at that request', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const shop = await env.tandem.context.newPage();
    await shop.goto(`${demo.url}/`);
    const tabId = await tabIdOf(ext, shop.url());
    const { sessionId } = await callBackground(ext, 'startRecording', { tabId });
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    // The page's wrapper has its config once the first batch is stored.
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.id === sessionId)?.chunkCount ?? 0)
      .toBeGreaterThan(0);
    // The shop's own code path: a same-origin fetch of the catalogue, which Tandem gives a traceparent.
    expect(await shop.evaluate(async () => (await fetch('/api/products')).status)).toBe(200);
    // The session goes on after the request: the player's default place (its last frame) is not the request's.
    await shop.evaluate(() => new Promise((done) => setTimeout(() => done(document.body.append('later')), 500)));
    await callBackground(ext, 'stopRecording', { tabId });
    const products = await until('the stored /api/products request', async () =>
      (await storedRequests(ext, sessionId!)).find((r) => r.url.endsWith('/api/products')),
    );
    expect(products.traceSource).toBe('injected');
    expect(products.traceId).toMatch(/^[0-9a-f]{32}$/);
    const session = (await storedSessions(ext)).find((s) => s.id === sessionId)!;
    expect(session.lastEventAt).toBeGreaterThan(products.endTs + 300);

    const viewer = await env.tandem.context.newPage();
    await viewer.goto(env.tandem.extensionUrl(`viewer.html?trace=${products.traceId}`));
    await expect
      .poll(() => viewer.evaluate(() => document.querySelector('[aria-current=true]')?.getAttribute('data-session-id')))
      .toBe(sessionId);
    // Once the Replayer has drawn (its iframe is there), the cursor must still be at the request, not at the end.
    await expect
      .poll(() => viewer.evaluate(() => !!document.querySelector('[data-testid=replay-stage] iframe')))
      .toBe(true);
    expect(await playerMoment(viewer)).toBeCloseTo(products.startTs, 3);

    // An unknown trace says so instead of opening anything.
    const missing = 'f'.repeat(32);
    await viewer.goto(env.tandem.extensionUrl(`viewer.html?trace=${missing}`));
    await expect
      .poll(() => viewer.evaluate(() => document.body.textContent ?? ''))
      .toContain(`No recorded session holds trace ${missing}.`);
    expect(await viewer.evaluate(() => document.querySelector('[aria-current=true]'))).toBeNull();
  });
});
