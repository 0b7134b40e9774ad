/**
 * Pure questions asked of recorded rrweb events, by the background today and by the content script or panel
 * later: where a replay can start, which events are a person's doing, and a batch's summary as stored with it.
 */
import { EventType, IncrementalSource } from '@rrweb/types';

/** The least of an rrweb event these helpers read: checked by `recordedEventSchema` before they see it. */
export interface EventShape {
  type: number;
  timestamp: number;
  data?: unknown;
}

/** What the store keeps of a batch besides its bytes (ChunkRecord) and adds to its session's counters. */
export interface BatchMeta {
  count: number;
  firstTs: number;
  lastTs: number;
  /** Newest user action in the batch (input, click, scroll, navigation), or null. */
  lastActivityTs: number | null;
  snapshotTs: number | null;
}

/** Index of the event a replay can start from: the Meta event right before a full snapshot, or the snapshot. */
export function replayStartIndex(events: readonly { type: number }[]): number {
  const snap = events.findIndex((e) => e.type === EventType.FullSnapshot);
  if (snap < 0) return -1;
  return snap > 0 && events[snap - 1]!.type === EventType.Meta ? snap - 1 : snap;
}

/** rrweb incremental sources that mean a person did something: mouse, scroll, input, touch. */
const ACTIVITY_SOURCES: ReadonlySet<number> = new Set([
  IncrementalSource.MouseMove,
  IncrementalSource.MouseInteraction,
  IncrementalSource.Scroll,
  IncrementalSource.Input,
  IncrementalSource.TouchMove,
]);

/** A person's doing: a navigation (Meta) or an incremental snapshot from the mouse, scroll, input or touch. */
export function isActivity(e: Pick<EventShape, 'type' | 'data'>): boolean {
  if (e.type === EventType.Meta) return true;
  if (e.type !== EventType.IncrementalSnapshot) return false;
  const source = (e.data as { source?: unknown } | undefined)?.source;
  return typeof source === 'number' && ACTIVITY_SOURCES.has(source);
}

/** A batch's summary; `events` must not be empty (the protocol refuses an empty batch). */
export function batchMeta(events: readonly EventShape[]): BatchMeta {
  let firstTs = Infinity;
  let lastTs = -Infinity;
  let lastActivityTs: number | null = null;
  for (const e of events) {
    firstTs = Math.min(firstTs, e.timestamp);
    lastTs = Math.max(lastTs, e.timestamp);
    if (isActivity(e)) lastActivityTs = Math.max(lastActivityTs ?? 0, e.timestamp);
  }
  const start = replayStartIndex(events);
  return {
    count: events.length,
    firstTs,
    lastTs,
    lastActivityTs,
    snapshotTs: start < 0 ? null : events[start]!.timestamp,
  };
}
