import { describe, expect, it } from 'vitest';
import type { DomChangesPage } from '../fixtures/page-apis';
import { freePort, openTandemPanel, screenshotDevtools, type CdpTarget } from '../harness/devtools';
import { pageApi } from '../harness/page-api';
import { useTandem } from '../harness/use-tandem';

describe('the real DevTools panel', () => {
  let port: number;
  const env = useTandem({
    launch: async () => {
      port = await freePort();
      return { args: ['--auto-open-devtools-for-tabs', `--remote-debugging-port=${port}`] };
    },
  });

  const text = (panel: CdpTarget, selector: string) =>
    panel.evaluate<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`);
  const click = (panel: CdpTarget, selector: string) =>
    panel.evaluate<boolean>(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)}); el?.click(); return !!el; })()`,
    );

  const panelState = (panel: CdpTarget) =>
    panel.evaluate<string>(`JSON.stringify({
      iframes: document.querySelectorAll('[data-testid=replay-stage] iframe').length,
      frame: document.querySelector('[data-testid=replay-stage] iframe')?.contentDocument?.documentElement?.outerHTML?.slice(0, 400),
      selected: document.querySelector('[aria-current=true]')?.textContent,
      main: document.querySelector('main')?.textContent?.slice(0, 300),
    })`);

  it('records the inspected tab from the panel and plays the session there', async () => {
    const page = await env.tandem.context.newPage();
    const url = env.server.url('dom-changes.html');
    await page.goto(url);
    const panel = await openTandemPanel(port, env.tandem.extensionId, url);

    await expect.poll(() => text(panel, '[data-testid=recording-state]')).toBe('Not recording');
    // The first thing a developer sees: an empty library that says how to start.
    await expect.poll(() => text(panel, '[data-testid=no-sessions]')).toMatch(/^No sessions yet/);
    await screenshotDevtools(port, url, 'test-output/devtools-panel-empty.png');
    expect(await click(panel, '[data-testid=start-recording]')).toBe(true);
    await expect.poll(() => text(panel, '[data-testid=recording-state]')).toBe('Recording');
    await expect
      .poll(() => panel.evaluate<number>(`document.querySelectorAll('[data-testid=session-item]').length`))
      .toBe(1);
    await expect.poll(() => pageApi<DomChangesPage>(page).changeCount()).toBeGreaterThan(20);

    expect(await click(panel, '[data-testid=stop-recording]')).toBe(true);
    await expect.poll(() => text(panel, '[data-testid=recording-state]')).toBe('Not recording');
    expect(await click(panel, '[data-testid=session-item]')).toBe(true);
    // The replay frame inside the DevTools panel shows the recorded page.
    await expect
      .poll(() =>
        panel.evaluate<string>(
          `document.querySelector('[data-testid=replay-stage] iframe')?.contentDocument?.querySelector('#title')?.textContent ?? ''`,
        ),
      )
      .toBe('Changing page')
      .catch(async (e: Error) => {
        // What the panel shows, for a failure in CI that does not happen here.
        throw new Error(`${e.message}; the panel: ${await panelState(panel)}`);
      });
    panel.close();
  });

  it('live: a request made in the inspected tab appears in the open panel within 1 s', async () => {
    const page = await env.tandem.context.newPage();
    // A URL of its own: the previous test's tab (and its DevTools) is still open.
    const url = env.server.url('dom-changes.html?live');
    await page.goto(url);
    const panel = await openTandemPanel(port, env.tandem.extensionId, url);
    await expect.poll(() => text(panel, '[data-testid=recording-state]')).toBe('Not recording');
    expect(await click(panel, '[data-testid=start-recording]')).toBe(true);
    // The panel opens the inspected tab's recording by itself and plays it as it grows.
    await expect.poll(() => panel.evaluate<boolean>(`!!document.querySelector('[aria-current=true]')`)).toBe(true);
    await expect
      .poll(() => panel.evaluate<boolean>(`!!document.querySelector('[data-testid=replay-stage] iframe')`))
      .toBe(true);
    const rowFor = (marker: string) =>
      panel.evaluate<boolean>(
        `[...document.querySelectorAll('[data-request-id]')].some((r) => r.textContent.includes(${JSON.stringify(marker)}))`,
      );
    for (const n of [1, 2, 3]) {
      const marker = `live=${n}`;
      expect(await page.evaluate(async (m) => (await fetch(`/dom-changes.html?${m}`)).status, marker)).toBe(200);
      // Timed from the response reaching the page: the capture's write plus the panel's poll.
      await expect.poll(() => rowFor(marker), { timeout: 1000 }).toBe(true);
    }
    // What a developer sees: the DevTools window with the panel, live (test-output/, looked at).
    await screenshotDevtools(port, url, 'test-output/devtools-panel-live.png');
    expect(await click(panel, '[data-testid=stop-recording]')).toBe(true);
    panel.close();
  });
});
