/**
 * The events the worker's modules follow instead of calling each other: a tab's recording changed, and a
 * preflight refused Tandem's headers at an origin. Listeners run one after another and the emitter awaits
 * them, so a recording tells the tab to record only once network capture has its rules in place.
 */
import type { TabRecording } from './tab-state';

type Listener<T> = (event: T) => void | Promise<void>;

/** One typed event; `on` returns the function that removes the listener. */
export class Channel<T> {
  private readonly listeners = new Set<Listener<T>>();

  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async emit(event: T): Promise<void> {
    for (const listener of [...this.listeners]) await listener(event);
  }
}

export interface TabRecordingChanged {
  tabId: number;
  /** The tab's recording now; undefined: it stopped. */
  rec: TabRecording | undefined;
  /** The URL of the tab's document, when known (a new recording, a document's hello). */
  pageUrl?: string;
}

export interface OriginBlocked {
  tabId: number;
  origin: string;
}

export interface SizeCapReached {
  tabId: number;
  sessionId: string;
  /** A buffer whose newest replayable part alone is over its cap, or a recording over its cap. */
  mode: 'buffer' | 'record';
}

export class TabEvents {
  /** Emitted by TabRecordings whenever a tab starts, continues (a new document) or stops recording. */
  readonly recordingChanged = new Channel<TabRecordingChanged>();
  /** Emitted by network capture; TabRecordings, which owns each tab's recording state, stops headers there. */
  readonly originBlocked = new Channel<OriginBlocked>();
  /** Emitted by Ingest; TabRecordings stops the recording, or starts the buffer afresh. */
  readonly sizeCapReached = new Channel<SizeCapReached>();
}
