/**
 * Waking a tab's recorder, with Chrome's scripting API faked: a function injected into the isolated world
 * runs here with globalThis standing in for that world (which page scripts cannot reach); files are noted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

let injected: string[] = [];
const isolated = globalThis as { __tandemRecorderLoaded?: boolean; __tandemInjectionClaimed?: boolean };

vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: { sendMessage: async () => Promise.reject(new Error('Could not establish connection')) },
    runtime: {
      getManifest: () => ({ content_scripts: [{ js: ['recorder.js'] }, { js: ['page-hooks.js'], world: 'MAIN' }] }),
    },
    scripting: {
      executeScript: async (o: { func?: () => unknown; files?: string[]; world?: string }) => {
        await Promise.resolve(); // another wake may run meanwhile, as in Chrome
        if (o.func) return [{ result: o.func() }];
        for (const f of o.files ?? []) injected.push(`${o.world ?? 'ISOLATED'}:${f}`);
        if (o.world !== 'MAIN') isolated.__tandemRecorderLoaded = true;
        return [{}];
      },
    },
  },
}));

const { wakeTab } = await import('../../../src/background/browser-tabs');

afterEach(() => {
  injected = [];
  delete isolated.__tandemRecorderLoaded;
  delete isolated.__tandemInjectionClaimed;
});

describe('wakeTab (scripting API faked)', () => {
  it('injects the recorder, then the MAIN-world hooks, into a page loaded before Tandem', async () => {
    await wakeTab(1);
    expect(injected).toEqual(['ISOLATED:recorder.js', 'MAIN:page-hooks.js']);
  });

  it('two wakes racing inject the MAIN-world hooks once', async () => {
    await Promise.all([wakeTab(1), wakeTab(1)]);
    expect(injected.filter((f) => f.startsWith('MAIN:'))).toEqual(['MAIN:page-hooks.js']);
  });

  it('a document that already has the recorder (and so the hooks) gets nothing injected again', async () => {
    isolated.__tandemRecorderLoaded = true;
    await wakeTab(1);
    expect(injected).toEqual([]);
  });
});
