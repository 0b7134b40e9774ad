/**
 * The replay slice: the selected session's events and the playback cursor. The cursor is the one clock of
 * the panel: the Player reports time and playing into it, and anything (controls, a future timeline) seeks
 * by asking here; the Player follows.
 */
import type { Action, Frames, Replay } from '../store/actions';

export type { Frames, Replay };

export interface PlaybackCursor {
  /** Milliseconds since the session's first event. */
  time: number;
  playing: boolean;
  speed: number;
  /** Fast-forward through stretches where the user did nothing (rrweb's skipInactive); on by default. */
  skipInactive: boolean;
  /** The session's length in milliseconds; 0 until the Player has read it. */
  total: number;
}

/** A seek the Player has to follow: a new object per request, so seeking twice to one time seeks twice. */
export interface SeekRequest {
  time: number;
}

export interface ReplayState {
  /** The session shown (or loading); null when none is selected. */
  sessionId: string | null;
  loading: boolean;
  loaded: Replay | null;
  cursor: PlaybackCursor;
  seek: SeekRequest | null;
  /** An epoch time to seek to once the events are loaded (their first timestamp makes it an offset). */
  pendingAt: number | null;
}

const STOPPED: PlaybackCursor = { time: 0, playing: false, speed: 1, skipInactive: true, total: 0 };

/** The slice for a newly selected session: loading if there is one, cursor at rest. */
export function openReplay(sessionId: string | null): ReplayState {
  return { sessionId, loading: sessionId !== null, loaded: null, cursor: STOPPED, seek: null, pendingAt: null };
}

export function reduceReplay(state: ReplayState, action: Action): ReplayState {
  const cursor = state.cursor;
  switch (action.type) {
    case 'replay-loaded':
      // A late answer for a session no longer selected is dropped.
      if (action.replay.sessionId !== state.sessionId) return state;
      return seekAt({ ...state, loaded: action.replay, loading: false }, state.pendingAt);
    case 'frames-loaded':
      if (action.sessionId !== state.sessionId || !state.loaded) return state;
      return { ...state, loaded: { ...state.loaded, frames: action.frames } };
    case 'events-appended': {
      // Live mode: the newest events extend the session; the Player adds them to its Replayer.
      if (action.sessionId !== state.sessionId || !state.loaded) return state;
      const events = [...state.loaded.events, ...action.events];
      const total = Math.max(cursor.total, (events.at(-1)?.timestamp ?? 0) - (events[0]?.timestamp ?? 0));
      const next = { ...state, loaded: { ...state.loaded, events }, cursor: { ...cursor, total } };
      // Paused at the live edge, the player follows it: the newest frame is what the developer wants to see.
      const atEdge = !cursor.playing && cursor.total > 0 && cursor.time >= cursor.total - 1;
      return atEdge ? reduceReplay(next, { type: 'seek', time: total }) : next;
    }
    case 'error':
      return action.message && state.loading ? { ...state, loading: false } : state;
    case 'replay-ready': {
      // The Player opens on the last frame, unless a seek came first (it follows that one).
      const time = state.seek ? Math.min(state.seek.time, action.total) : action.total;
      return { ...state, cursor: { ...cursor, total: action.total, time } };
    }
    case 'playback-time':
      // A frame reported after a pause must not move the cursor away from where the pause left it.
      return cursor.playing ? { ...state, cursor: { ...cursor, time: action.time } } : state;
    case 'playback-finished':
      // The Replayer also reports a finish for opening paused on the last frame, and that report can come after
      // a seek (a deep link's): only a finish of playing moves the cursor to the end.
      return cursor.playing ? { ...state, cursor: { ...cursor, playing: false, time: cursor.total } } : state;
    case 'play':
      if (cursor.playing) return state;
      // Play at the end starts again from the beginning.
      return { ...state, cursor: { ...cursor, playing: true, time: cursor.time >= cursor.total ? 0 : cursor.time } };
    case 'pause':
      return cursor.playing ? { ...state, cursor: { ...cursor, playing: false } } : state;
    case 'seek': {
      const time = Math.max(0, cursor.total > 0 ? Math.min(action.time, cursor.total) : action.time);
      return { ...state, cursor: { ...cursor, time }, seek: { time } };
    }
    case 'seek-at':
      return seekAt(state, action.at);
    case 'speed':
      return { ...state, cursor: { ...cursor, speed: action.speed } };
    case 'skip-inactive':
      return cursor.skipInactive === action.on ? state : { ...state, cursor: { ...cursor, skipInactive: action.on } };
    default:
      return state;
  }
}

/** A seek to an epoch time, as an offset from the first event; kept pending until the events are there. */
function seekAt(state: ReplayState, at: number | null): ReplayState {
  if (at === null) return state;
  const first = state.loaded?.events[0]?.timestamp;
  if (first === undefined) return state.loaded ? { ...state, pendingAt: null } : { ...state, pendingAt: at };
  return reduceReplay({ ...state, pendingAt: null }, { type: 'seek', time: at - first });
}
