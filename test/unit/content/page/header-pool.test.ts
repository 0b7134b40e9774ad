import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headerPool } from '../../../../src/content/page/header-pool';
import { idPool } from '../../../../src/content/page/id-pool';
import { propagationHeaders } from '../../../../src/shared/propagation';
import type { Propagator } from '../../../../src/shared/settings';
import { parseTraceparent } from '../../../../src/shared/trace/traceparent';

const REPLAY_ID = '0123456789abcdef0123456789abcdef';
const DEFAULT: Propagator[] = ['tracecontext', 'baggage', 'sentry'];

/** A pool on real ids whose later() tasks run only when the test says so. */
function harness(size = 8) {
  const tasks: (() => void)[] = [];
  const later = (fn: () => void) => void tasks.push(fn);
  const ids = idPool({ random: (b) => void webcrypto.getRandomValues(b), later });
  const pool = headerPool({ ids: ids.takeMany, later, size });
  const tick = () => {
    for (const t of tasks.splice(0)) t();
  };
  return { pool, tick, pending: () => tasks.length };
}

describe('header pool', () => {
  it('is empty until a first request asks, then filled in a later task, not in the call', () => {
    const { pool, tick, pending } = harness();
    expect(pool.take(DEFAULT, REPLAY_ID)).toBeNull();
    expect(pending()).toBeGreaterThan(0);
    tick();
    const made = pool.take(DEFAULT, REPLAY_ID);
    expect(made).not.toBeNull();
    expect(made).toEqual(propagationHeaders(null, DEFAULT, made!, REPLAY_ID));
  });

  it('hands out the headers propagationHeaders writes for a request without headers of the page, each with its own ids', () => {
    const { pool, tick } = harness();
    pool.take(DEFAULT, REPLAY_ID);
    tick();
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const made = takeOrRefill(() => pool.take(DEFAULT, REPLAY_ID), tick);
      expect(made).not.toBeNull();
      const { traceId, spanId } = made!;
      expect(made).toEqual(propagationHeaders(null, DEFAULT, { traceId, spanId }, REPLAY_ID));
      expect(parseTraceparent(made!.headers.traceparent!)).toMatchObject({ traceId, parentId: spanId });
      seen.add(traceId).add(spanId);
      tick();
    }
    expect(seen.size).toBe(40);
  });

  it('drops what it made when the propagators or the replay id change, and keeps it for an equal config in a new array', () => {
    const { pool, tick } = harness();
    pool.take(DEFAULT, REPLAY_ID);
    tick();
    // A control message brings the same settings in new arrays: still served from the pool.
    const again = pool.take([...DEFAULT], REPLAY_ID);
    expect(again).not.toBeNull();
    expect(parseTraceparent(again!.headers.traceparent!)).toMatchObject({
      traceId: again!.traceId,
      parentId: again!.spanId,
    });
    // Other propagators: nothing made for them yet, and never a set made for the old ones.
    expect(pool.take(['b3'], REPLAY_ID)).toBeNull();
    tick();
    expect(Object.keys(pool.take(['b3'], REPLAY_ID)!.headers)).toEqual(['b3']);
    // A new recording (another replay id): the old replay id is never sent.
    expect(pool.take(['b3'], 'ffffffffffffffffffffffffffffffff')).toBeNull();
    tick();
    const next = takeOrRefill(() => pool.take(DEFAULT, 'ffffffffffffffffffffffffffffffff'), tick);
    expect(next!.headers.baggage).toContain('sentry-replay_id=ffffffffffffffffffffffffffffffff');
  });

  it('keeps giving null, not stale or shared sets, through a burst that empties it before the fill runs', () => {
    const { pool, tick } = harness(4);
    pool.take(DEFAULT, REPLAY_ID);
    tick();
    const got = Array.from({ length: 10 }, () => pool.take(DEFAULT, REPLAY_ID));
    expect(got.filter((g) => g !== null)).toHaveLength(4);
    expect(new Set(got.filter((g) => g !== null).map((g) => g!.spanId)).size).toBe(4);
  });
});

/** Takes a header set; an empty pool is refilled by running its scheduled tick once, then asked again. */
function takeOrRefill<T>(take: () => T | null, tick: () => void): T | null {
  const first = take();
  if (first !== null) return first;
  tick();
  return take();
}
