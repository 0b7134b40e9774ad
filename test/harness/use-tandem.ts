/**
 * The usual frame of an e2e file: a fixture server and Tandem in Chromium, started once for the file,
 * closed after it, and no "Extension error" in Chromium's log at the end (a failed load or a runtime
 * error of the extension fails the file even when its assertions passed).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startFixtureServer, type FixtureOptions, type FixtureServer } from '../fixtures/server';
import { launchTandem, type LaunchOptions, type Tandem } from './launch';

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
