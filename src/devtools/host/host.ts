/**
 * What the panel app needs from its surroundings. The app never touches chrome.*: the DevTools panel,
 * the standalone viewer, the popup and unit tests each provide a Host.
 */
import type { LookupMatch } from '../../shared/db/lookup';
import type { SessionEvents } from '../../shared/db/read';
import type { Segment, SessionOutline } from '../../shared/db/segments';
import type { LookupQuery } from '../../shared/lookup-id';
import type { RequestRecord, TraceRecord } from '../../shared/model';
import type { PanelClient } from '../../shared/rpc';

export interface Host {
  kind: 'devtools' | 'viewer' | 'popup' | 'test';
  /** The tab the UI controls: DevTools' inspected tab, the popup's active tab; null in the viewer. */
  tabId: number | null;
  call: PanelClient['call'];
  onNotice: PanelClient['onNotice'];
  readEvents(sessionId: string): Promise<SessionEvents>;
  /** What a finished session's first frame needs: its first chunk and its last replay start on (completeFrom). */
  readEventsTail(sessionId: string): Promise<SessionEvents>;
  /**
   * Every chunk once, segment by segment (shared/db/segments.ts): the lists' events of the whole session, its
   * segments, and the full events of those that fit `keepRawBytes`.
   */
  readEventsOutline(sessionId: string, keepRawBytes: number): Promise<SessionOutline>;
  /** One segment's events, for the player's part of a session read in segments. */
  readSegment(sessionId: string, segment: Segment): Promise<SessionEvents>;
  /** The session's requests in start-time order. */
  readRequests(sessionId: string): Promise<RequestRecord[]>;
  /** The session's stored backend traces; with `traceId`, that one trace (an empty list when not stored yet). */
  readTraces(sessionId: string, traceId?: string): Promise<TraceRecord[]>;
  /** A live session's events in chunks not in `seen` (chunk keys a read returned), near or after `afterTs`. */
  readEventsAfter(sessionId: string, afterTs: number, seen: ReadonlySet<string>): Promise<SessionEvents>;
  /** Where a pasted id was recorded: sessions, requests and moments, newest session first. */
  lookup(query: LookupQuery): Promise<LookupMatch[]>;
  openViewer?: () => void;
}
