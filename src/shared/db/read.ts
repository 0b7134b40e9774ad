/** Read-side queries shared by the background and the panel. */
import { decodeChunk } from '../chunk-codec';
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
  /** The chunks read (`pageId/seq`), so a live reader asks only for the ones stored after. */
  chunks?: string[];
  /**
   * Set on a partial read (readSessionEventsTail): the events are complete from this time on (the last
   * replay start); before it there is only the session's first chunk, which fixes the time origin.
   */
  completeFrom?: number;
}

const chunkKey = (c: Pick<ChunkRecord, 'pageId' | 'seq'>) => `${c.pageId}/${c.seq}`;

export async function listSessions(db: TandemDb): Promise<SessionRecord[]> {
  const all = await db.getAllFromIndex('sessions', 'byStartedAt');
  return all.reverse();
}

export function sessionChunks(db: TandemDb, sessionId: string): Promise<ChunkRecord[]> {
  const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
  return db.getAllFromIndex('chunks', 'bySessionTime', range);
}

export async function decodeEvents(chunk: ChunkRecord): Promise<StoredEvent[]> {
  const parsed = recordedEventsSchema.safeParse(JSON.parse(await decodeChunk(chunk)));
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid events');
  return parsed.data;
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
  return decodeAll(chunks.filter((c) => !seen.has(chunkKey(c))));
}

async function decodeAll(chunks: ChunkRecord[]): Promise<SessionEvents> {
  const read: ReadChunk[] = [];
  const problems: string[] = [];
  for (const chunk of chunks) {
    const { pageId, seq, firstTs, lastTs } = chunk;
    try {
      read.push({ pageId, seq, firstTs, lastTs, events: await decodeEvents(chunk) });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      problems.push(`chunk ${pageId}/${seq}: ${error}`);
      read.push({ pageId, seq, firstTs, lastTs, error });
    }
  }
  return { ...bridgeGaps(read), problems, chunks: chunks.map(chunkKey) };
}
