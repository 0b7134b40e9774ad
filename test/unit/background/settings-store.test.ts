import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Diagnostics } from '../../../src/background/diagnostics';
import { SettingsStore } from '../../../src/background/settings-store';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../../../src/shared/settings';
import { MemoryStorageArea } from '../fixtures/fakes';

let area: MemoryStorageArea;
let diagnostics: Diagnostics;
let store: SettingsStore;

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  area = new MemoryStorageArea();
  diagnostics = new Diagnostics();
  store = new SettingsStore(area, diagnostics);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const withAutoRecord = (patterns: string[]): Settings => ({ ...DEFAULT_SETTINGS, autoRecord: patterns });

describe('SettingsStore (in-memory storage area standing in for storage.local)', () => {
  it('gives the defaults when nothing is stored', async () => {
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problems()).toEqual([]);
  });

  it('reads storage once and serves later reads from memory', async () => {
    area.data.set(SETTINGS_KEY, withAutoRecord(['http://localhost:*']));
    const getSpy = vi.spyOn(area, 'get');
    expect((await store.get()).autoRecord).toEqual(['http://localhost:*']);
    expect((await store.get()).autoRecord).toEqual(['http://localhost:*']);
    expect(getSpy).toHaveBeenCalledOnce();
  });

  it('reports an invalid stored value, uses defaults for its section and leaves storage untouched', async () => {
    const stored = { autoRecord: ['http://localhost:*'], privacy: { maskAllInputs: 'yes' } };
    area.data.set(SETTINGS_KEY, stored);

    const settings = await store.get();

    expect(settings.privacy).toEqual(DEFAULT_SETTINGS.privacy);
    expect(settings.autoRecord).toEqual(['http://localhost:*']);
    expect(store.problems()).toEqual([expect.stringMatching(/^settings\.privacy\.maskAllInputs: /)]);
    expect(diagnostics.snapshot().errors['invalid-settings']).toBe(1);
    expect(area.setCalls).toBe(0);
    expect(area.data.get(SETTINGS_KEY)).toEqual(stored);
  });

  it('saves a valid change with its defaults filled in, and serves it', async () => {
    const saved = await store.save({ autoRecord: ['https://shop.example.com'] });
    expect(saved).toEqual(withAutoRecord(['https://shop.example.com']));
    expect(area.data.get(SETTINGS_KEY)).toEqual(saved);
    expect(await store.get()).toEqual(saved);
  });

  it('refuses an invalid change: nothing is written and the current settings stay', async () => {
    await store.save({ autoRecord: ['https://shop.example.com'] });
    const writes = area.setCalls;
    await expect(store.save({ recording: { batchMaxMs: 1 } })).rejects.toThrow();
    expect(area.setCalls).toBe(writes);
    expect((await store.get()).autoRecord).toEqual(['https://shop.example.com']);
  });

  it('clears the reported problems once a valid value is saved', async () => {
    area.data.set(SETTINGS_KEY, { privacy: 'off' });
    await store.get();
    expect(store.problems()).toHaveLength(1);
    await store.save({});
    expect(store.problems()).toEqual([]);
  });

  it('applies a change made elsewhere (storage.onChanged) and tells its subscribers', async () => {
    await store.get();
    const listener = vi.fn<(s: Settings) => void>();
    const unsubscribe = store.subscribe(listener);
    const next = withAutoRecord(['http://127.0.0.1:*']);

    store.onStorageChanged({ [SETTINGS_KEY]: { oldValue: DEFAULT_SETTINGS, newValue: next } }, 'local');

    expect(listener).toHaveBeenCalledExactlyOnceWith(next);
    expect(await store.get()).toEqual(next);

    unsubscribe();
    store.onStorageChanged({ [SETTINGS_KEY]: { newValue: DEFAULT_SETTINGS } }, 'local');
    expect(listener).toHaveBeenCalledOnce();
  });

  it('ignores changes of other areas and other keys', async () => {
    await store.get();
    const listener = vi.fn<(s: Settings) => void>();
    store.subscribe(listener);

    store.onStorageChanged({ [SETTINGS_KEY]: { newValue: withAutoRecord(['http://x.test/*']) } }, 'session');
    store.onStorageChanged({ recordingTabs: { newValue: {} } }, 'local');

    expect(listener).not.toHaveBeenCalled();
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to the defaults when the stored settings are removed', async () => {
    await store.save({ autoRecord: ['http://x.test/*'] });
    store.onStorageChanged({ [SETTINGS_KEY]: { oldValue: withAutoRecord(['http://x.test/*']) } }, 'local');
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
  });
});
