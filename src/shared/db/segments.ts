/**
 * A long session read in segments, so the player holds only the part around its playhead (docs/panel.md,
 * "Opening a long session"). A segment runs from one replay start (a chunk whose events hold a Meta and full
 * snapshot: `snapshotTs`) to the next; compaction never merges across one (background/compaction/plan.ts), so
 * every chunk belongs wholly to one segment and a segment can be drawn on its own.
 */
import { EventType } from '@rrweb/types';
import type { ChunkRecord } from '../model';
import { decodeAll, type SessionEvents, type StoredEvent, sessionChunks } from './read';
import type { ReplayGap } from './gaps';
import type { TandemDb } from './schema';

export interface Segment {
  /** The first event time of its first chunk (epoch ms): the bound its chunks are read by. */
  firstTs: number;
  /** Where it can be drawn from: its full snapshot's time (for the first segment, the session's start). */
  from: number;
  /** The next segment's `firstTs`; null for the last, which runs to the session's end. */
  until: number | null;
  /** JSON size of its chunks (ChunkRecord.rawBytes): what holding it decoded costs, roughly. */
  rawBytes: number;
}

export type SegmentChunk = Pick<ChunkRecord, 'firstTs' | 'lastTs' | 'rawBytes' | 'snapshotTs'>;

/** The segments of a session's chunks, given in time order (the `bySessionTime` index). Pure. */
export function segmentsOf(chunks: readonly SegmentChunk[]): Segment[] {
  const out: Segment[] = [];
  for (const c of chunks) {
    const last = out.at(-1);
    if (!last || (c.snapshotTs != null && c.firstTs > last.firstTs)) {
      if (last) last.until = c.firstTs;
      out.push({ firstTs: c.firstTs, from: last ? (c.snapshotTs ?? c.firstTs) : c.firstTs, until: null, rawBytes: 0 });
    }
    out.at(-1)!.rawBytes += c.rawBytes;
  }
  return out;
}

/**
 * The index of the segment that draws epoch time `ts`: the last one whose full snapshot is at or before it. A
 * segment draws until the next one's snapshot; the few events its first chunk holds before that snapshot (the
 * old page's last moment before a navigation or checkout) are the next segment's, so there it draws without them.
 */
export function segmentAt(segments: readonly Segment[], ts: number): number {
  let i = 0;
  while (i + 1 < segments.length && segments[i + 1]!.from <= ts) i++;
  return i;
}

/** Where segment `i` stops drawing (epoch ms, exclusive): the next segment's snapshot; null: the session's end. */
export function drawsUntil(segments: readonly Segment[], i: number): number | null {
  return segments[i + 1]?.from ?? null;
}

/**
 * What the lists need of a session, without what only the player needs: the full and incremental snapshots
 * (nearly all of a recording's bytes) are left out. The first event stays whatever it is: it is the time origin.
 */
export function listEvents(events: readonly StoredEvent[]): StoredEvent[] {
  return events.filter((e, i) => i === 0 || !isSnapshot(e));
}

const isSnapshot = (e: StoredEvent) => e.type === EventType.FullSnapshot || e.type === EventType.IncrementalSnapshot;

export interface SessionOutline extends SessionEvents {
  /** listEvents of the whole session: breadcrumbs, spans, Meta; the first event is the session's first. */
  events: StoredEvent[];
  segments: Segment[];
  /** The session's last event time (epoch ms): its length is `end - events[0].timestamp`. */
  end: number;
  /** Segments kept decoded while reading (by index), first ones first, as long as they fit `keepRawBytes`. */
  decoded: Map<number, StoredEvent[]>;
}

/**
 * Reads every chunk once, segment by segment, and keeps the list events of all and the full events of the
 * segments that fit `keepRawBytes`, the last ones first (the player opens on the last frame): the panel's lists
 * get the whole session while its memory stays bounded. Unreadable chunks are problems and gaps, as in
 * readSessionEvents.
 */
export async function readSessionOutline(
  db: TandemDb,
  sessionId: string,
  keepRawBytes: number,
): Promise<SessionOutline> {
  const chunks = await sessionChunks(db, sessionId);
  const segments = segmentsOf(chunks);
  const lists: StoredEvent[][] = [];
  const reads: SessionEvents[] = [];
  const decoded = new Map<number, StoredEvent[]>();
  let kept = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    const read = await decodeAll(chunks.filter((c) => inSegment(segment, c.firstTs)));
    // Only the session's own first event is kept whatever it is (the time origin), not each segment's.
    lists[i] = i === 0 ? listEvents(read.events) : read.events.filter((e) => !isSnapshot(e));
    reads[i] = { ...read, events: [] };
    if (kept + segment.rawBytes <= keepRawBytes) {
      decoded.set(i, read.events);
      kept += segment.rawBytes;
    }
  }
  let end = chunks[0]?.lastTs ?? 0;
  for (const c of chunks) end = Math.max(end, c.lastTs);
  return {
    events: lists.flat(),
    problems: reads.flatMap((r) => r.problems),
    gaps: closeGaps(
      reads.flatMap((r) => r.gaps ?? []),
      segments,
    ),
    chunks: reads.flatMap((r) => r.chunks ?? []),
    segments,
    end,
    decoded,
  };
}

/** One segment's events, as readSessionEvents reads a session (gaps bridged within it). */
export async function readSegment(db: TandemDb, sessionId: string, segment: Segment): Promise<SessionEvents> {
  const upper = segment.until ?? Infinity;
  const range = IDBKeyRange.bound([sessionId, segment.firstTs], [sessionId, upper], false, true);
  return decodeAll(await db.getAllFromIndex('chunks', 'bySessionTime', range));
}

const inSegment = (s: Segment, ts: number) => ts >= s.firstTs && (s.until === null || ts < s.until);

/**
 * A hole at a segment's end was bridged within that segment alone, which cannot see where the replay draws
 * again: at the next segment's replay start, when there is one (a full snapshot redraws the whole stage).
 */
function closeGaps(gaps: ReplayGap[], segments: readonly Segment[]): ReplayGap[] {
  return gaps.map((g) => {
    if (g.resumesAt !== null) return g;
    const next = segments.find((s) => s.firstTs > g.to);
    return next ? { ...g, resumesAt: next.from } : g;
  });
}
