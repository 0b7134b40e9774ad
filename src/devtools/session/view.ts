/**
 * The selected session as the panes show it, derived from the store and memoised by the identity of its
 * inputs: the playback clock ticking does not rebuild the rows, a new request or event does.
 */
import type { StoredEvent } from '../../shared/db/read';
import type { RequestRecord } from '../../shared/model';
import type { PanelState } from '../store/store';
import { type Crumb, readCrumbs } from './crumbs';
import { buildRequestRows, type RequestRow } from './request-rows';

export interface SessionView {
  /** Epoch ms of the first event: the player's time 0. */
  start: number | null;
  rows: RequestRow[];
  crumbs: Crumb[];
}

const EMPTY_EVENTS: StoredEvent[] = [];

export function sessionViewSelector(): (state: PanelState) => SessionView {
  let lastRecords: readonly RequestRecord[] | null = null;
  let lastEvents: readonly StoredEvent[] | null = null;
  let last: SessionView = { start: null, rows: [], crumbs: [] };
  return (state) => {
    const records = state.requests.records;
    const events = state.replay.loaded?.events ?? EMPTY_EVENTS;
    if (records === lastRecords && events === lastEvents) return last;
    const crumbs = events === lastEvents ? last.crumbs : readCrumbs(events);
    lastRecords = records;
    lastEvents = events;
    last = { start: events[0]?.timestamp ?? null, rows: buildRequestRows(records, events), crumbs };
    return last;
  };
}

/**
 * One selector for every pane: the Requests list, the seek bar's markers and the timeline read the same view,
 * so a change builds the rows and breadcrumbs once, not once per pane.
 */
export const sessionView = sessionViewSelector();

/** The player's position as an epoch time, or null before the session is loaded. */
export function playheadTs(state: PanelState): number | null {
  const first = state.replay.loaded?.events[0]?.timestamp;
  return first === undefined ? null : first + state.replay.cursor.time;
}
