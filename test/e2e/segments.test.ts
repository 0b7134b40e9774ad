/**
 * A long session is played a part at a time (src/devtools/app/windows.ts): the viewer opened with `?holdMB=`
 * small enough that the player holds one segment, on a real recording of three documents (each a segment,
 * starting with its own full snapshot). The lists still show the whole session; a seek into another part reads
 * it and the real Replayer draws it; playing on past the end of a part grows it and playback goes on.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callBackground, tabIdOf } from '../harness/background';
import { storedChunks, storedSessions } from '../harness/store';
import { until } from '../harness/until';
import { useTandem } from '../harness/use-tandem';

const replayedText = (viewer: Page) =>
  viewer.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('[data-testid=replay-stage] iframe');
    return frame?.contentDocument?.body?.textContent ?? '';
  });

/** The part of the session the player holds (ReplayPane's data-part-*), epoch ms; `end` for the session's end. */
const part = async (viewer: Page) => ({
  from: Number(await viewer.getAttribute('[data-testid=player]', 'data-part-from')),
  until: await viewer.getAttribute('[data-testid=player]', 'data-part-until'),
});

/** Where the frame drawn is (the Player's data-shown), ms from the session's first event. */
const shownAt = (viewer: Page) =>
  viewer.evaluate(() => Number(document.querySelector<HTMLElement>('[data-testid=replay-stage]')?.dataset.shown));

describe('a long session, played a part at a time', () => {
  const env = useTandem();

  it('lists the whole session, seeks into another part, and plays on across parts (real Replayer)', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const page = await env.tandem.context.newPage();
    await page.goto(env.server.url('/events.html?doc=1'));
    const tabId = await tabIdOf(ext, page.url());
    const { sessionId } = await callBackground(ext, 'startRecording', { tabId });
    const marks: number[] = [];
    for (const doc of [1, 2, 3]) {
      if (doc > 1) await page.goto(env.server.url(`/events.html?doc=${doc}`));
      // Each document's full snapshot is stored before its marker goes in (the marker is then a mutation).
      await until(`document ${doc}'s first batch`, async () =>
        (await storedChunks(ext, sessionId!)).filter((c) => c.seq === 0).length >= doc ? true : undefined,
      );
      await page.evaluate((n) => {
        const p = document.createElement('p');
        p.id = `doc-${n}`;
        p.textContent = `document ${n} marker`;
        document.body.append(p);
      }, doc);
      // The console line comes once the marker's mutation is stored, so at the line's moment the marker shows.
      await until(`document ${doc}'s marker stored`, async () =>
        JSON.stringify(await storedChunks(ext, sessionId!)).includes(`document ${doc} marker`) ? true : undefined,
      );
      marks.push(
        await page.evaluate((n) => {
          console.log(`in document ${n}`);
          return Date.now();
        }, doc),
      );
      await until(`document ${doc}'s console line stored`, async () =>
        JSON.stringify(await storedChunks(ext, sessionId!)).includes(`in document ${doc}`) ? true : undefined,
      );
      // The user stays on each page a moment (the scenario, not a wait for a condition): each part then has a
      // stretch of its own to play, and playing from the third document's line is still playing when the test
      // seeks away from it.
      await page.evaluate(() => new Promise((done) => setTimeout(done, 1500)));
    }
    await callBackground(ext, 'stopRecording', { tabId });
    await until('the session finished', async () =>
      (await storedSessions(ext)).find((s) => s.id === sessionId && s.status !== 'recording'),
    );

    const viewer = await env.tandem.context.newPage();
    await viewer.setViewportSize({ width: 1300, height: 700 });
    await viewer.goto(env.tandem.extensionUrl('viewer.html?holdMB=0.001'));
    await viewer.click(`[data-session-id="${sessionId}"]`);
    // Opens on the last frame: the third document.
    await expect.poll(() => replayedText(viewer)).toContain('document 3 marker');
    const start = Number(await viewer.getAttribute('[data-testid=player]', 'data-start'));

    // It holds the third document only.
    await expect.poll(async () => (await part(viewer)).until).toBe('end');
    expect((await part(viewer)).from).toBeGreaterThan(marks[1]!);

    // The lists hold all of it: the console lines of the parts the player does not hold.
    await viewer.click('role=tab[name=/Console/]');
    for (const doc of [1, 2, 3]) await viewer.waitForSelector(`text=in document ${doc}`);

    // A click on the first document's line seeks there: that part is read and drawn by the Replayer.
    await viewer.click('text=in document 1');
    await expect.poll(() => replayedText(viewer)).toContain('document 1 marker');
    expect(await replayedText(viewer)).not.toContain('document 3');
    expect(Math.abs((await shownAt(viewer)) - (marks[0]! - start))).toBeLessThan(200);
    // Now it holds the first document only: it ends where the second document's snapshot begins.
    const first = await part(viewer);
    expect(first.from).toBeLessThan(marks[0]!);
    expect(Number(first.until)).toBeGreaterThan(marks[0]!);
    expect(Number(first.until)).toBeLessThan(marks[1]!);

    // Back to the third document, paused: drawn from the part the player read first (cached).
    await viewer.click('text=in document 3');
    await expect.poll(() => replayedText(viewer)).toContain('document 3 marker');
    expect((await part(viewer)).until).toBe('end');

    // Playing there, a seek into the first document: the part playing does not pull the cursor back to its own
    // time; the first document's part is read and plays on, and grows into the second document.
    await viewer.click('role=button[name="Play"]');
    await viewer.click('text=in document 1');
    await expect.poll(() => replayedText(viewer)).toContain('document 1 marker');
    const time = async () => start + Number(await viewer.getAttribute('[data-testid=player]', 'data-time'));
    expect(await time()).toBeLessThan(marks[1]!);
    await expect.poll(() => replayedText(viewer), { timeout: 15_000 }).toContain('document 2 marker');
    // Grown, not swapped: it still starts at the first document.
    expect((await part(viewer)).from).toBe(first.from);
    expect(await time()).toBeGreaterThan(marks[0]!);
    await viewer.screenshot({ path: 'test-output/viewer-segments.png' });
  });
});
