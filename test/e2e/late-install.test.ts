import { describe, expect, it } from 'vitest';
import type { DomChangesPage } from '../fixtures/page-apis';
import { callBackground, tabIdOf } from '../harness/background';
import { breadcrumbs } from '../harness/events';
import { pageApi } from '../harness/page-api';
import { storedChunks, storedSessions } from '../harness/store';
import { expectTraceparent } from '../harness/traceparent';
import { installTandem, useChromiumWithoutTandem } from '../harness/use-tandem';

/**
 * A user installs Tandem with tabs already open: those pages never ran the manifest's content scripts, so
 * starting a recording injects them. The DOM recorder (rrweb) and the fetch wrapper live in the MAIN-world
 * script, so both halves must be injected, the recorder first (it takes the MAIN world's handover).
 */
describe('Tandem installed while a tab is already open', () => {
  const env = useChromiumWithoutTandem();

  it('records the page: its DOM, a click with its rrweb node id, and a fetch carrying trace headers', async () => {
    const page = await env.browser.context.newPage();
    const url = env.server.url('dom-changes.html');
    await page.goto(url);
    const dom = pageApi<DomChangesPage>(page);
    await expect.poll(() => dom.changeCount()).toBeGreaterThan(5);

    const ext = await installTandem(env.browser);
    const tabId = await tabIdOf(ext, url);
    expect((await callBackground(ext, 'startRecording', { tabId })).recording).toBe(true);

    // The DOM: a full snapshot, then the page's later changes.
    await expect
      .poll(async () => (await storedSessions(ext)).at(0)?.eventCount ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(2);
    const sessionId = (await storedSessions(ext))[0]!.id;
    const atStart = await dom.changeCount();
    await page.click('#title');
    await page.evaluate(() => fetch('/echo', { headers: { 'x-marker': 'late-install' } }).then((r) => r.text()));
    const last = await dom.stopChanges();
    expect(last).toBeGreaterThan(atStart);
    await callBackground(ext, 'stopRecording', { tabId });

    await expect
      .poll(
        async () => JSON.stringify((await storedChunks(ext, sessionId)).map((c) => c.events)).includes(`item ${last}`),
        { timeout: 10_000 },
      )
      .toBe(true);
    const chunks = await storedChunks(ext, sessionId);
    expect(chunks.flatMap((c) => c.events).some((e) => (e as { type: number }).type === 2)).toBe(true);
    const click = breadcrumbs(chunks, 'ui.click').find((c) => c.message?.includes('h1#title'));
    expect(click?.data?.nodeId).toBeGreaterThan(0);

    const echo = env.server.requests.find((r) => r.path === '/echo' && r.headers['x-marker'] === 'late-install');
    expectTraceparent(echo?.headers.traceparent);
    expect(echo?.headers.baggage).toContain(`sentry-replay_id=${sessionId}`);
  });
});
