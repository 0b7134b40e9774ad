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
  /**
   * A long session read in segments (app/windows.ts): `events` are then only what the lists need (listEvents),
   * and the player plays `frames`, the part around the playhead. Absent: the player plays `events`.
   */
  frames?: Frames;
  /** The session's last event time (epoch ms) when `events` may end before it (they do with `frames`). */
  end?: number;
}

/** A stretch of a session, epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** The part of a session the player holds: the session's first event (the time origin), then whole segments. */
export interface Frames {
  events: StoredEvent[];
  /** Epoch ms it draws from (a segment's full snapshot). */
  from: number;
  /** Epoch ms it draws until (exclusive; the next segment's start); null: to the session's end. */
  until: number | null;
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
  /** The player's part of a session read in segments changed: another part, or this one grown. */
  | { type: 'frames-loaded'; sessionId: string; frames: Frames }
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
  /** The timeline zoomed to a stretch of the session (epoch ms), or back to all of it (null). */
  | { type: 'time-range'; range: TimeRange | null }
  // notices
  | { type: 'error'; message: string | null }
  | { type: 'warning'; message: string }
  | { type: 'dismiss-warnings' };
