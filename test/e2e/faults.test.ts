import { mkdirSync } from 'node:fs';
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { DomChangesPage } from '../fixtures/page-apis';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { pageApi } from '../harness/page-api';
import { chunkSizes, sequenceProblems, storedChunks, storedSessions } from '../harness/store';
import { useTandem } from '../harness/use-tandem';

/**
 * Faults in the real browser (issue #17): a stored chunk that cannot be read, and five tabs recording at once.
 * The worker stopped over and over and the browser killed mid-recording are in durability.test.ts.
 */
describe('faults', () => {
  const env = useTandem();

  /** Overwrites the stored bytes of one chunk with bytes that are not gzip, through the extension's IndexedDB. */
  function corruptChunk(ext: Page, key: [string, string, number]) {
    return ext.evaluate(async ([sessionId, pageId, seq]) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('tandem');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const tx = db.transaction('chunks', 'readwrite');
      const store = tx.objectStore('chunks');
      const get = store.get([sessionId, pageId, seq]);
      await new Promise((res) => (get.onsuccess = res));
      store.put({ ...get.result, bytes: new Uint8Array([0x1f, 0x8b, 0xde, 0xad, 0xbe, 0xef]) });
      await new Promise((res) => (tx.oncomplete = res));
      db.close();
    }, key);
  }

  it('an unreadable chunk: a gap marker over it, the stretch until the next full snapshot frozen, then the replay goes on', async () => {
    const { tandem, server } = env;
    const ext = await tandem.openExtensionPage('viewer.html');
    const url = server.url('dom-changes.html?gap');
    // A checkout every 30 s (the shortest the settings allow) gives the document a second full snapshot.
    await setSettings(ext, {
      autoRecord: [url],
      recording: { ...DEFAULT_SETTINGS.recording, checkoutEveryMinutes: 0.5 },
    });
    const page = await tandem.context.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(ext, url);
    const sessionId = await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)?.id)
      .toBeTruthy()
      .then(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)!.id);
    // Two replay starts, and a few seconds of changes after the second.
    await expect
      .poll(async () => (await chunkSizes(ext, sessionId)).filter((c) => c.snapshot).length, { timeout: 60_000 })
      .toBe(2);
    const dom = pageApi<DomChangesPage>(page);
    const afterCheckout = await dom.changeCount();
    await expect.poll(() => dom.changeCount()).toBeGreaterThan(afterCheckout + 50);
    const finalCount = await dom.stopChanges();
    const liveList = await page.locator('#list').innerText();
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => JSON.stringify(await storedChunks(ext, sessionId)).includes(`"item ${finalCount}"`))
      .toBe(true);

    // Where the player's clock starts: the session's first event (read before a chunk is made unreadable).
    const start = Math.min(...(await storedChunks(ext, sessionId)).flatMap((c) => c.events.map((e) => e.timestamp)));
    // The victim: a chunk of the document about 10 s in, well between its two full snapshots.
    const meta = await chunkSizes(ext, sessionId);
    const [first, second] = meta.filter((c) => c.snapshotTs !== null);
    const checkout = second!.snapshotTs!;
    const victim = meta.find((c) => c.pageId === first!.pageId && c.firstTs > first!.snapshotTs! + 10_000)!;
    expect(victim.lastTs).toBeLessThan(checkout - 5000);
    await corruptChunk(ext, [sessionId, victim.pageId, victim.seq]);

    // Open it at a moment inside the gap, after the lost chunk.
    const inGap = Math.round((victim.lastTs + checkout) / 2) - start;
    await ext.goto(tandem.extensionUrl(`viewer.html?replay=${sessionId}&t=${inGap}`));
    await expect.poll(() => ext.locator('[data-testid=replay-problems]').innerText()).toContain('1 part(s)');
    const gap = ext.locator('[data-testid=replay-gap]');
    await expect.poll(() => gap.count()).toBe(1);
    expect(Number(await gap.getAttribute('data-from'))).toBe(victim.firstTs - start);
    expect(Number(await gap.getAttribute('data-to'))).toBe(checkout - start);
    expect(await gap.getAttribute('aria-label')).toMatch(/^Missing .* \(1 unreadable part\); the replay continues at /);

    // Inside the gap the stage shows the last frame before it, whole: the counter is the list's last item and the
    // list holds consecutive items. Applying the later changes to a DOM that lacks the lost chunk's nodes would not.
    const stage = ext.locator('[data-testid=replay-stage]');
    await expect.poll(() => stage.getAttribute('data-shown')).toBe(String(inGap));
    const frame = ext.frameLocator('[data-testid=replay-stage] iframe');
    const shown = await frameState(frame);
    expect(shown.items.length).toBeGreaterThan(0);
    expect(shown.items).toEqual(shown.items.map((_, i) => shown.items[0]! + i));
    expect(shown.counter).toBe(String(shown.items.at(-1)));
    expect(shown.items.at(-1)!).toBeLessThan(finalCount);
    // Looked at by a person: the gap's band on the seek bar and the warning above the stage.
    mkdirSync('test-output', { recursive: true });
    await ext.screenshot({ path: 'test-output/viewer-gap.png' });

    // Clicking the gap goes to where the replay draws again; the session then plays to its real end.
    await gap.click();
    await expect.poll(() => stage.getAttribute('data-shown')).toBe(String(checkout - start));
    await ext.getByRole('button', { name: 'Play', exact: true }).click();
    await ext.getByRole('combobox', { name: 'Playback speed' }).selectOption('8');
    await expect.poll(() => frame.locator('#counter').innerText(), { timeout: 30_000 }).toBe(String(finalCount));
    expect(await frame.locator('#list').innerText()).toBe(liveList);
    await expect.poll(async () => (await callBackground(ext, 'getDiagnostics', {})).errors['corrupt-chunk']).toBe(1);
  }, 150_000);

  it('five tabs recording at once: five sessions, each complete and holding only its own tab', async () => {
    const { tandem, server } = env;
    const ext = await tandem.openExtensionPage('viewer.html');
    await setSettings(ext, { autoRecord: [server.url('dom-changes.html?tab=*')] });
    const urls = [1, 2, 3, 4, 5].map((i) => server.url(`dom-changes.html?tab=${i}`));
    const pages = await Promise.all(urls.map(() => tandem.context.newPage()));
    await Promise.all(pages.map((p, i) => p.goto(urls[i]!)));
    const tabIds = await Promise.all(urls.map((u) => tabIdOf(ext, u)));
    const sessionOf = async (tabId: number) =>
      (await storedSessions(ext)).find((s) => s.tabId === tabId && s.status === 'recording');
    for (const tabId of tabIds)
      await expect.poll(async () => (await sessionOf(tabId))?.chunkCount ?? 0).toBeGreaterThanOrEqual(4);
    const ids = await Promise.all(tabIds.map(async (t) => (await sessionOf(t))!.id));
    const finals = await Promise.all(pages.map((p) => pageApi<DomChangesPage>(p).stopChanges()));
    for (const tabId of tabIds) await callBackground(ext, 'stopRecording', { tabId });

    expect(new Set(ids).size).toBe(5);
    for (const [i, id] of ids.entries()) {
      // Complete: the last change is stored, every document's batches run without gaps, nothing twice.
      await expect
        .poll(async () => JSON.stringify(await storedChunks(ext, id)).includes(`"item ${finals[i]}"`))
        .toBe(true);
      const chunks = await storedChunks(ext, id);
      expect(sequenceProblems(chunks)).toEqual([]);
      const events = chunks.flatMap((c) => c.events.map((e) => JSON.stringify(e)));
      expect(new Set(events).size).toBe(events.length);
      // Isolated: the session's documents are its own tab's only.
      const hrefs = chunks
        .flatMap((c) => c.events)
        .filter((e) => e.type === 4)
        .map((e) => (e.data as { href: string }).href);
      expect(new Set(hrefs)).toEqual(new Set([urls[i]]));
      const session = (await storedSessions(ext)).find((s) => s.id === id)!;
      expect(session.urls).toEqual([urls[i]]);
      expect(session.eventCount).toBe(events.length);
    }
    await Promise.all(pages.map((p) => p.close()));
  });
});

/** The replayed page's counter and the numbers of its list items. */
async function frameState(frame: FrameLocator) {
  const counter = await frame.locator('#counter').innerText();
  const items = (await frame.locator('#list li').allInnerTexts()).map((t) => Number(t.replace('item ', '')));
  return { counter, items };
}
