import { describe, expect, it } from 'vitest';
import { ticker } from '../../../../src/content/page/ticker';

/** A ticker on a hand-driven interval: every setInterval/clearInterval call is counted. */
function harness(idleTicks = 3) {
  let running: (() => void) | null = null;
  const calls = { set: 0, clear: 0 };
  const t = ticker({
    intervalMs: 100,
    idleTicks,
    setInterval: (fn) => {
      calls.set++;
      running = fn;
      return 1;
    },
    clearInterval: () => {
      calls.clear++;
      running = null;
    },
  });
  const fire = () => running?.();
  return { t, fire, calls, running: () => running !== null };
}

describe('ticker', () => {
  it('runs queued work at the next tick, not in the caller', () => {
    const { t, fire } = harness();
    const done: string[] = [];
    t.soon(() => done.push('a'));
    t.soon(() => done.push('b'));
    expect(done).toEqual([]);
    fire();
    expect(done).toEqual(['a', 'b']);
    fire();
    expect(done).toEqual(['a', 'b']);
  });

  it('creates one interval for a stream of work, and stops it after the idle ticks', () => {
    const { t, fire, calls, running } = harness(3);
    for (let i = 0; i < 10; i++) {
      t.soon(() => {});
      fire();
    }
    expect(calls.set).toBe(1);
    fire();
    fire();
    expect(running()).toBe(true);
    fire();
    expect(running()).toBe(false);
    expect(calls.clear).toBe(1);
    t.soon(() => {});
    expect(calls.set).toBe(2);
  });

  it('keeps running the other jobs when one throws', () => {
    const { t, fire } = harness();
    const done: number[] = [];
    t.soon(() => {
      throw new Error('bad job');
    });
    t.soon(() => done.push(2));
    fire();
    expect(done).toEqual([2]);
  });

  it('runs what is queued at once on flush (the page is being hidden)', () => {
    const { t } = harness();
    const done: number[] = [];
    t.soon(() => done.push(1));
    t.flush();
    expect(done).toEqual([1]);
  });
});
