/**
 * What the in-page benchmark scripts put on `window`, typed once for both sides: the scripts in this
 * folder (bundled for the page) and the Node side that reads them with page.evaluate.
 */
import type { record } from '@rrweb/record';

export interface LongTask {
  start: number;
  duration: number;
}

export interface BareRrwebStats {
  events: number;
  /** Characters of JSON produced by the once-a-second JSON.stringify of the pending events. */
  bytes: number;
}

declare global {
  interface Window {
    /** Set by @rrweb/record's UMD build. */
    rrwebRecord?: { record: typeof record };
    __benchLongTasks?: LongTask[];
    __benchRrweb?: BareRrwebStats;
    __benchSentryDsn?: string;
    __benchSentryDebug?: boolean;
    __benchSentry?: { flush(): Promise<void>; replayId(): string | undefined };
    /** Units of its own work a bench page has done: table replacements, timer ticks, characters produced. */
    benchProgress?: () => number;
  }
}
