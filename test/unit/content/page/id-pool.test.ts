import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { idPool } from '../../../../src/content/page/id-pool';
import { isValidSpanId, isValidTraceId } from '../../../../src/shared/trace/ids';
import { parseTraceparent } from '../../../../src/shared/trace/traceparent';

/** A pool whose later() tasks run only when the test says so, with every draw of random bytes counted. */
function harness(random: (b: Uint8Array) => void = (b) => void webcrypto.getRandomValues(b)) {
  const tasks: (() => void)[] = [];
  let draws = 0;
  const pool = idPool({
    random: (b) => {
      draws++;
      random(b);
    },
    later: (fn) => void tasks.push(fn),
    size: 8,
  });
  const runLater = () => {
    for (const t of tasks.splice(0)) t();
  };
  return { pool, runLater, draws: () => draws, pending: () => tasks.length };
}

describe('id pool', () => {
  it('makes ids a W3C traceparent accepts, all different', () => {
    const { pool, runLater } = harness();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { traceId, spanId } = pool.take();
      runLater();
      expect(parseTraceparent(`00-${traceId}-${spanId}-01`)).toEqual({
        version: '00',
        traceId,
        parentId: spanId,
        flags: 1,
        sampled: true,
      });
      seen.add(traceId).add(spanId);
    }
    expect(seen.size).toBe(400);
  });

  it('fills itself in a later task, so a take from a filled pool draws nothing', () => {
    const { pool, runLater, draws, pending } = harness();
    pool.take(); // empty: made on the spot, and a fill is scheduled
    expect(draws()).toBe(1);
    expect(pending()).toBe(1);
    runLater();
    expect(draws()).toBe(2);
    // 8 ready; takes down to half draw nothing and schedule nothing.
    for (let i = 0; i < 4; i++) pool.take();
    expect(draws()).toBe(2);
    expect(pending()).toBe(0);
    pool.take(); // at half: one fill scheduled, still nothing drawn inside the call
    pool.take();
    expect(draws()).toBe(2);
    expect(pending()).toBe(1);
  });

  it('keeps giving ids through a burst that empties it before the fill runs', () => {
    const { pool, draws } = harness();
    const ids = Array.from({ length: 20 }, () => pool.take());
    expect(new Set(ids.map((i) => i.traceId)).size).toBe(20);
    expect(draws()).toBe(20);
  });

  it('never hands out an all-zero id', () => {
    let call = 0;
    // The first draw is all zeros (an invalid id); later draws are random.
    const { pool } = harness((b) => (call++ === 0 ? b.fill(0) : void webcrypto.getRandomValues(b)));
    const { traceId, spanId } = pool.take();
    expect(isValidTraceId(traceId)).toBe(true);
    expect(isValidSpanId(spanId)).toBe(true);
  });
});

describe('id pool: takeMany', () => {
  it('gives as many fresh pairs as asked, from the pool first, all different', () => {
    const { pool, runLater, draws } = harness();
    pool.take();
    runLater(); // 8 ready
    const many = pool.takeMany(20);
    expect(many).toHaveLength(20);
    expect(new Set(many.flatMap((i) => [i.traceId, i.spanId])).size).toBe(40);
    // The 8 ready ones went first; the other 12 took one draw.
    expect(draws()).toBe(3);
    expect(pool.takeMany(0)).toEqual([]);
  });
});
