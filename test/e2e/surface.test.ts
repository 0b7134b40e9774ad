/**
 * What a web page can reach of Tandem (docs/security.md): its content scripts cannot read the extension's
 * settings (storage.local is for trusted contexts only), the permissions are the ones the manifest needs,
 * and a replay runs none of the recorded page's scripts.
 */
import { describe, expect, it } from 'vitest';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { storedSessions } from '../harness/store';
import { useTandem } from '../harness/use-tandem';

const TOKEN = 'sntrys_secret-token-that-only-tandem-may-read';

describe('the surface a web page sees (real Chromium, built extension)', () => {
  const env = useTandem();

  it("a content script in a site's page cannot read the settings (storage.local: trusted contexts only)", async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    await setSettings(ext, {
      traces: {
        sources: [
          {
            id: 'sentry',
            kind: 'sentry',
            baseUrl: 'https://sentry.example',
            org: 'acme',
            enabled: false,
            headers: { Authorization: `Bearer ${TOKEN}` },
          },
        ],
        spotlight: { enabled: false, url: 'http://localhost:8969' },
        fetch: { concurrency: 4, timeoutMs: 5000, retryForSeconds: 30 },
        metricAttributes: [],
      },
    });
    // The extension's own pages still read them.
    expect(JSON.stringify(await ext.evaluate(() => chrome.storage.local.get('settings')))).toContain(TOKEN);

    const page = await env.tandem.context.newPage();
    const cdp = await env.tandem.context.newCDPSession(page);
    const contexts: { id: number; name: string; auxData?: { isDefault?: boolean } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    await page.goto(env.server.url('events.html'));
    // The recorder's isolated world is named after the extension.
    await expect.poll(() => contexts.some((c) => c.name === 'Tandem' && c.auxData?.isDefault === false)).toBe(true);
    const world = contexts.filter((c) => c.name === 'Tandem').at(-1)!;
    const { result } = (await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
      expression: `(async () => {
        try { return JSON.stringify(await chrome.storage.local.get(null)); }
        catch (e) { return 'refused: ' + e.message; }
      })()`,
    })) as { result: { value: string } };
    expect(result.value).not.toContain(TOKEN);
    expect(result.value).toMatch(/^refused: /);
    await page.close();
  });

  it('asks only for the permissions it uses', async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const manifest = await ext.evaluate(() => chrome.runtime.getManifest());
    expect([...(manifest.permissions ?? [])].sort()).toEqual(
      ['alarms', 'declarativeNetRequestWithHostAccess', 'scripting', 'storage', 'webRequest'].sort(),
    );
    expect(manifest.content_security_policy).toEqual({
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
    });
  });

  it("the replay runs none of the recorded page's scripts, not even an inline handler added into it", async () => {
    const ext = await env.tandem.openExtensionPage('viewer.html');
    const url = env.server.url('dom-changes.html');
    await setSettings(ext, { autoRecord: [url] });
    const page = await env.tandem.context.newPage();
    await page.goto(url);
    await expect.poll(async () => (await storedSessions(ext)).at(0)?.eventCount ?? 0).toBeGreaterThan(2);
    await callBackground(ext, 'stopRecording', { tabId: await tabIdOf(ext, url) });
    const [session] = await storedSessions(ext);

    await ext.reload();
    await ext.locator(`[data-session-id="${session!.id}"]`).click();
    await ext.waitForSelector('[data-testid=replay-stage][data-shown]');
    const sandbox = await ext.getAttribute('[data-testid=replay-stage] iframe', 'sandbox');
    expect(sandbox).not.toBeNull();
    expect(sandbox!.split(/\s+/)).not.toContain('allow-scripts');
    // An image that fails to load inside the replayed document: its inline handler would run if scripts could.
    const ran = await ext.evaluate(
      () =>
        new Promise<unknown>((done) => {
          const frame = document.querySelector<HTMLIFrameElement>('[data-testid=replay-stage] iframe')!;
          const doc = frame.contentDocument!;
          const img = doc.createElement('img');
          img.setAttribute('onerror', 'parent.__replayScriptRan = true');
          // Added after the attribute, the viewer's own listener runs after the inline handler would have.
          img.addEventListener('error', () => done((window as { __replayScriptRan?: boolean }).__replayScriptRan));
          img.src = 'http://127.0.0.1:9/missing.png';
          doc.body.append(img);
        }),
    );
    expect(ran).toBeUndefined();
    await page.close();
  });
});
