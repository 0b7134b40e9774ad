/**
 * Wall-clock milliseconds for request records, read inside the page's fetch() and XHR calls. Date.now()
 * costs about 5 µs per call there on the bench machine and performance.now() about 1 (bench/wrapper.ts
 * counts every microsecond of the call), so the wrapper reads the monotonic clock plus an offset to wall
 * time. The offset is taken from Date.now() again by the first read after each tick (ticker.ts), because the
 * two clocks part: the system clock is set, or the machine sleeps (monotonic time stops, wall time does not).
 * A read is therefore never more than one tick away from a Date.now() reading; records stay comparable with
 * the recorder's events, which carry Date.now() times.
 */
export interface ClockOptions {
  /** Wall time in ms (Date.now). */
  wall: () => number;
  /** Monotonic time in ms (performance.now). */
  mono: () => number;
  /** Runs a function in a later task (ticker.ts), not in the caller's. */
  later: (fn: () => void) => void;
}

export function pageClock({ wall, mono, later }: ClockOptions): () => number {
  let offset = 0;
  let synced = false;
  const expire = () => {
    synced = false;
  };
  return () => {
    if (synced) return offset + mono();
    synced = true;
    later(expire);
    const now = wall();
    offset = now - mono();
    return now;
  };
}
