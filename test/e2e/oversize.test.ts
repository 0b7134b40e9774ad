import { describe, expect, it } from 'vitest';
import type { DomChangesPage } from '../fixtures/page-apis';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { breadcrumbs } from '../harness/events';
import { pageApi } from '../harness/page-api';
import { sequenceProblems, storedChunks, storedSessions } from '../harness/store';
import { useTandem } from '../harness/use-tandem';

/**
 * A page controls its title, its URL and how big rrweb's events get. None of them may make the recording
 * vanish: what is too big is cut or dropped with a breadcrumb, and everything else is stored and plays.
 */
describe('a recording never vanishes silently', () => {
  const env = useTandem();

  async function recordDomChanges(extra: Record<string, unknown> = {}) {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const url = env.server.url('dom-changes.html');
    await setSettings(ext, { autoRecord: [url], ...extra });
    const page = await env.tandem.context.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(ext, page.url());
    await expect
      .poll(async () => (await storedSessions(ext)).find((s) => s.tabId === tabId && s.chunkCount > 0))
      .toBeTruthy();
    const sessionId = (await storedSessions(ext)).find((s) => s.tabId === tabId)!.id;
    const chunkCount = async () => (await storedSessions(ext)).find((s) => s.id === sessionId)?.chunkCount ?? 0;
    const crumbs = async () => breadcrumbs(await storedChunks(ext, sessionId), 'tandem.recording');
    return { ext, page, url, tabId, sessionId, chunkCount, crumbs };
  }

  /** Stops the page and the recording, waits for the last change on disk and checks the replay's DOM. */
  async function finishAndReplay(r: Awaited<ReturnType<typeof recordDomChanges>>) {
    const finalCount = await pageApi<DomChangesPage>(r.page).stopChanges();
    await callBackground(r.ext, 'stopRecording', { tabId: r.tabId });
    await expect
      .poll(
        async () =>
          JSON.stringify((await storedChunks(r.ext, r.sessionId)).map((c) => c.events)).includes(`item ${finalCount}`),
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(sequenceProblems(await storedChunks(r.ext, r.sessionId))).toEqual([]);
    await r.ext.reload();
    await r.ext.locator(`[data-session-id="${r.sessionId}"]`).click();
    const frame = r.ext.frameLocator('[data-testid=replay-stage] iframe');
    await expect.poll(() => frame.locator('#counter').innerText(), { timeout: 15_000 }).toBe(String(finalCount));
  }

  it('keeps storing batches of a page whose title and URL are over the message limits', async () => {
    const r = await recordDomChanges();
    await r.page.evaluate(() => {
      document.title = 'T'.repeat(10_000);
      history.pushState(null, '', `?q=${'u'.repeat(40_000)}`);
    });
    const before = await r.chunkCount();
    // The page changes its DOM every 40 ms: batches go on arriving, none refused.
    await expect.poll(r.chunkCount, { timeout: 15_000 }).toBeGreaterThan(before + 3);
    const diagnostics = await callBackground(r.ext, 'getDiagnostics', {});
    expect(diagnostics.errors['malformed-message']).toBeUndefined();
    const session = (await storedSessions(r.ext)).find((s) => s.id === r.sessionId)!;
    expect(session.urls.some((u) => u.startsWith(`${r.url}?q=uuu`) && u.length <= 16_384)).toBe(true);
    await finishAndReplay(r);
  });

  it('cuts an event too big for a message, drops one that cannot be cut, and resumes at the next snapshot', async () => {
    // The storm guard would pause recording on 300 000 new nodes; this test wants the one big event.
    const r = await recordDomChanges({ recording: { mutationLimit: 1_000_000 } });

    // One text node of 20 Mi characters: its page change cannot travel whole, so its text is cut.
    await r.page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'huge';
      p.textContent = 'x'.repeat(20 * 1024 * 1024);
      document.body.append(p);
    });
    await expect.poll(async () => (await r.crumbs()).map((c) => c.data?.action), { timeout: 30_000 }).toContain('cut');

    // 300 000 empty elements: a page change over the limit without any long string, dropped.
    await r.page.evaluate(() => {
      document.getElementById('huge')!.remove();
      const many = document.createElement('div');
      many.id = 'many';
      many.innerHTML = '<b></b>'.repeat(300_000);
      document.body.append(many);
    });
    await expect
      .poll(async () => (await r.crumbs()).map((c) => c.data?.action), { timeout: 30_000 })
      .toContain('dropped');
    await r.page.evaluate(() => document.getElementById('many')!.remove());

    // New recording settings restart rrweb in the same session, with a full snapshot: the replay resumes.
    const calmer: Record<string, unknown> = { recording: { mutationLimit: 999_999 } };
    await setSettings(r.ext, { autoRecord: [r.url], ...calmer });
    await expect
      .poll(async () => (await r.crumbs()).map((c) => c.data?.action), { timeout: 30_000 })
      .toContain('resumed');
    const crumbs = await r.crumbs();
    expect(crumbs.find((c) => c.data?.action === 'dropped')?.message).toMatch(/until the next full snapshot/);
    await finishAndReplay(r);
  });
});
