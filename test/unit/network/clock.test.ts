import { describe, expect, it } from 'vitest';
import { pageClock } from '../../../src/content/page/clock';

/** A clock on hand-set wall and monotonic times, its later() tasks run when the test says. */
function harness() {
  const t = { wall: 1_700_000_000_000, mono: 5_000 };
  const tasks: (() => void)[] = [];
  let wallReads = 0;
  const now = pageClock({
    wall: () => {
      wallReads++;
      return t.wall;
    },
    mono: () => t.mono,
    later: (fn) => void tasks.push(fn),
  });
  const advance = (ms: number) => {
    t.wall += ms;
    t.mono += ms;
  };
  const tick = () => tasks.splice(0).forEach((f) => f());
  return { t, now, advance, tick, wallReads: () => wallReads, pending: () => tasks.length };
}

describe('page clock', () => {
  it('reads wall time once per tick and the monotonic clock in between', () => {
    const { now, advance, wallReads, pending } = harness();
    expect(now()).toBe(1_700_000_000_000);
    expect(wallReads()).toBe(1);
    expect(pending()).toBe(1);
    advance(12.5);
    expect(now()).toBe(1_700_000_000_012.5);
    advance(3);
    expect(now()).toBe(1_700_000_000_015.5);
    // Two reads after the first: no more Date.now() and no more tasks.
    expect(wallReads()).toBe(1);
    expect(pending()).toBe(1);
  });

  it('takes the offset again after a tick, so a wall clock that jumped (set, or the machine slept) is followed', () => {
    const { t, now, tick, wallReads } = harness();
    now();
    // The machine sleeps for an hour: monotonic time stands still, wall time moves on.
    t.wall += 3_600_000;
    // Until the tick, reads follow the monotonic clock (at most one tick's worth of drift)...
    expect(now()).toBe(1_700_000_000_000);
    tick();
    // ...and the first read after it is wall time again, with the offsets after it following.
    expect(now()).toBe(1_700_003_600_000);
    expect(wallReads()).toBe(2);
    t.mono += 40;
    t.wall += 40;
    expect(now()).toBe(1_700_003_600_040);
  });
});
