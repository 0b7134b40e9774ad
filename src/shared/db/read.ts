/** Read-side queries shared by the background and the panel. */
import { decodeChunkValue } from '../chunk-codec';
import type { ChunkRecord, SessionRecord } from '../model';
import { recordedEventsSchema } from '../protocol';
import { bridgeGaps, type ReadChunk, type ReplayGap } from './gaps';
import type { TandemDb } from './schema';

export interface StoredEvent {
  type: number;
  timestamp: number;
  [key: string]: unknown;
}

export interface SessionEvents {
  events: StoredEvent[];
  /** One line per chunk that could not be read; the rest of the session is still returned. */
  problems: string[];
  /** The unreadable chunks' time ranges and where the replay draws again after each (gaps.ts); absent: none. */
  gaps?: ReplayGap[];
  /** The batches read (`pageId/seq`; a compacted chunk gives each of its own), so a live reader asks only for
   * the ones stored after. */
  chunks?: string[];
  /**
   * Set on a partial read (readSessionEventsTail): the events are complete from this time on (the last
   * replay start); before it there is only the session's first chunk, which fixes the time origin.
   */
  completeFrom?: number;
}

/** The batches a chunk holds, as `pageId/seq` keys: one, or every one a compacted chunk merged. */
export function batchKeys(c: Pick<ChunkRecord, 'pageId' | 'seq' | 'lastSeq'>): string[] {
  const keys = [];
  for (let seq = c.seq; seq <= (c.lastSeq ?? c.seq); seq++) keys.push(`${c.pageId}/${seq}`);
  return keys;
}

export async function listSessions(db: TandemDb): Promise<SessionRecord[]> {
  const all = await db.getAllFromIndex('sessions', 'byStartedAt');
  return all.reverse();
}

export function sessionChunks(db: TandemDb, sessionId: string): Promise<ChunkRecord[]> {
  const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
  return db.getAllFromIndex('chunks', 'bySessionTime', range);
}

export async function decodeEvents(chunk: ChunkRecord): Promise<StoredEvent[]> {
  const parsed = recordedEventsSchema.safeParse(await decodeChunkValue(chunk));
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid events');
  return parsed.data;
}

/** A chunk's events exactly as stored (checked like decodeEvents, whose output lists the schema's keys first). */
export async function decodeStoredEvents(chunk: ChunkRecord): Promise<StoredEvent[]> {
  const value = await decodeChunkValue(chunk);
  const parsed = recordedEventsSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid events');
  return value as StoredEvent[];
}

/** All of a session's events in time order. A corrupt chunk is skipped and reported, never fatal. */
export async function readSessionEvents(db: TandemDb, sessionId: string): Promise<SessionEvents> {
  return decodeAll(await sessionChunks(db, sessionId));
}

/**
 * A live session's chunks stored since it was last read: those not in `seen` that began at most a minute
 * before `afterTs` (the newest event read). A chunk is one batch, about a second of events, so an older one
 * was read already or belongs to a document that stopped recording.
 */
/**
 * What the first frame of a finished session needs, read without the rest: its first chunk (the time origin
 * and the session's length are then the whole session's) and every chunk from the last replay start (a Meta
 * and full snapshot, one every few minutes) to the end, newest first with a cursor until that start is met.
 * The Replayer opens on the last frame from these alone; the whole session is read next (readSessionEvents).
 */
export async function readSessionEventsTail(db: TandemDb, sessionId: string): Promise<SessionEvents> {
  const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
  const index = db.transaction('chunks').store.index('bySessionTime');
  const tail: ChunkRecord[] = [];
  let completeFrom: number | undefined;
  for (let cursor = await index.openCursor(range, 'prev'); cursor; cursor = await cursor.continue()) {
    tail.push(cursor.value);
    const start = cursor.value.snapshotTs;
    if (start !== undefined && start !== null) {
      completeFrom = start;
      break;
    }
  }
  // Reached the first chunk without a replay start: the tail is the whole session.
  if (completeFrom === undefined) return decodeAll(tail.reverse());
  const first = await db.transaction('chunks').store.index('bySessionTime').openCursor(range, 'next');
  const head = first && !tail.some((c) => c.pageId === first.value.pageId && c.seq === first.value.seq);
  // The first chunk is in the tail: the tail is every chunk.
  if (!head) return decodeAll(tail.reverse());
  return { ...(await decodeAll([first.value, ...tail.reverse()])), completeFrom };
}

export async function readSessionEventsAfter(
  db: TandemDb,
  sessionId: string,
  afterTs: number,
  seen: ReadonlySet<string>,
): Promise<SessionEvents> {
  const range = IDBKeyRange.bound([sessionId, afterTs - 60_000], [sessionId, Infinity]);
  const chunks = await db.getAllFromIndex('chunks', 'bySessionTime', range);
  return decodeAll(
    chunks.filter((c) => batchKeys(c).some((key) => !seen.has(key))),
    seen,
  );
}

/**
 * A chunk's events of the batches not in `seen`. A compacted chunk whose batch counts do not add up is one
 * unit, seen with its first batch.
 */
function unseenEvents(chunk: ChunkRecord, events: StoredEvent[], seen: ReadonlySet<string>): StoredEvent[] {
  if (seen.size === 0) return events;
  const counts = chunk.batchCounts;
  const keys = batchKeys(chunk);
  if (!counts || counts.length !== keys.length || counts.reduce((n, c) => n + c, 0) !== events.length)
    return seen.has(keys[0]!) ? [] : events;
  const out: StoredEvent[] = [];
  let at = 0;
  counts.forEach((count, i) => {
    if (!seen.has(keys[i]!)) out.push(...events.slice(at, at + count));
    at += count;
  });
  return out;
}

/** The chunks' events, bridged over unreadable ones (gaps.ts); `seen` batches are left out (live reads). */
export async function decodeAll(chunks: ChunkRecord[], seen: ReadonlySet<string> = new Set()): Promise<SessionEvents> {
  const read: ReadChunk[] = [];
  const problems: string[] = [];
  for (const chunk of chunks) {
    const { pageId, seq, firstTs, lastTs } = chunk;
    try {
      read.push({ pageId, seq, firstTs, lastTs, events: unseenEvents(chunk, await decodeEvents(chunk), seen) });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      problems.push(`chunk ${pageId}/${seq}: ${error}`);
      read.push({ pageId, seq, firstTs, lastTs, error });
    }
  }
  return { ...bridgeGaps(read), problems, chunks: chunks.flatMap(batchKeys) };
}
