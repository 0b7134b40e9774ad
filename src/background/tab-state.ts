import type { Storage } from 'webextension-polyfill';
import type { RecordMode } from '../shared/protocol';

/**
 * Which tab records into which session. Kept in storage.session, not in memory: the service worker
 * is stopped whenever Chrome likes, and the recording must outlive it. storage.session is cleared when
 * the browser exits, which is how sessions of a dead browser are found to be interrupted.
 */
const KEY = 'recordingTabs';

export interface TabRecording {
  sessionId: string;
  startedAt: number;
  /** `record`: a session the user asked for; `buffer`: the tab's instant-replay buffer. */
  mode: RecordMode;
  /** Origins whose preflight refused Tandem's headers during this session. */
  blockedOrigins?: string[];
}

export class TabStates {
  /** Writes are read-modify-write of one key: run them one at a time so two tabs never lose each other's state. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: Pick<Storage.StorageArea, 'get' | 'set'>) {}

  async all(): Promise<Record<string, TabRecording>> {
    const value = (await this.area.get(KEY))[KEY];
    return typeof value === 'object' && value !== null ? (value as Record<string, TabRecording>) : {};
  }

  async get(tabId: number): Promise<TabRecording | undefined> {
    const rec = (await this.all())[String(tabId)];
    // Entries written before modes existed were recordings.
    return rec ? { ...rec, mode: rec.mode ?? 'record' } : undefined;
  }

  set(tabId: number, state: TabRecording | undefined): Promise<void> {
    const run = this.queue.then(async () => {
      const all = await this.all();
      if (state) all[String(tabId)] = state;
      else delete all[String(tabId)];
      await this.area.set({ [KEY]: all });
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
