import { describe, expect, it } from 'vitest';
import type { DomChangesPage } from '../fixtures/page-apis';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { pageApi } from '../harness/page-api';
import { useTandem } from '../harness/use-tandem';
import { sequenceProblems, storedChunks, storedSessions } from '../harness/store';

describe('record -> store -> replay, with the service worker stopped in the middle', () => {
  const env = useTandem();

  it('stores every batch without gaps and the Replayer rebuilds the final DOM', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await setSettings(ext, { autoRecord: [env.server.url('dom-changes.html')] });

    const page = await env.tandem.context.newPage();
    const url = env.server.url('dom-changes.html');
    await page.goto(url);
    const dom = pageApi<DomChangesPage>(page);
    await expect
      .poll(async () => (await storedSessions(ext)).at(0)?.eventCount ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);

    // Stop the worker twice while the page keeps changing; the recorder must reconnect and resend.
    for (let i = 0; i < 2; i++) {
      const before = (await callBackground(ext, 'getDiagnostics', {})).bootedAt;
      const changes = await dom.changeCount();
      await env.tandem.stopServiceWorker();
      await expect.poll(() => dom.changeCount()).toBeGreaterThan(changes + 25);
      await expect.poll(async () => (await callBackground(ext, 'getDiagnostics', {})).bootedAt).toBeGreaterThan(before);
    }

    const finalCount = await dom.stopChanges();
    const liveList = await page.locator('#list').innerText();
    const tabId = await tabIdOf(ext, url);
    await callBackground(ext, 'stopRecording', { tabId });

    const [session] = await storedSessions(ext);
    expect(session?.status).toBe('complete');
    const sessionId = session!.id;
    // The last batch is flushed on stop; wait until the final change is on disk.
    await expect
      .poll(
        async () =>
          JSON.stringify((await storedChunks(ext, sessionId)).map((c) => c.events)).includes(`item ${finalCount}`),
        { timeout: 10_000 },
      )
      .toBe(true);

    const chunks = await storedChunks(ext, sessionId);
    expect(sequenceProblems(chunks)).toEqual([]);
    const stored = (await storedSessions(ext)).find((s) => s.id === sessionId)!;
    expect(stored.chunkCount).toBe(chunks.length);
    expect(stored.eventCount).toBe(chunks.reduce((n, c) => n + c.events.length, 0));
    expect(chunks.every((c) => c.codec === 'gzip')).toBe(true);
    expect(stored.storedBytes).toBeLessThan(stored.rawBytes);

    // Replay in the viewer: the player opens on the last frame, which must equal the live page.
    await ext.reload();
    await ext.locator(`[data-session-id="${sessionId}"]`).click();
    const frame = ext.frameLocator('[data-testid=replay-stage] iframe');
    await expect.poll(() => frame.locator('#counter').innerText(), { timeout: 10_000 }).toBe(String(finalCount));
    expect(await frame.locator('#list').innerText()).toBe(liveList);
  });
});

describe('extension messaging', () => {
  const env = useTandem();

  it('is structured-cloned (manifest message_serialization), so batches of JSON text are not escaped again', async () => {
    const receiver = await env.tandem.openExtensionPage('viewer.html');
    const sender = await env.tandem.openExtensionPage('viewer.html');
    // What the receiver was sent last, kept in the page behind a handle rather than on its window.
    const inbox = await receiver.evaluateHandle(() => {
      const box: { received?: string } = {};
      chrome.runtime.onMessage.addListener((m: unknown) => {
        // JSON messaging would deliver a Map as {} and a Uint8Array as an object of numbered keys.
        if (m instanceof Map) box.received = `Map ${JSON.stringify([...m])}`;
        else if (m instanceof Uint8Array) box.received = `Uint8Array ${m.join(',')}`;
        else box.received = `other ${JSON.stringify(m)}`;
      });
      return box;
    });
    await sender.evaluate(() => chrome.runtime.sendMessage(new Map([['seq', 1]])).catch(() => {}));
    await expect.poll(() => inbox.evaluate((box) => box.received)).toBe('Map [["seq",1]]');
    await sender.evaluate(() => chrome.runtime.sendMessage(new Uint8Array([31, 139])).catch(() => {}));
    await expect.poll(() => inbox.evaluate((box) => box.received)).toBe('Uint8Array 31,139');
  });
});
