import { describe, expect, it } from 'vitest';
import type { DomChangesPage, NoisyPage } from '../fixtures/page-apis';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import type { Tandem } from '../harness/launch';
import { pageApi } from '../harness/page-api';
import { useTandem } from '../harness/use-tandem';
import { sequenceProblems, storedChunks, storedSessions } from '../harness/store';

describe('storage limits', () => {
  const env = useTandem();

  async function record(ext: Awaited<ReturnType<Tandem['openExtensionPage']>>, path: string, untilBytes: number) {
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url(path));
    const tabId = await tabIdOf(ext, page.url());
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)?.storedBytes ?? 0)
      .toBeGreaterThan(untilBytes);
    return { page, tabId, sessionId: (await storedSessions(ext)).find((s) => s.tabId === tabId)!.id };
  }

  it('when IndexedDB runs out of quota, older unpinned sessions are evicted, the panel warns, the current session stays intact', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    // The quota must be set before the worker opens the database: Chrome keeps the quota it saw at open.
    // Room for the three older sessions (~75 KB each with overhead) and a little more.
    const cdp = await env.tandem.context.newCDPSession(ext);
    const origin = `chrome-extension://${env.tandem.extensionId}`;
    const { usage } = (await cdp.send('Storage.getUsageAndQuota', { origin })) as { usage: number };
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 400_000 });
    await setSettings(ext, { autoRecord: [env.server.url('noisy.html')] });
    const old: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { page, tabId, sessionId } = await record(ext, 'noisy.html', 60_000);
      await callBackground(ext, 'stopRecording', { tabId });
      await page.close();
      old.push(sessionId);
    }
    await callBackground(ext, 'pinSession', { sessionId: old[1]!, pinned: true });

    // The current session grows past what is left: older unpinned sessions are evicted to make room.
    // (LevelDB reclaims deleted space only when it compacts, so with this tiny quota storage then fills up:
    // the page keeps its unacknowledged batches and offers them again.)
    const current = await record(ext, 'noisy.html', 50_000);
    await expect
      .poll(async () => (await callBackground(ext, 'getDiagnostics', {})).errors.evicted ?? 0)
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await callBackground(ext, 'getDiagnostics', {})).errors['storage-full'] ?? 0)
      .toBeGreaterThan(0);
    const finalCount = await pageApi<NoisyPage>(current.page).stopChanges();
    expect((await callBackground(ext, 'getTabState', { tabId: current.tabId })).recording).toBe(true);
    // Room again (as after a compaction or the user deleting sessions): what the page kept is stored.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await callBackground(ext, 'stopRecording', { tabId: current.tabId });

    const remaining = (await storedSessions(ext)).map((s) => s.id);
    expect(remaining).not.toContain(old[0]); // the oldest went first
    expect(remaining).toContain(old[1]); // pinned: never evicted
    expect(remaining).toContain(current.sessionId);

    // The current session lost nothing: no gaps, and its replay ends on the page's last state.
    await expect
      .poll(async () => JSON.stringify(await storedChunks(ext, current.sessionId)).includes(`"${finalCount}"`), {
        interval: 500,
        timeout: 30_000,
      })
      .toBe(true);
    // Batches refused while storage was full are offered again by the page (every 5 s) and fill the gap.
    await expect
      .poll(async () => sequenceProblems(await storedChunks(ext, current.sessionId)), {
        interval: 500,
        timeout: 30_000,
      })
      .toEqual([]);
    await ext.reload();
    await expect.poll(() => ext.getByTestId('warning').innerText()).toContain('storage quota');
    await ext.locator(`[data-session-id="${current.sessionId}"]`).click();
    await expect
      .poll(() => ext.frameLocator('[data-testid=replay-stage] iframe').locator('#counter').innerText())
      .toBe(String(finalCount));
  });

  it('a failing compressor falls back to uncompressed chunks and loses nothing', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await setSettings(ext, { autoRecord: [env.server.url('dom-changes.html')] });
    // Break CompressionStream inside the service worker, as a failing codec would.
    const worker = await env.tandem.worker();
    await worker.evaluate(() => {
      Object.defineProperty(globalThis, 'CompressionStream', {
        value: class {
          constructor() {
            throw new Error('compressor broken on purpose');
          }
        },
      });
    });
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url('dom-changes.html'));
    const tabId = await tabIdOf(ext, page.url());
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)?.chunkCount ?? 0)
      .toBeGreaterThanOrEqual(3);
    const finalCount = await pageApi<DomChangesPage>(page).stopChanges();
    await callBackground(ext, 'stopRecording', { tabId });
    const sessionId = (await storedSessions(ext)).find((s) => s.tabId === tabId)!.id;
    await expect
      .poll(async () => JSON.stringify(await storedChunks(ext, sessionId)).includes(`item ${finalCount}`), {
        interval: 300,
      })
      .toBe(true);

    const chunks = await storedChunks(ext, sessionId);
    expect(chunks.every((c) => c.codec === 'none')).toBe(true);
    expect(sequenceProblems(chunks)).toEqual([]);
    expect((await callBackground(ext, 'getDiagnostics', {})).errors['compression-fallback']).toBeGreaterThanOrEqual(
      chunks.length,
    );
    await ext.reload();
    await ext.locator(`[data-session-id="${sessionId}"]`).click();
    await expect
      .poll(() => ext.frameLocator('[data-testid=replay-stage] iframe').locator('#counter').innerText())
      .toBe(String(finalCount));
  });
});
