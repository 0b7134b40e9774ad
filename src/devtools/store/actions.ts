/** Every change the panel's state can go through; reduce() in store.ts applies them, each slice takes its part. */
import type { StoredEvent } from '../../shared/db/read';
import type { LookupMatch } from '../../shared/db/lookup';
import type { RequestRecord, SessionSummary } from '../../shared/model';
import type { TabState } from '../../shared/protocol';

/** A session's events as read from storage, with one line per part that could not be read. */
export interface Replay {
  sessionId: string;
  events: StoredEvent[];
  problems: string[];
}

export type Action =
  // library
  | { type: 'sessions'; sessions: SessionSummary[] }
  | { type: 'select'; sessionId: string | null }
  // finding a pasted id (the library's search box, a deep link)
  | { type: 'lookup-started'; text: string }
  | { type: 'lookup-done'; text: string; matches: LookupMatch[] }
  | { type: 'lookup-invalid'; text: string }
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
  // requests
  | { type: 'requests-loaded'; sessionId: string; requests: RequestRecord[] }
  | { type: 'select-request'; requestId: string | null }
  // notices
  | { type: 'error'; message: string | null }
  | { type: 'warning'; message: string }
  | { type: 'dismiss-warnings' };
