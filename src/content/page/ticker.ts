/**
 * Work the page hooks do "soon", in a task of their own, every `intervalMs`: posting request records
 * and refilling the wrapper's id pool. One interval runs while there is work, so a fetch() call that
 * hands over work pays for an array push, not for creating a timer, whose cost showed in the fetch() p95
 * that bench/fetch/wrapper.ts measures (docs/network.md, "Cheap inside the call"). The interval stops after
 * `idleTicks` ticks without work.
 */
export interface Ticker {
  /** Runs `fn` at the next tick (once). */
  soon(fn: () => void): void;
  /** Runs what is queued now, in the caller's task (a page being hidden). */
  flush(): void;
}

export interface TickerOptions {
  intervalMs: number;
  idleTicks: number;
  /** setInterval / clearInterval as the page had them at document_start. */
  setInterval: (fn: () => void, ms: number) => number;
  clearInterval: (id: number) => void;
}

export function ticker(o: TickerOptions): Ticker {
  let queue: (() => void)[] = [];
  let timer: number | null = null;
  let idle = 0;

  const flush = () => {
    const due = queue;
    queue = [];
    for (const fn of due) {
      try {
        fn();
      } catch {
        // One failing job must not cost the others (nor the page).
      }
    }
  };
  const tick = () => {
    if (queue.length > 0) {
      idle = 0;
      flush();
    } else if (++idle >= o.idleTicks && timer !== null) {
      o.clearInterval(timer);
      timer = null;
    }
  };
  return {
    soon(fn) {
      queue.push(fn);
      if (timer === null) {
        idle = 0;
        timer = o.setInterval(tick, o.intervalMs);
      }
    },
    flush,
  };
}
