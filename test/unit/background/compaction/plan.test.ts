import { describe, expect, it } from 'vitest';
import { type ChunkInfo, planCompaction } from '../../../../src/background/compaction/plan';

const P1 = 'page-1';
const P2 = 'page-2';
const NET = 'network';

/** A chunk of one batch at second `s` (one second long), 10 kB of JSON. */
function chunk(pageId: string, seq: number, s: number, o: Partial<ChunkInfo> = {}): ChunkInfo {
  return { pageId, seq, firstTs: s * 1000, lastTs: s * 1000 + 900, rawBytes: 10_000, snapshotTs: null, ...o };
}
const snap = (pageId: string, seq: number, s: number) => chunk(pageId, seq, s, { snapshotTs: s * 1000 });
const finished = { finished: true, olderThan: 0, maxRawBytes: 1_000_000 };
const keys = (runs: ChunkInfo[][]) => runs.map((r) => r.map((c) => `${c.pageId}/${c.seq}`).join(' '));

describe('planCompaction', () => {
  it("merges a finished session's document into one run, leaving a lone chunk alone", () => {
    const chunks = [snap(P1, 0, 0), chunk(P1, 1, 1), chunk(P1, 2, 2), snap(P2, 0, 3)];
    expect(keys(planCompaction(chunks, finished).runs)).toEqual([`${P1}/0 ${P1}/1 ${P1}/2`]);
  });

  it('never merges across a gap in seq: the missing batch may still come', () => {
    const chunks = [snap(P1, 0, 0), chunk(P1, 1, 1), chunk(P1, 3, 3), chunk(P1, 4, 4)];
    expect(keys(planCompaction(chunks, finished).runs)).toEqual([`${P1}/0 ${P1}/1`, `${P1}/3 ${P1}/4`]);
  });

  it("starts a run at each replay start, and splits other documents' runs there too", () => {
    const chunks = [
      snap(P1, 0, 0),
      chunk(P1, 1, 1),
      snap(P1, 2, 2), // a checkout
      chunk(P1, 3, 3),
      chunk(NET, 0, 1.5),
      chunk(NET, 1, 2.5), // after the checkout at 2 s: not with the one before
      chunk(NET, 2, 3.5),
    ];
    expect(keys(planCompaction(chunks, finished).runs).sort()).toEqual(
      [`${P1}/0 ${P1}/1`, `${P1}/2 ${P1}/3`, `${NET}/1 ${NET}/2`].sort(),
    );
  });

  it('keeps a merged chunk of at most maxRawBytes of JSON', () => {
    const chunks = [0, 1, 2, 3, 4].map((s) => chunk(P1, s, s));
    const runs = planCompaction(chunks, { ...finished, maxRawBytes: 25_000 }).runs;
    expect(keys(runs)).toEqual([`${P1}/0 ${P1}/1`, `${P1}/2 ${P1}/3`]);
  });

  it('never takes an already compacted chunk into a run', () => {
    const chunks = [chunk(P1, 0, 0, { lastSeq: 5 }), chunk(P1, 6, 6), chunk(P1, 7, 7)];
    expect(keys(planCompaction(chunks, finished).runs)).toEqual([`${P1}/6 ${P1}/7`]);
  });

  it('in a live session merges only runs that can no longer grow and are old enough', () => {
    const chunks = [
      snap(P1, 0, 0),
      chunk(P1, 1, 1),
      snap(P1, 2, 10), // a checkout ended the first run
      chunk(P1, 3, 11),
      chunk(P1, 4, 12), // the growing run: its next batch would join it
    ];
    const live = { finished: false, olderThan: 60_000, maxRawBytes: 1_000_000 };
    const plan = planCompaction(chunks, live);
    expect(keys(plan.runs)).toEqual([`${P1}/0 ${P1}/1`]);
    // The growing run is looked at again by the next pass.
    expect(plan.through).toBe(10_000);
    // Not old enough: nothing, and the next pass starts from the first run.
    const young = planCompaction(chunks, { ...live, olderThan: 1500 });
    expect(young.runs).toEqual([]);
    expect(young.through).toBe(0);
  });

  it('moves `through` past everything when nothing is left to merge', () => {
    const plan = planCompaction([snap(P1, 0, 0), chunk(P1, 1, 1)], finished);
    expect(plan.through).toBe(1001);
  });
});
