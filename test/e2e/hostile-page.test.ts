import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRAPPER_STASH_KEY } from '../../src/shared/bridge-constants';
import type { Settings } from '../../src/shared/settings';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { breadcrumbs } from '../harness/events';
import { launchTandem, type Tandem } from '../harness/launch';
import { storedChunks, storedSessions } from '../harness/store';
import { expectTraceparent } from '../harness/traceparent';
import { installTandem, useChromiumWithoutTandem } from '../harness/use-tandem';

/**
 * A page that turns hostile once its scripts run (after Tandem's MAIN-world hooks): it replaces the built-ins
 * the hooks would go through to get their port or node, read their configuration or rewrite what they send,
 * and reads what Tandem leaves in its sessionStorage. The unit tests show each part in happy-dom
 * (test/unit/content/page/); this is the real browser, where the two worlds and their bridges are Chrome's.
 */

/**
 * Runs in the page: replaces the built-ins and notes whatever of Tandem's they are handed. The page itself
 * uses no MessagePort and no `tandem-*` events, so anything noted is Tandem's port, node or messages.
 */
function turnHostile(): void {
  const caught: string[] = [];
  (window as unknown as { caught: string[] }).caught = caught;
  const post = MessagePort.prototype.postMessage;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const call = Function.prototype.call;
  MessagePort.prototype.postMessage = function (this: MessagePort, ...args: unknown[]) {
    caught.push('postMessage');
    return Reflect.apply(post, this, args);
  } as typeof post;
  // biome-ignore lint/suspicious/noExplicitAny: a page's own monkey patch
  Function.prototype.call = function (this: (...a: any[]) => unknown, self: unknown, ...args: unknown[]) {
    if (this === post || this === dispatch) caught.push('call');
    return Reflect.apply(this, self, args);
  } as typeof call;
  EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event) {
    if (event.type.startsWith('tandem')) caught.push(`dispatchEvent:${event.type}`);
    return Reflect.apply(dispatch, this, [event]);
  };
  for (const [proto, key] of [
    [CustomEvent.prototype, 'detail'],
    [MessageEvent.prototype, 'data'],
  ] as const) {
    const getter = Object.getOwnPropertyDescriptor(proto, key)!.get!;
    Object.defineProperty(proto, key, {
      configurable: true,
      get() {
        const value: unknown = Reflect.apply(getter, this, []);
        const kind = (value as { kind?: unknown } | null)?.kind;
        if (kind === 'control' || kind === 'start' || kind === 'stop' || kind === 'flush')
          caught.push(`${key}:${kind}`);
        return value;
      },
    });
  }
  // Every rrweb and custom event has a numeric type: the page would rewrite each one.
  Object.defineProperty(Object.prototype, 'toJSON', {
    configurable: true,
    value(this: { type?: unknown }) {
      return typeof this.type === 'number' ? { type: this.type, timestamp: Date.now(), forged: true } : this;
    },
  });
}

describe('a hostile page', () => {
  let tandem: Tandem;
  let app: FixtureServer;
  let ext: Page;

  beforeAll(async () => {
    app = await startFixtureServer();
    tandem = await launchTandem();
    ext = await tandem.openExtensionPage('viewer.html');
  });
  afterAll(async () => {
    const errors = tandem?.extensionErrors() ?? [];
    await tandem?.close();
    await app?.close();
    expect(errors).toEqual([]);
  });

  async function recordedPage(network: Partial<Settings['network']> = {}) {
    await setSettings(ext, { autoRecord: [app.url('network.html*')], network: network as Settings['network'] });
    const page = await tandem.context.newPage();
    await page.goto(app.url(`network.html?tab=${Math.random()}`));
    const tabId = await tabIdOf(ext, page.url());
    await expect.poll(async () => (await callBackground(ext, 'getTabState', { tabId })).recording).toBe(true);
    const sessionId = (await callBackground(ext, 'getTabState', { tabId })).sessionId!;
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.id === sessionId)?.chunkCount ?? 0)
      .toBeGreaterThan(0);
    return { page, tabId, sessionId };
  }

  it('that replaces the built-ins after the hooks installed gets no port, node or configuration, and rewrites nothing', async () => {
    const { page, tabId, sessionId } = await recordedPage();
    await page.evaluate(turnHostile);
    await page.evaluate(() => {
      console.log('said after the page turned hostile', { total: 42 });
      document.body.insertAdjacentHTML('beforeend', '<p id="late">added after</p>');
    });
    await page.click('#late');
    await page.evaluate(() => fetch('/echo', { headers: { 'x-marker': 'hostile' } }).then((r) => r.text()));
    // A new configuration goes down to the hooks (stop, then the recorder says idle).
    await callBackground(ext, 'stopRecording', { tabId });

    await expect
      .poll(async () =>
        breadcrumbs(await storedChunks(ext, sessionId), 'console').some((c) =>
          c.message?.includes('said after the page turned hostile'),
        ),
      )
      .toBe(true);
    const chunks = await storedChunks(ext, sessionId);
    expect(breadcrumbs(chunks, 'ui.click').some((c) => c.message?.includes('p#late'))).toBe(true);
    expect(JSON.stringify(chunks.map((c) => c.events))).not.toContain('"forged"');
    const line = breadcrumbs(chunks, 'console').find((c) => c.message?.includes('said after'));
    expect(JSON.stringify(line)).toContain('{\\"total\\":42}');
    expect(await page.evaluate(() => (window as unknown as { caught: string[] }).caught)).toEqual([]);
    const echo = app.requests.find((r) => r.path === '/echo' && r.headers['x-marker'] === 'hostile');
    expectTraceparent(echo?.headers.traceparent);
  });

  it("finds in its sessionStorage only what its own requests need, none of the user's other backends", async () => {
    const { page, tabId } = await recordedPage({
      targets: [
        { urls: ['https://billing.internal.corp/*'], propagators: ['tracecontext'] },
        { urls: [`${app.origin}/never/*`], propagators: ['b3'] },
      ],
      bodies: { urls: ['https://hr.internal.corp/*'], maxBytes: 1024 },
    });
    const stash = await page.evaluate((key) => sessionStorage.getItem(key), WRAPPER_STASH_KEY);
    expect(stash).toContain(`${app.origin}/never/*`);
    expect(stash).not.toContain('internal.corp');
    await callBackground(ext, 'stopRecording', { tabId });
    await expect.poll(() => page.evaluate((key) => sessionStorage.getItem(key), WRAPPER_STASH_KEY)).toBeNull();
  });
});

describe('a page loaded before Tandem that set the hooks’ old marker first', () => {
  const env = useChromiumWithoutTandem();

  it('still gets the hooks injected when recording starts: its fetch carries trace headers', async () => {
    const page = await env.browser.context.newPage();
    const url = env.server.url('network.html');
    await page.goto(url);
    await page.evaluate(() => {
      (globalThis as Record<symbol, unknown>)[Symbol.for('tandem.page-hooks')] = true;
    });
    const ext = await installTandem(env.browser);
    const tabId = await tabIdOf(ext, url);
    expect((await callBackground(ext, 'startRecording', { tabId })).recording).toBe(true);
    await expect.poll(async () => (await storedSessions(ext)).at(0)?.chunkCount ?? 0).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        await page.evaluate(() => fetch('/echo', { headers: { 'x-marker': 'pre-empted' } }).then((r) => r.text()));
        return env.server.requests.some((r) => r.headers['x-marker'] === 'pre-empted' && r.headers.traceparent);
      })
      .toBe(true);
    await callBackground(ext, 'stopRecording', { tabId });
  });
});
