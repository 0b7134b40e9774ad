/**
 * What is kept: instant-replay buffers are cut to their window (always at a full snapshot, so what
 * remains can be replayed), and the oldest unpinned finished sessions are evicted when the storage budget
 * is exceeded or IndexedDB runs out of quota. Live sessions are never evicted. The policy lives here; the
 * store does the writes.
 */
import { encodeChunk } from '../shared/chunk-codec';
import { decodeEvents, type StoredEvent } from '../shared/db/read';
import type { ChunkRecord, SessionRecord } from '../shared/model';
import { replayStartIndex } from '../shared/rrweb-events';
import type { SessionStore } from './store/session-store';

export class Retention {
  constructor(private readonly store: SessionStore) {}

  /**
   * Drops a buffer's chunks older than the last full snapshot at or before `cutoffTs`, and with `trim`
   * also the events before that snapshot inside its chunk, so the session starts exactly at it.
   */
  async cutBuffer(sessionId: string, cutoffTs: number, trim: boolean): Promise<void> {
    const chunks = await this.store.chunksOf(sessionId);
    const anchor = chunks.filter((c) => c.snapshotTs != null && c.snapshotTs <= cutoffTs).at(-1);
    if (!anchor) return;
    const drop = chunks.filter((c) => c.firstTs < anchor.firstTs && c !== anchor);
    // Trimmed (and compressed) before the store's transaction opens: it commits at the first idle await.
    const trimmed = trim ? await trimToSnapshot(anchor) : null;
    if (drop.length === 0 && !trimmed) return;
    await this.store.cutChunks(sessionId, {
      drop,
      replace: trimmed ? { old: anchor, next: trimmed } : null,
      // The request index follows the events: requests from before the cut go with their spans.
      requestsBefore: anchor.firstTs,
      startedAt: (trimmed ?? anchor).firstTs,
    });
  }

  /**
   * Keeps a buffer within `maxBytes` by dropping its oldest part: it then starts at the earliest replay start
   * (a full snapshot) after which it fits. False when even its newest replay start leaves it over: only a
   * new buffer (which begins with a full snapshot) can then bring it under.
   */
  async capBuffer(sessionId: string, maxBytes: number): Promise<boolean> {
    const chunks = await this.store.chunksOf(sessionId);
    let suffix = chunks.reduce((n, c) => n + c.bytes.byteLength, 0);
    if (suffix <= maxBytes) return true;
    for (const c of chunks) {
      if (c.snapshotTs != null && suffix <= maxBytes) {
        await this.cutBuffer(sessionId, c.snapshotTs, false);
        return true;
      }
      suffix -= c.bytes.byteLength;
    }
    return false;
  }

  /** Drops a buffer's oldest replayable part (up to its second replay start); false when it has only one. */
  async dropOldestSegment(sessionId: string): Promise<boolean> {
    const chunks = await this.store.chunksOf(sessionId);
    const first = chunks[0];
    const next = chunks.find((c) => c !== first && c.snapshotTs != null && c.firstTs > (first?.firstTs ?? 0));
    if (next?.snapshotTs == null) return false;
    await this.cutBuffer(sessionId, next.snapshotTs, false);
    return true;
  }

  /**
   * Evicts oldest-first until the sessions fit in `budgetBytes`; returns what was deleted. Buffers do not
   * count: each has a cap of its own, and a page that floods its own buffer must not push saved sessions out.
   */
  async enforceBudget(budgetBytes: number): Promise<SessionRecord[]> {
    const all = await this.store.all();
    let total = all.reduce((n, s) => n + (s.status === 'buffer' ? 0 : s.storedBytes), 0);
    const deleted: SessionRecord[] = [];
    for (const victim of evictionOrder(all)) {
      if (total <= budgetBytes) break;
      await this.store.deleteSession(victim.id);
      total -= victim.storedBytes;
      deleted.push(victim);
    }
    return deleted;
  }

  /** Out of quota: evicts the oldest evictable session; returns it, or null when nothing can go. */
  async evictOldest(): Promise<SessionRecord | null> {
    const victim = evictionOrder(await this.store.all())[0];
    if (!victim) return null;
    await this.store.deleteSession(victim.id);
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
