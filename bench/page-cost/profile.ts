/**
 * Where a recorder's main-thread time goes: a CDP CPU profile of the page's renderer main thread (the isolate
 * runs the page's, the injected and the content scripts' JavaScript), self time attributed to sources;
 * Tandem's code is mapped to its original files through the content script's source map in dist/.
 */
import { SourceMap } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST } from '../../test/harness/launch';

export interface ProfileShare {
  source: string;
  ms: number;
  share: number;
}

export interface ProfileResult {
  totalMs: number;
  /** Self time per source (a package or src/ file for extension code, a label for the rest), largest first, all of them. */
  bySource: ProfileShare[];
  /** Self time per function of extension code, largest first. */
  byFunction: ProfileShare[];
}

/** The part of a CDP Runtime.CallFrame used here (line and column are 0-based). */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

const maps = new Map<string, SourceMap | null>();

/** The source map of an extension script (chrome-extension://<id>/<path>), from dist/<path>.map. */
function mapFor(url: string): SourceMap | null {
  if (!maps.has(url)) {
    try {
      const path = new URL(url).pathname;
      maps.set(url, new SourceMap(JSON.parse(readFileSync(join(DIST, `${path}.map`), 'utf8'))));
    } catch {
      maps.set(url, null);
    }
  }
  return maps.get(url)!;
}

/** A readable place for one call frame: node_modules package or src file for Tandem, a label otherwise. */
function place(frame: CallFrame): { source: string; fn: string | null } {
  if (!frame.url) return { source: frame.functionName || '(native)', fn: null };
  if (frame.url.startsWith('http')) return { source: `page: ${new URL(frame.url).pathname}`, fn: null };
  // The bench's init scripts are named with //# sourceURL (inpage/bundles.ts).
  if (!frame.url.startsWith('chrome-extension://'))
    return { source: `injected: ${frame.url.replace(/^bench-injected\//, '')}`, fn: null };
  const origin = mapFor(frame.url)?.findOrigin(frame.lineNumber + 1, frame.columnNumber + 1);
  if (!origin || !('fileName' in origin)) return { source: `extension: ${new URL(frame.url).pathname}`, fn: null };
  const file = origin.fileName.replace(/^.*?node_modules\//, 'node_modules/').replace(/^.*?\/src\//, 'src/');
  const pkg = file.startsWith('node_modules/')
    ? file
        .split('/')
        .slice(0, file.split('/')[1]!.startsWith('@') ? 3 : 2)
        .join('/')
    : file;
  return {
    source: `tandem: ${pkg}`,
    fn: `${origin.name ?? (frame.functionName || '(anonymous)')} (${file}:${origin.lineNumber})`,
  };
}

function top(totals: Map<string, number>, totalMs: number, n: number): ProfileShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([source, ms]) => ({ source, ms, share: ms / totalMs }));
}

/** Profiles the page's main thread for `ms` milliseconds while `drive` gives it input (or just waits). */
export async function profilePage(
  page: Page,
  ms: number,
  drive: (page: Page, ms: number) => Promise<unknown>,
): Promise<ProfileResult> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await drive(page, ms);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Built-ins (JSON.stringify, postMessage...) have no URL: their time goes to the nearest caller that has one.
  const attributed = (id: number): { source: string; fn: string | null } => {
    const frame = byId.get(id)!.callFrame;
    if (frame.url || frame.functionName.startsWith('(')) return place(frame);
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const caller = byId.get(up)!.callFrame;
      if (caller.url) {
        const where = place(caller);
        return { source: where.source, fn: `${frame.functionName} <- ${where.fn ?? where.source}` };
      }
    }
    return place(frame);
  };
  const selfMs = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  for (const [i, id] of (profile.samples ?? []).entries())
    selfMs.set(id, (selfMs.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000);

  const bySource = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  for (const [id, self] of selfMs) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    totalMs += self;
    const { source, fn } = attributed(id);
    bySource.set(source, (bySource.get(source) ?? 0) + self);
    if (fn) byFunction.set(fn, (byFunction.get(fn) ?? 0) + self);
  }
  return { totalMs, bySource: top(bySource, totalMs, Infinity), byFunction: top(byFunction, totalMs, 10) };
}
