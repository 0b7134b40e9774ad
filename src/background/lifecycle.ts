/** The worker's start, and the alarm that checks the recordings' limits every minute. */
import type { Alarms } from 'webextension-polyfill';
import type { Diagnostics } from './diagnostics';
import type { RequestCapture } from './network/request-capture';
import type { TabRecordings } from './tab-recordings';

export const LIMITS_ALARM = 'tandem-limits';

export interface LifecycleDeps {
  alarms: { create(name: string, info: Alarms.CreateAlarmInfoType): Promise<void> };
  recordings: Pick<TabRecordings, 'reconcile' | 'enforceLimits'>;
  network: Pick<RequestCapture, 'settled'>;
  diagnostics: Diagnostics;
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

  alarm(name: string): void {
    if (name === LIMITS_ALARM)
      void this.deps.recordings
        .enforceLimits()
        .catch((e: unknown) => this.deps.diagnostics.report('limits', String(e)));
  }
}
