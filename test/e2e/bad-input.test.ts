import { describe, expect, it } from 'vitest';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import type { Tandem } from '../harness/launch';
import { useTandem } from '../harness/use-tandem';
import { storedSessions } from '../harness/store';

/**
 * Malformed messages and corrupt stored data: each one is logged and counted, and neither the worker
 * nor any other session suffers. The bad messages are sent over the real ports from an extension tab,
 * which Chrome treats like any tab's content script.
 */
describe('bad input never crashes the worker nor loses other sessions', () => {
  const env = useTandem();

  async function recordOneSession(ext: Awaited<ReturnType<Tandem['openExtensionPage']>>) {
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url('dom-changes.html'));
    const tabId = await tabIdOf(ext, page.url());
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId && s.chunkCount >= 2)?.id)
      .toBeTruthy();
    await callBackground(ext, 'stopRecording', { tabId });
    await page.close();
    return (await storedSessions(ext)).find((s) => s.tabId === tabId)!;
  }

  it('counts malformed recorder and panel messages and keeps recording', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await setSettings(ext, { autoRecord: [env.server.url('dom-changes.html')] });
    const good = await recordOneSession(ext);

    const sent = await ext.evaluate(async (goodId) => {
      const junk: unknown[] = [
        'just a string',
        null,
        { type: 'nonsense' },
        { type: 'hello', v: 999, pageId: 'x' },
        { type: 'batch', sessionId: 'not-hex', pageId: '0123456789abcdef', seq: 0, url: '', title: '', events: '[]' },
        {
          type: 'batch',
          sessionId: goodId,
          pageId: '0123456789abcdef',
          seq: 0,
          url: '',
          title: '',
          events: '{not json',
        },
        {
          type: 'batch',
          sessionId: goodId,
          pageId: '0123456789abcdef',
          seq: 1,
          url: '',
          title: '',
          events: '[{"type":"x"}]',
        },
        // Well-formed, but for a session of another tab: must be refused, not stored.
        {
          type: 'batch',
          sessionId: goodId,
          pageId: '0123456789abcdef',
          seq: 2,
          url: '',
          title: '',
          events: '[{"type":3,"timestamp":1,"data":{}}]',
        },
      ];
      const port = chrome.runtime.connect({ name: 'tandem/recorder' });
      const replies: unknown[] = [];
      port.onMessage.addListener((m) => replies.push(m));
      for (const j of junk) port.postMessage(j);
      const panel = chrome.runtime.connect({ name: 'tandem/panel' });
      panel.postMessage({ kind: 'call', id: 'x' });
      panel.postMessage({ kind: 'call', id: 7, method: 'dropDatabase', params: {} });
      panel.postMessage({ kind: 'call', id: 8, method: 'getTabState', params: { tabId: 'seven' } });
      await new Promise<void>((r) => {
        const check = () => (replies.length >= 3 ? r() : setTimeout(check, 20));
        check();
      });
      port.disconnect();
      panel.disconnect();
      return replies as { type: string; error?: string }[];
    }, good.id);

    expect(sent.map((r) => r.type)).toEqual(['reject', 'reject', 'reject']);
    await expect
      .poll(async () => (await callBackground(ext, 'getDiagnostics', {})).errors, { timeout: 5000 })
      .toMatchObject({ 'malformed-message': 5, 'malformed-batch': 2, 'unknown-session': 1, 'malformed-panel-call': 3 });

    // Nothing of the junk was stored, the good session is intact, and the worker still records.
    const after = (await storedSessions(ext)).find((s) => s.id === good.id)!;
    expect(after.chunkCount).toBe(good.chunkCount);
    expect(after.eventCount).toBe(good.eventCount);
    const second = await recordOneSession(ext);
    expect(second.chunkCount).toBeGreaterThanOrEqual(2);
  });

  it('a corrupt stored chunk is skipped, counted and shown; other sessions still play', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await setSettings(ext, { autoRecord: [env.server.url('dom-changes.html')] });
    const victim = await recordOneSession(ext);
    const other = await recordOneSession(ext);
    const sessions = await storedSessions(ext);

    // Overwrite one chunk of the victim with bytes that are not gzip.
    await ext.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('tandem');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const tx = db.transaction('chunks', 'readwrite');
      const store = tx.objectStore('chunks');
      const cursorReq = store.openCursor(IDBKeyRange.bound([id], [id, []]));
      await new Promise<void>((res) => {
        cursorReq.onsuccess = () => {
          const cursor = cursorReq.result!;
          const value = cursor.value as { seq: number; bytes: Uint8Array };
          if (value.seq === 1) {
            cursor.update({ ...value, bytes: new Uint8Array([1, 2, 3, 4, 5]) });
            res();
          } else cursor.continue();
        };
      });
      await new Promise((res) => (tx.oncomplete = res));
      db.close();
    }, victim.id);

    await ext.reload();
    await ext.locator(`[data-session-id="${victim.id}"]`).click();
    await expect.poll(() => ext.locator('[data-testid=replay-problems]').innerText()).toContain('1 part(s)');
    await expect.poll(async () => (await callBackground(ext, 'getDiagnostics', {})).errors['corrupt-chunk']).toBe(1);
    // The rest of the victim still plays, and so does the other session.
    await expect(ext.frameLocator('[data-testid=replay-stage] iframe').locator('#list').count()).resolves.toBe(1);
    await ext.locator(`[data-session-id="${other.id}"]`).click();
    // The other session's replay rebuilt the page: its counter shows a change the page made.
    await expect
      .poll(() => ext.frameLocator('[data-testid=replay-stage] iframe').locator('#counter').innerText())
      .toMatch(/^[1-9]\d*$/);
    expect(await ext.locator('[data-testid=replay-problems]').count()).toBe(0);
    const listed = await callBackground(ext, 'listSessions', {});
    expect(listed.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort());
  });
});
