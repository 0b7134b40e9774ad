import type { Storage } from 'webextension-polyfill';
import { readSettings, SETTINGS_KEY, validateSettingsUpdate, type Settings } from '../shared/settings';
import type { Diagnostics } from './diagnostics';

/**
 * Owns the settings object in storage.local. Invalid stored values are reported and replaced by defaults
 * in memory only: the user's stored value is left untouched until they save a valid one.
 */
export class SettingsStore {
  private current: Settings | null = null;
  private listeners = new Set<(s: Settings) => void>();

  constructor(
    private readonly area: Pick<Storage.StorageArea, 'get' | 'set'>,
    private readonly diagnostics: Diagnostics,
  ) {}

  async get(): Promise<Settings> {
    if (!this.current) this.apply((await this.area.get(SETTINGS_KEY))[SETTINGS_KEY]);
    return this.current!;
  }

  problems(): string[] {
    return this.diagnostics.snapshot().settingsProblems;
  }

  /** Wire to storage.onChanged: a change from any page (options, tests, sync) applies live. */
  onStorageChanged(changes: Record<string, Storage.StorageChange>, areaName: string): void {
    if (areaName !== 'local' || !(SETTINGS_KEY in changes)) return;
    this.apply(changes[SETTINGS_KEY]!.newValue);
    for (const l of this.listeners) l(this.current!);
  }

  subscribe(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async save(value: unknown): Promise<Settings> {
    const next = validateSettingsUpdate(value);
    await this.area.set({ [SETTINGS_KEY]: next });
    this.apply(next);
    return next;
  }

  private apply(stored: unknown): void {
    const { settings, problems } = readSettings(stored);
    this.current = settings;
    this.diagnostics.setSettingsProblems(problems);
  }
}
