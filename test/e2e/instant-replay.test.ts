import { describe, expect, it } from 'vitest';
import type { DomChangesPage } from '../fixtures/page-apis';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { pageApi } from '../harness/page-api';
import { useTandem } from '../harness/use-tandem';
import { storedChunks, storedSessions } from '../harness/store';

const WINDOW_MS = 2 * 60_000;

describe('instant replay', () => {
  const env = useTandem();

  // Three real minutes, as the acceptance asks: the window is cut by wall-clock time in the worker.
  it('after 3 minutes of activity with a 2-minute buffer, saving yields a session that starts with a full snapshot and covers the last 2 minutes', {
    timeout: 300_000,
  }, async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await setSettings(ext, { instantReplay: { enabled: true, minutes: 2, maxMB: 50 } });
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url('dom-changes.html'));
    const dom = pageApi<DomChangesPage>(page);
    const tabId = await tabIdOf(ext, page.url());
    await expect.poll(async () => (await callBackground(ext, 'getTabState', { tabId })).buffering).toBe(true);
    // Buffers are not sessions: the library stays empty while the tab buffers.
    expect(await callBackground(ext, 'listSessions', {})).toEqual([]);

    // Three minutes of activity: the page changes its DOM every 40 ms, so 4500 changes.
    await expect
      .poll(() => dom.changeCount(), {
        timeout: 200_000,
        interval: 2000,
      })
      .toBeGreaterThanOrEqual(4500);
    const finalCount = await dom.stopChanges();
    const liveList = await page.locator('#list').innerText();

    // Save from the toolbar popup, as QA would.
    const popup = await env.tandem.openExtensionPage(`src/devtools/popup.html?tabId=${tabId}`);
    const savedAt = Date.now();
    await popup.getByTestId('save-instant-replay').click();
    await expect.poll(() => popup.getByTestId('saved').count()).toBe(1);

    const [saved] = await callBackground(ext, 'listSessions', {});
    expect(saved).toMatchObject({ trigger: 'instant-replay', status: 'complete', endReason: 'saved', tabId });
    // The tab goes on buffering, into a new buffer.
    const after = await callBackground(ext, 'getTabState', { tabId });
    expect(after.buffering).toBe(true);

    await expect
      .poll(async () => JSON.stringify(await storedChunks(ext, saved!.id)).includes(`"item ${finalCount}"`), {
        interval: 500,
      })
      .toBe(true);
    const chunks = (await storedChunks(ext, saved!.id)).sort((a, b) => a.events[0]!.timestamp - b.events[0]!.timestamp);
    const events = chunks.flatMap((c) => c.events);
    const rrweb = events.filter((e) => e.type !== 5);
    expect(rrweb[0]!.type).toBe(4); // Meta...
    expect(rrweb[1]!.type).toBe(2); // ...then the full snapshot it starts from
    const first = Math.min(...events.map((e) => e.timestamp));
    const last = Math.max(...events.map((e) => e.timestamp));
    // Covers the last 2 minutes: it starts at the last full snapshot before the window (snapshots every 30 s).
    expect(savedAt - first).toBeGreaterThanOrEqual(WINDOW_MS);
    expect(savedAt - first).toBeLessThanOrEqual(WINDOW_MS + 30_000 + 5_000);
    expect(savedAt - last).toBeLessThan(5_000);
    const stored = (await storedSessions(ext)).find((s) => s.id === saved!.id)!;
    expect(stored.startedAt).toBe(first);
    expect(stored.eventCount).toBe(events.length);

    await ext.reload();
    await ext.locator(`[data-session-id="${saved!.id}"]`).click();
    const frame = ext.frameLocator('[data-testid=replay-stage] iframe');
    await expect.poll(() => frame.locator('#counter').innerText()).toBe(String(finalCount));
    expect(await frame.locator('#list').innerText()).toBe(liveList);
  });
});
