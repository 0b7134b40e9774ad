/**
 * Launches Debian's Chromium with the built extension (dist/) and gives tests handles on it:
 * the extension id, extension pages, the service worker, a CDP switch to stop the worker, and
 * Chromium's own log, which fails the run on any "Extension error" (a load failure otherwise
 * looks like a timeout). The bench and the demo launch through here too. See docs/testing.md.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { until } from './until';

/** The built extension; TANDEM_DIST points elsewhere (a second build, e.g. `vite build --outDir dist-x`). */
export const DIST = process.env.TANDEM_DIST
  ? resolve(process.env.TANDEM_DIST)
  : resolve(import.meta.dirname, '../../dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Tandem {
  context: BrowserContext;
  extensionId: string;
  /** "Extension error" lines of Chromium's own log (--enable-logging --log-file), read fresh on each call. */
  extensionErrors(): string[];
  worker(): Promise<Worker>;
  extensionUrl(path: string): string;
  openExtensionPage(path: string): Promise<Page>;
  /** Stops the extension's service worker the way Chrome does when it is idle (CDP ServiceWorker.stopAllWorkers). */
  stopServiceWorker(): Promise<void>;
  /** The profile directory (reusable with `profileDir`). */
  profileDir: string;
  /** Kills Chromium the hard way, as a crash would: no shutdown handlers run; the profile is kept. */
  crash(): Promise<void>;
  /**
   * SIGKILLs the browser process alone (by its pid), as the OS killing Chromium would; its renderers and
   * utility processes then exit by themselves, which this waits for. Returns the time of the kill.
   */
  killBrowser(): Promise<number>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  args?: string[];
  /** Reuse a profile (to relaunch after a crash); by default a fresh one is made and removed on close. */
  profileDir?: string;
}

export function chromiumArgs(logFile: string, extra: string[] = []): string[] {
  return [
    `--disable-extensions-except=${DIST}`,
    `--load-extension=${DIST}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Written to a file rather than stderr, which Playwright does not hand to us.
    '--enable-logging',
    `--log-file=${logFile}`,
    ...extra,
  ];
}

export async function launchTandem(options: LaunchOptions = {}): Promise<Tandem> {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error(`no built extension in ${DIST}: run "npm run build" first`);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run "npm run setup:chromium" (installs Debian's chromium)`);
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'tandem-profile-'));
  const logFile = join(profile, 'chromium.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : []);
  const extensionErrors = () =>
    log().filter((l) => /Extension error|Failed to load extension|isn't UTF-8 encoded/.test(l));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: chromiumArgs(logFile, options.args),
    viewport: { width: 1280, height: 800 },
  });
  let first: Worker;
  try {
    first = context.serviceWorkers()[0] ?? (await waitForWorkerOrLoadError(context, extensionErrors));
  } catch (e) {
    await context.close();
    throw e;
  }
  const extensionId = new URL(first.url()).host;

  const worker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    return live.at(-1) ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };

  return {
    context,
    extensionId,
    extensionErrors,
    worker,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
      return page;
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    profileDir: profile,
    async crash() {
      // Every Chromium process of this profile (browser, renderers, utility) gets SIGKILL.
      execFileSync('pkill', ['-KILL', '-f', '--', `--user-data-dir=${profile}`]);
      await context.close().catch(() => {});
    },
    async killBrowser() {
      const [browser] = profileProcesses(profile).filter((p) => p.browser);
      if (!browser) throw new Error(`no browser process runs on ${profile}`);
      const killedAt = Date.now();
      process.kill(browser.pid, 'SIGKILL');
      await until('every Chromium process of the profile to exit', async () =>
        profileProcesses(profile).length === 0 ? true : undefined,
      );
      await context.close().catch(() => {});
      return killedAt;
    },
    async close() {
      await context.close();
      if (!options.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium without Tandem, which `install()` then loads the way a user installs it while tabs are open
 * (CDP Extensions.loadUnpacked, which needs --enable-unsafe-extension-debugging and Playwright's pipe).
 * Pages opened before that never ran the manifest's content scripts.
 */
export async function launchWithoutTandem(): Promise<{
  context: BrowserContext;
  install(): Promise<string>;
  extensionErrors(): string[];
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'tandem-profile-'));
  const logFile = join(profile, 'chromium.log');
  const args = chromiumArgs(logFile, ['--enable-unsafe-extension-debugging']).filter(
    (a) => !a.includes('-extension') || a.includes('unsafe-extension-debugging'),
  );
  // Playwright passes --disable-extensions unless told not to (--load-extension overrides it in launchTandem).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async install() {
      const browser = context.browser();
      if (!browser) throw new Error('no browser handle for this context');
      const cdp = await browser.newBrowserCDPSession();
      // Not in Playwright's protocol typings yet.
      const send = cdp.send.bind(cdp) as unknown as (method: string, params: object) => Promise<{ id: string }>;
      const { id } = await send('Extensions.loadUnpacked', { path: DIST });
      await cdp.detach();
      return id;
    },
    extensionErrors: () =>
      (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : []).filter((l) =>
        /Extension error|Failed to load extension/.test(l),
      ),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits for the extension's worker, but fails at once with Chromium's words if the extension did not load. */
async function waitForWorkerOrLoadError(context: BrowserContext, errors: () => string[]): Promise<Worker> {
  const worker = context.waitForEvent('serviceworker', { timeout: 20_000 });
  let timer: ReturnType<typeof setInterval> | undefined;
  const loadError = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const found = errors();
      if (found.length) reject(new Error(`the extension did not load:\n${found.join('\n')}`));
    }, 100);
  });
  try {
    return await Promise.race([worker, loadError]);
  } finally {
    clearInterval(timer);
  }
}

/** Chromium's processes running on a profile, from /proc; the browser process is the one without `--type=`. */
function profileProcesses(profile: string): { pid: number; browser: boolean }[] {
  const found: { pid: number; browser: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while listed
    }
    if (!args.includes(`--user-data-dir=${profile}`)) continue;
    found.push({ pid: Number(entry), browser: !args.some((a) => a.startsWith('--type=')) });
  }
  return found;
}
