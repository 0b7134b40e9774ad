/**
 * The DOM recorder's events on their way to the recorder, in batches (see DOM_BATCH_MS in bridge-constants.ts):
 * handed over at the latest `maxMs` after the first one, at once from `maxChars` of JSON, at once while
 * the page is hidden or going away (a timer may never fire then), and whenever `flush` is called.
 */
import type { DomEvent } from '../../shared/protocol';
import { append } from './natives';

export interface DomBatchOptions {
  maxMs: number;
  maxChars: number;
  send: (events: DomEvent[]) => void;
  setTimer: (fn: () => void, ms: number) => number;
  clearTimer: (id: number) => void;
}

export interface DomBatch {
  add(event: DomEvent): void;
  flush(): void;
  /** Hidden or unloading: hand over what is held, then every event as it comes; visible again: batch. */
  hidden(isHidden: boolean): void;
}

export function domBatch(o: DomBatchOptions): DomBatch {
  let events: DomEvent[] = [];
  let chars = 0;
  let timer: number | null = null;
  let immediate = false;

  const flush = () => {
    if (timer !== null) o.clearTimer(timer);
    timer = null;
    if (events.length === 0) return;
    const out = events;
    events = [];
    chars = 0;
    o.send(out);
  };
  return {
    add(event) {
      append(events, event);
      chars += event.json.length;
      if (immediate || chars >= o.maxChars) flush();
      else timer ??= o.setTimer(flush, o.maxMs);
    },
    flush,
    hidden(isHidden) {
      immediate = isHidden;
      if (isHidden) flush();
    },
  };
}
