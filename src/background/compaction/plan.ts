/**
 * Which of a session's chunks compaction merges (policy only, pure; the store writes): runs of one document's
 * consecutive batches, never across a replay start of any document, so a merged chunk sits wholly on one side
 * of every full snapshot and the tail read and buffer cuts (which go by chunks' `snapshotTs` and `firstTs`)
 * keep their meaning. docs/storage.md, "Compaction".
 */
import type { ChunkRecord } from '../../shared/model';

export type ChunkInfo = Pick<
  ChunkRecord,
  'pageId' | 'seq' | 'lastSeq' | 'firstTs' | 'lastTs' | 'rawBytes' | 'snapshotTs'
>;

export interface PlanOptions {
  /** A finished session: every run of two or more chunks is merged now. */
  finished: boolean;
  /** A live session: only runs that can no longer grow and whose events all end before this are merged. */
  olderThan: number;
  /** A merged chunk holds at most this much JSON (a run is split before it would exceed it). */
  maxRawBytes: number;
}

export interface Plan<C extends ChunkInfo> {
  /** Each run: one document's chunks, consecutive `seq`, in order; two or more. */
  runs: C[][];
  /** The first event time of the chunks a later pass must look at again (CompactionMark.through). */
  through: number;
}

interface Run<C> {
  chunks: C[];
  /** No chunk stored later can join it. */
  closed: boolean;
}

/** How many replay starts are at or before `ts` (the segment a chunk beginning at `ts` is in). */
function segmentOf(starts: readonly number[], ts: number): number {
  let n = 0;
  while (n < starts.length && starts[n]! <= ts) n++;
  return n;
}

function runsOfPage<C extends ChunkInfo>(chunks: readonly C[], starts: readonly number[], o: PlanOptions): Run<C>[] {
  const runs: Run<C>[] = [];
  let run: C[] = [];
  let raw = 0;
  for (const c of chunks) {
    const prev = run.at(-1);
    const apart =
      !prev ||
      c.lastSeq !== undefined ||
      prev.lastSeq !== undefined ||
      c.seq !== prev.seq + 1 ||
      c.snapshotTs != null ||
      segmentOf(starts, c.firstTs) !== segmentOf(starts, prev.firstTs) ||
      raw + c.rawBytes > o.maxRawBytes;
    if (prev && apart) {
      runs.push({ chunks: run, closed: true });
      run = [];
      raw = 0;
    }
    run.push(c);
    raw += c.rawBytes;
  }
  // The document's newest run grows with its next batch, unless a later replay start (of any document) ended it.
  if (run.length) runs.push({ chunks: run, closed: segmentOf(starts, run[0]!.firstTs) < starts.length });
  return runs;
}

export function planCompaction<C extends ChunkInfo>(chunks: readonly C[], o: PlanOptions): Plan<C> {
  const starts = chunks
    .filter((c) => c.snapshotTs != null)
    .map((c) => c.firstTs)
    .sort((a, b) => a - b);
  const pages = new Map<string, C[]>();
  for (const c of chunks) pages.set(c.pageId, [...(pages.get(c.pageId) ?? []), c]);
  const runs: C[][] = [];
  let through = Infinity;
  for (const list of pages.values()) {
    for (const run of runsOfPage(
      list.sort((a, b) => a.seq - b.seq),
      starts,
      o,
    )) {
      const old = run.chunks.every((c) => c.lastTs < o.olderThan);
      if (run.chunks.length >= 2 && (o.finished || (run.closed && old))) runs.push(run.chunks);
      else if (!run.closed || run.chunks.length >= 2) through = Math.min(through, ...run.chunks.map((c) => c.firstTs));
    }
  }
  if (through === Infinity) through = Math.max(...chunks.map((c) => c.firstTs + 1), -Infinity);
  return { runs, through };
}
