/**
 * Builds the scripts injected into benchmark pages with esbuild (installed with tsx). They are bundled
 * rather than passed to page.evaluate as functions because tsx compiles with keepNames, which wraps nested
 * functions in a `__name()` helper that does not exist in the page.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const here = (p: string) => resolve(import.meta.dirname, p);

export interface Bundles {
  longTasks: string;
  /** @rrweb/record's own UMD build, unmodified, then the starter. */
  rrwebUmd: string;
  bareRrweb: string;
  sentry: string;
}

/** Names an injected script, so that CPU profiles can tell whose code ran (page-cost/profile.ts). */
const named = (code: string, name: string) => `${code}\n//# sourceURL=bench-injected/${name}\n`;

export async function iife(entry: string, name: string): Promise<string> {
  const out = await build({
    entryPoints: [here(entry)],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: 'chrome121',
    logLevel: 'error',
  });
  return named(out.outputFiles[0]!.text, name);
}

export async function buildBundles(): Promise<Bundles> {
  const [longTasks, bareRrweb, sentry] = await Promise.all([
    iife('longtasks.ts', 'longtasks.js'),
    iife('bare-rrweb.ts', 'bare-rrweb-starter.js'),
    iife('sentry.ts', '@sentry/browser.js'),
  ]);
  const rrwebUmd = named(
    readFileSync(here('../../node_modules/@rrweb/record/dist/record.umd.min.cjs'), 'utf8'),
    '@rrweb/record/dist/record.umd.min.cjs',
  );
  return { longTasks, rrwebUmd, bareRrweb, sentry };
}
