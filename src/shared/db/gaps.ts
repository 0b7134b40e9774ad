/**
 * Holes in a session: chunks whose bytes cannot be read. Their records keep their time range, so the panel can
 * mark what is missing; the document's incremental events after a hole are dropped until its next full
 * snapshot, because they change nodes the lost chunk added or moved and would draw a page that never existed.
 */
import { EventType } from '@rrweb/types';
import { replayStartIndex } from '../rrweb-events';
import type { StoredEvent } from './read';

export interface ReplayGap {
  /** The unreadable chunks' time range, epoch ms. */
  from: number;
  to: number;
  /** The document's next full snapshot, where the replay draws again; null when the document has none after. */
  resumesAt: number | null;
  /** Unreadable chunks in this hole. */
  chunks: number;
}

/** One chunk as read: its events, or why they could not be read. */
export type ReadChunk = { pageId: string; seq: number; firstTs: number; lastTs: number } & (
  | { events: StoredEvent[] }
  | { error: string }
);

/** Every readable event that can still be drawn, and the holes, in time order. */
export function bridgeGaps(chunks: readonly ReadChunk[]): { events: StoredEvent[]; gaps: ReplayGap[] } {
  const byPage = new Map<string, ReadChunk[]>();
  for (const c of chunks) byPage.set(c.pageId, [...(byPage.get(c.pageId) ?? []), c]);
  const events: StoredEvent[] = [];
  const gaps: ReplayGap[] = [];
  for (const pageChunks of byPage.values()) {
    let open: ReplayGap | null = null;
    for (const c of [...pageChunks].sort((a, b) => a.seq - b.seq)) {
      if ('error' in c) {
        if (open) {
          open.from = Math.min(open.from, c.firstTs);
          open.to = Math.max(open.to, c.lastTs);
          open.chunks++;
        } else {
          open = { from: c.firstTs, to: c.lastTs, resumesAt: null, chunks: 1 };
          gaps.push(open);
        }
        continue;
      }
      if (!open) {
        events.push(...c.events);
        continue;
      }
      const start = replayStartIndex(c.events);
      const drawable = start < 0 ? c.events.length : start;
      events.push(...c.events.slice(0, drawable).filter((e) => e.type !== EventType.IncrementalSnapshot));
      if (start < 0) continue;
      open.resumesAt = c.events[start]!.timestamp;
      open = null;
      events.push(...c.events.slice(start));
    }
  }
  // Documents of one session can overlap by a few ms at a navigation; the Replayer wants time order.
  events.sort((a, b) => a.timestamp - b.timestamp);
  gaps.sort((a, b) => a.from - b.from);
  return { events, gaps };
}
