/** The worker's start, and the alarm that checks the recordings' limits and compacts chunks every minute. */
import type { Alarms } from 'webextension-polyfill';
import type { Compaction } from './compaction/compaction';
import type { Diagnostics } from './diagnostics';
import type { RequestCapture } from './network/request-capture';
import type { TabRecordings } from './tab-recordings';

export const LIMITS_ALARM = 'tandem-limits';

export interface LifecycleDeps {
  alarms: { create(name: string, info: Alarms.CreateAlarmInfoType): Promise<void> };
  recordings: Pick<TabRecordings, 'reconcile' | 'enforceLimits'>;
  network: Pick<RequestCapture, 'settled'>;
  diagnostics: Diagnostics;
  compaction?: Pick<Compaction, 'sweep'>;
}

export class Lifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  /** Worker start: sessions whose tab (or whole browser) went away while the worker was down are interrupted. */
  async start(): Promise<void> {
    try {
      await this.deps.alarms.create(LIMITS_ALARM, { periodInMinutes: 1 });
      await this.deps.recordings.reconcile();
    } catch (e) {
      this.deps.diagnostics.report('startup', String(e));
    } finally {
      // Even after a failed start: a webRequest that listens for nothing costs every request of every tab.
      this.deps.network.settled();
    }
  }

  /** Settles when the alarm's work is done. */
  async alarm(name: string): Promise<void> {
    if (name !== LIMITS_ALARM) return;
    await this.deps.recordings.enforceLimits().catch((e: unknown) => this.deps.diagnostics.report('limits', String(e)));
    // After the limits, so a recording they stop is compacted as finished.
    await this.deps.compaction?.sweep().catch((e: unknown) => this.deps.diagnostics.report('compaction', String(e)));
  }
}
