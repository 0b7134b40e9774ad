import { describe, expect, it } from 'vitest';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { useTandem } from '../harness/use-tandem';
import { storedChunks, storedSessions } from '../harness/store';

describe('toolbar popup, viewer and live settings', () => {
  const env = useTandem();

  it('the popup starts and stops recording its tab and opens the viewer', async () => {
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url('dom-changes.html'));
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const tabId = await tabIdOf(ext, page.url());
    const popup = await env.tandem.openExtensionPage(`src/devtools/popup.html?tabId=${tabId}`);

    await popup.getByTestId('start-recording').click();
    await expect.poll(() => popup.getByTestId('recording-state').innerText()).toBe('Recording');
    expect((await callBackground(ext, 'getTabState', { tabId })).recording).toBe(true);
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)?.eventCount ?? 0)
      .toBeGreaterThan(0);

    await popup.getByTestId('stop-recording').click();
    await expect.poll(() => popup.getByTestId('recording-state').innerText()).toBe('Not recording');
    expect((await storedSessions(ext)).find((s) => s.tabId === tabId)?.status).toBe('complete');

    // A second session, so that the viewer has two to choose between with the keyboard.
    await popup.getByTestId('start-recording').click();
    await expect.poll(() => popup.getByTestId('recording-state').innerText()).toBe('Recording');
    const recorded = async () => (await storedSessions(ext)).filter((s) => s.tabId === tabId && s.eventCount > 0);
    await expect.poll(async () => (await recorded()).length).toBe(2);
    await popup.getByTestId('stop-recording').click();
    await expect.poll(() => popup.getByTestId('recording-state').innerText()).toBe('Not recording');

    const [viewer] = await Promise.all([
      env.tandem.context.waitForEvent('page'),
      popup.getByTestId('open-viewer').click(),
    ]);
    await viewer.waitForLoadState();
    expect(viewer.url()).toBe(env.tandem.extensionUrl('viewer.html'));
    const items = viewer.getByTestId('session-item');
    await expect.poll(() => items.count()).toBe(2);

    // Sessions are chosen with the keyboard too: Enter and Space on the focused item select it and play it.
    await items.nth(0).press('Enter');
    await expect.poll(() => items.nth(0).getAttribute('aria-current')).toBe('true');
    await expect.poll(() => viewer.locator('[data-testid=replay-stage] iframe').count()).toBe(1);
    await items.nth(1).press('Space');
    await expect.poll(() => items.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await items.nth(0).getAttribute('aria-current')).toBeNull();

    // One clock: the player opens on the last frame, follows a seek to the start, plays and stops at the end.
    const frame = viewer.frameLocator('[data-testid=replay-stage] iframe');
    const counter = async () => Number(await frame.locator('#counter').innerText());
    const slider = viewer.getByTestId('seek');
    // The slider moves in whole milliseconds; the session's length has fractions.
    const atEnd = async () => Number(await slider.getAttribute('max')) - Number(await slider.inputValue()) < 1;
    const toggle = viewer.getByTestId('play-toggle');
    await expect.poll(counter).toBeGreaterThan(0);
    const last = await counter();
    expect(await atEnd()).toBe(true);
    await slider.fill('0');
    await expect.poll(counter).toBeLessThan(last);
    expect(await atEnd()).toBe(false);
    await toggle.click();
    await expect
      .poll(async () => [await counter(), await toggle.innerText(), await atEnd()])
      .toEqual([last, 'Play', true]);
  });

  it('masks inputs and passwords in the page, and applies a settings change while recording', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const url = env.server.url('form.html');
    await setSettings(ext, { autoRecord: [url] });
    const page = await env.tandem.context.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(ext, url);
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId)?.chunkCount ?? 0)
      .toBeGreaterThan(0);
    await page.fill('#email', 'qa-person@example.com');
    await page.fill('#password', 'hunter2-Secret!');

    // Turn off input masking live: the recorder restarts with a new full snapshot; passwords stay masked.
    await setSettings(ext, { autoRecord: [url], privacy: { maskAllInputs: false } as never });
    const sessionId = (await storedSessions(ext)).find((s) => s.tabId === tabId)!.id;
    await expect
      .poll(
        async () => (await storedChunks(ext, sessionId)).flatMap((c) => c.events).filter((e) => e.type === 2).length,
      )
      .toBe(2);
    await page.fill('#email', 'visible-now@example.com');
    await page.fill('#password', 'another-Secret!');
    await callBackground(ext, 'stopRecording', { tabId });
    await expect
      .poll(async () => JSON.stringify(await storedChunks(ext, sessionId)))
      .toContain('visible-now@example.com');

    const events = (await storedChunks(ext, sessionId)).flatMap((c) => c.events);
    const stored = JSON.stringify(events);
    expect(stored).not.toContain('hunter2-Secret!');
    expect(stored).not.toContain('another-Secret!');
    expect(stored).not.toContain('987654');
    // What was typed while masking was on stays masked in everything recorded then.
    const secondSnapshot = events.map((e, i) => (e.type === 2 ? i : -1)).filter((i) => i >= 0)[1];
    expect(JSON.stringify(events.slice(0, secondSnapshot))).not.toContain('qa-person@example.com');
    expect(JSON.stringify(events.slice(0, secondSnapshot))).toContain('*********************');
  });

  it('reports invalid stored settings and keeps the valid parts', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await ext.evaluate(() =>
      chrome.storage.local.set({
        settings: { autoRecord: ['http://keep.example/*'], privacy: { maskAllInputs: 'yes' } },
      }),
    );
    await expect
      .poll(async () => (await callBackground(ext, 'getSettings', {})).problems.join('\n'))
      .toContain('privacy.maskAllInputs');
    const { settings } = await callBackground(ext, 'getSettings', {});
    expect(settings.autoRecord).toEqual(['http://keep.example/*']);
    expect(settings.privacy.maskAllInputs).toBe(true);
    // The stored value is left as the user wrote it.
    expect(await ext.evaluate(async () => (await chrome.storage.local.get('settings')).settings)).toMatchObject({
      privacy: { maskAllInputs: 'yes' },
    });
    await expect(callBackground(ext, 'setSettings', { settings: { autoRecord: 'not a list' } })).rejects.toThrow(
      /autoRecord/,
    );
  });
});
