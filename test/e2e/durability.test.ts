import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomChangesPage } from '../fixtures/page-apis';
import { startFixtureServer, type FixtureServer } from '../fixtures/server';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { launchTandem } from '../harness/launch';
import { pageApi } from '../harness/page-api';
import { sequenceProblems, storedChunks, storedSessions } from '../harness/store';

describe('durability', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a 1-minute recording with the service worker stopped every few seconds loses and duplicates nothing', async () => {
    const tandem = await launchTandem();
    try {
      const ext = await tandem.openExtensionPage('viewer.html');
      await setSettings(ext, { autoRecord: [server.url('dom-changes.html')] });
      const page = await tandem.context.newPage();
      await page.goto(server.url('dom-changes.html'));
      const dom = pageApi<DomChangesPage>(page);
      const tabId = await tabIdOf(ext, page.url());
      const started = Date.now();
      let restarts = 0;
      // Every ~3 s of page activity (75 DOM changes at 40 ms), stop the worker, for a minute.
      while (Date.now() - started < 60_000) {
        const before = await dom.changeCount();
        await expect.poll(() => dom.changeCount(), { timeout: 20_000 }).toBeGreaterThan(before + 75);
        const bootedAt = (await callBackground(ext, 'getDiagnostics', {})).bootedAt;
        await tandem.stopServiceWorker();
        await expect
          .poll(async () => (await callBackground(ext, 'getDiagnostics', {})).bootedAt)
          .toBeGreaterThan(bootedAt);
        restarts++;
      }
      expect(restarts).toBeGreaterThanOrEqual(12);

      const finalCount = await dom.stopChanges();
      const liveList = await page.locator('#list').innerText();
      await callBackground(ext, 'stopRecording', { tabId });
      const session = (await storedSessions(ext)).find((s) => s.tabId === tabId)!;
      await expect
        .poll(async () => JSON.stringify(await storedChunks(ext, session.id)).includes(`"item ${finalCount}"`), {
          interval: 500,
        })
        .toBe(true);

      const chunks = await storedChunks(ext, session.id);
      expect(sequenceProblems(chunks)).toEqual([]);
      const keys = chunks.map((c) => `${c.pageId}/${c.seq}`);
      expect(new Set(keys).size).toBe(keys.length);
      // No event stored twice: rrweb events carry unique timestamps+payloads within a document.
      const events = chunks.flatMap((c) => c.events.map((e) => JSON.stringify(e)));
      expect(new Set(events).size).toBe(events.length);
      const stored = (await storedSessions(ext)).find((s) => s.id === session.id)!;
      expect(stored.eventCount).toBe(events.length);

      await ext.reload();
      await ext.locator(`[data-session-id="${session.id}"]`).click();
      const frame = ext.frameLocator('[data-testid=replay-stage] iframe');
      await expect.poll(() => frame.locator('#counter').innerText()).toBe(String(finalCount));
      expect(await frame.locator('#list').innerText()).toBe(liveList);
      expect(tandem.extensionErrors()).toEqual([]);
    } finally {
      await tandem.close();
    }
  });

  it('a session whose browser died is marked interrupted, not lost, and still plays', async () => {
    const first = await launchTandem();
    const profileDir = first.profileDir;
    let sessionId: string;
    try {
      const ext = await first.openExtensionPage('viewer.html');
      await setSettings(ext, { autoRecord: [server.url('dom-changes.html')] });
      const page = await first.context.newPage();
      await page.goto(server.url('dom-changes.html'));
      const tabId = await tabIdOf(ext, page.url());
      await expect
        .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)?.chunkCount ?? 0)
        .toBeGreaterThanOrEqual(2);
      sessionId = (await storedSessions(ext)).find((s) => s.tabId === tabId)!.id;
    } finally {
      await first.crash();
    }

    const second = await launchTandem({ profileDir });
    try {
      const ext = await second.openExtensionPage('viewer.html');
      await expect
        .poll(async () => (await storedSessions(ext)).find((s) => s.id === sessionId)?.status)
        .toBe('interrupted');
      const session = (await storedSessions(ext)).find((s) => s.id === sessionId)!;
      expect(session.endedAt).toBe(session.lastEventAt);
      expect(session.endReason).toBe('interrupted');
      await ext.reload();
      await ext.locator(`[data-session-id="${sessionId}"]`).click();
      await expect
        .poll(() => ext.frameLocator('[data-testid=replay-stage] iframe').locator('#title').innerText())
        .toBe('Changing page');
    } finally {
      await second.close();
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
});
