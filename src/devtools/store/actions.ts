/** Every change the panel's state can go through; reduce() in store.ts applies them, each slice takes its part. */
import type { ReplayGap } from '../../shared/db/gaps';
import type { StoredEvent } from '../../shared/db/read';
import type { LookupMatch } from '../../shared/db/lookup';
import type { RequestRecord, SessionSummary, TraceRecord } from '../../shared/model';
import type { TabState, TraceSourceStatus } from '../../shared/protocol';
import type { TracesSettings } from '../../shared/settings';
import type { DetailsTab, PaneName } from '../app/view-state';

/** A session's events as read from storage, with one line per part that could not be read. */
export interface Replay {
  sessionId: string;
  events: StoredEvent[];
  problems: string[];
  /** Where unreadable parts left holes, and where the replay draws again after each; absent: none. */
  gaps?: readonly ReplayGap[];
  /** A partial first read (readEventsTail): events are complete from this epoch time on; the rest follows. */
  completeFrom?: number;
}

export type Action =
  // library
  | { type: 'sessions'; sessions: SessionSummary[] }
  | { type: 'select'; sessionId: string | null }
  // finding a pasted id (the library's search box, a deep link)
  | { type: 'lookup-started'; text: string }
  | { type: 'lookup-done'; text: string; matches: LookupMatch[] }
  | { type: 'lookup-invalid'; text: string }
  | { type: 'library-query'; query: string }
  // the controlled tab
  | { type: 'tab'; tab: TabState }
  | { type: 'instant-replay-saved'; sessionId: string }
  // replay: loading, then what the Player reports and what it is asked to do
  | { type: 'replay-loaded'; replay: Replay }
  | { type: 'replay-ready'; total: number }
  | { type: 'playback-time'; time: number }
  | { type: 'playback-finished' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'seek'; time: number }
  /** Seek to an epoch time: converted to an offset once the session's first event is known. */
  | { type: 'seek-at'; at: number }
  | { type: 'speed'; speed: number }
  | { type: 'skip-inactive'; on: boolean }
  // requests
  | { type: 'requests-loaded'; sessionId: string; requests: RequestRecord[] }
  | { type: 'select-request'; requestId: string | null }
  /** The live session's events stored since the last read, in time order (live mode). */
  | { type: 'events-appended'; sessionId: string; events: StoredEvent[] }
  // backend traces
  | { type: 'traces-loaded'; sessionId: string; traces: TraceRecord[] }
  | { type: 'trace-sources'; sources: TraceSourceStatus[] }
  | { type: 'trace-link-settings'; settings: Pick<TracesSettings, 'sources' | 'spotlight'> }
  /** privacy.replayRemoteResources, read with the other settings the panel uses. */
  | { type: 'replay-settings'; remoteResources: boolean }
  // what the panel shows
  | { type: 'pane'; pane: PaneName }
  | { type: 'details-tab'; tab: DetailsTab }
  | { type: 'close-details' }
  /** Whether the panel follows the live edge of a recording session (the player and the request list). */
  | { type: 'follow-live'; follow: boolean }
  // notices
  | { type: 'error'; message: string | null }
  | { type: 'warning'; message: string }
  | { type: 'dismiss-warnings' };
