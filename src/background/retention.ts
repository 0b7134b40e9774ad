/**
 * What is kept: instant-replay buffers are cut to their window (always at a full snapshot, so what
 * remains can be replayed), and the oldest unpinned finished sessions are evicted when the storage budget
 * is exceeded or IndexedDB runs out of quota. Live sessions are never evicted.
 */
import { encodeChunk } from '../shared/chunk-codec';
import { decodeEvents, sessionChunks, type StoredEvent } from '../shared/db/read';
import type { ChunkRecord, SessionRecord } from '../shared/model';
import type { SessionStore } from './session-store';

/** Index of the event a replay can start from: the Meta event right before a full snapshot, or the snapshot. */
export function replayStartIndex(events: { type: number }[]): number {
  const snap = events.findIndex((e) => e.type === 2);
  if (snap < 0) return -1;
  return snap > 0 && events[snap - 1]!.type === 4 ? snap - 1 : snap;
}

export class Retention {
  constructor(private readonly store: SessionStore) {}

  /**
   * Drops a buffer's chunks older than the last full snapshot at or before `cutoffTs`, and with `trim`
   * also the events before that snapshot inside its chunk, so the session starts exactly at it.
   */
  async cutBuffer(sessionId: string, cutoffTs: number, trim: boolean): Promise<void> {
    const db = await this.store.db();
    const chunks = await sessionChunks(db, sessionId);
    const anchor = chunks.filter((c) => c.snapshotTs != null && c.snapshotTs <= cutoffTs).at(-1);
    if (!anchor) return;
    const drop = chunks.filter((c) => c.firstTs < anchor.firstTs && c !== anchor);
    const replaced = trim ? await trimToSnapshot(anchor) : null;
    if (drop.length === 0 && !replaced) return;

    const tx = db.transaction(['sessions', 'chunks', 'requests'], 'readwrite');
    for (const c of drop) void tx.objectStore('chunks').delete([c.sessionId, c.pageId, c.seq]);
    // The request index follows the events: requests from before the cut go with their spans.
    const older = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, anchor.firstTs], false, true);
    for (const key of await tx.objectStore('requests').index('bySessionTime').getAllKeys(older))
      void tx.objectStore('requests').delete(key);
    if (replaced) void tx.objectStore('chunks').put(replaced);
    const session = await tx.objectStore('sessions').get(sessionId);
    if (session) {
      const removed = [...drop, ...(replaced ? [anchor] : [])];
      const added = replaced ? [replaced] : [];
      const sum = (list: ChunkRecord[], f: (c: ChunkRecord) => number) => list.reduce((n, c) => n + f(c), 0);
      void tx.objectStore('sessions').put({
        ...session,
        startedAt: (replaced ?? anchor).firstTs,
        eventCount: session.eventCount - sum(removed, (c) => c.count) + sum(added, (c) => c.count),
        chunkCount: session.chunkCount - drop.length,
        storedBytes:
          session.storedBytes - sum(removed, (c) => c.bytes.byteLength) + sum(added, (c) => c.bytes.byteLength),
        rawBytes: session.rawBytes - sum(removed, (c) => c.rawBytes) + sum(added, (c) => c.rawBytes),
      });
    }
    await tx.done;
  }

  /** Evicts oldest-first until the finished sessions fit in `budgetBytes`; returns what was deleted. */
  async enforceBudget(budgetBytes: number): Promise<SessionRecord[]> {
    const all = await (await this.store.db()).getAll('sessions');
    let total = all.reduce((n, s) => n + s.storedBytes, 0);
    const deleted: SessionRecord[] = [];
    for (const victim of evictionOrder(all)) {
      if (total <= budgetBytes) break;
      await this.store.delete(victim.id);
      total -= victim.storedBytes;
      deleted.push(victim);
    }
    return deleted;
  }

  /** Out of quota: evicts the oldest evictable session; returns it, or null when nothing can go. */
  async evictOldest(): Promise<SessionRecord | null> {
    const victim = evictionOrder(await (await this.store.db()).getAll('sessions'))[0];
    if (!victim) return null;
    await this.store.delete(victim.id);
    return victim;
  }
}

function evictionOrder(sessions: SessionRecord[]): SessionRecord[] {
  return sessions
    .filter((s) => !s.pinned && (s.status === 'complete' || s.status === 'interrupted'))
    .sort((a, b) => a.startedAt - b.startedAt);
}

async function trimToSnapshot(chunk: ChunkRecord): Promise<ChunkRecord | null> {
  let events: StoredEvent[];
  try {
    events = await decodeEvents(chunk);
  } catch {
    return null;
  }
  const start = replayStartIndex(events);
  if (start <= 0) return null;
  const kept = events.slice(start);
  const encoded = await encodeChunk(JSON.stringify(kept));
  return {
    ...chunk,
    firstTs: Math.min(...kept.map((e) => e.timestamp)),
    count: kept.length,
    codec: encoded.codec,
    bytes: encoded.bytes,
    rawBytes: encoded.rawBytes,
  };
}
