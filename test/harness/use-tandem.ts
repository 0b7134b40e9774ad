/**
 * The usual frame of an e2e file: a fixture server and Tandem in Chromium, started once for the file,
 * closed after it, and no "Extension error" in Chromium's log at the end (a failed load or a runtime
 * error of the extension fails the file even when its assertions passed).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startFixtureServer, type FixtureOptions, type FixtureServer } from '../fixtures/server';
import { launchTandem, launchWithoutTandem, type LaunchOptions, type Tandem } from './launch';
import { until } from './until';

export interface TandemEnv {
  tandem: Tandem;
  server: FixtureServer;
}

export function useTandem(
  options: { launch?: () => Promise<LaunchOptions> | LaunchOptions; server?: FixtureOptions } = {},
): TandemEnv {
  const env = {} as TandemEnv;
  beforeAll(async () => {
    env.server = await startFixtureServer(options.server);
    env.tandem = await launchTandem(await options.launch?.());
  });
  afterAll(async () => {
    const errors = env.tandem?.extensionErrors() ?? [];
    await env.tandem?.close();
    await env.server?.close();
    expect(errors).toEqual([]);
  });
  return env;
}

export interface LateInstallEnv {
  browser: Awaited<ReturnType<typeof launchWithoutTandem>>;
  server: FixtureServer;
}

/** The same frame for a Chromium that starts without Tandem; `installTandem` then installs it. */
export function useChromiumWithoutTandem(): LateInstallEnv {
  const env = {} as LateInstallEnv;
  beforeAll(async () => {
    env.server = await startFixtureServer();
    env.browser = await launchWithoutTandem();
  });
  afterAll(async () => {
    const errors = env.browser?.extensionErrors() ?? [];
    await env.browser?.close();
    await env.server?.close();
    expect(errors).toEqual([]);
  });
  return env;
}

/**
 * Installs Tandem into the browser of `useChromiumWithoutTandem` while its tabs are open, and returns its
 * viewer, opened once the extension is fully loaded (which its running worker shows).
 */
export async function installTandem(browser: LateInstallEnv['browser']): Promise<Page> {
  const id = await browser.install();
  await until('the installed extension to run its worker', async () =>
    browser.context.serviceWorkers().some((w) => w.url().startsWith(`chrome-extension://${id}/`)) ? true : undefined,
  );
  const ext = await browser.context.newPage();
  await ext.goto(`chrome-extension://${id}/viewer.html`);
  return ext;
}
