/** The panel's state changes in one place: every action goes through reduce(), which has its own tests. */
import type { StoredEvent } from '../../shared/db/read';
import type { SessionSummary } from '../../shared/model';
import type { TabState } from '../../shared/protocol';

export interface Replay {
  sessionId: string;
  events: StoredEvent[];
  problems: string[];
}

export interface PanelState {
  sessions: SessionSummary[];
  selectedId: string | null;
  tab: TabState | null;
  replay: Replay | null;
  loadingReplay: boolean;
  /** The last error shown to the user, as text. */
  error: string | null;
  /** The latest warnings from the background (sessions evicted, storage full), oldest first, at most 3. */
  warnings: string[];
}

export type Action =
  | { type: 'sessions'; sessions: SessionSummary[] }
  | { type: 'tab'; tab: TabState }
  | { type: 'select'; sessionId: string | null }
  | { type: 'replay-loaded'; replay: Replay }
  | { type: 'error'; message: string | null }
  | { type: 'warning'; message: string }
  | { type: 'dismiss-warnings' };

export const initialState: PanelState = {
  sessions: [],
  selectedId: null,
  tab: null,
  replay: null,
  loadingReplay: false,
  error: null,
  warnings: [],
};

export function reduce(state: PanelState, action: Action): PanelState {
  switch (action.type) {
    case 'sessions': {
      const stillThere = action.sessions.some((s) => s.id === state.selectedId);
      return stillThere
        ? { ...state, sessions: action.sessions }
        : { ...state, sessions: action.sessions, selectedId: null, replay: null, loadingReplay: false };
    }
    case 'tab':
      return { ...state, tab: action.tab };
    case 'select':
      if (action.sessionId === state.selectedId) return state;
      return { ...state, selectedId: action.sessionId, replay: null, loadingReplay: action.sessionId !== null };
    case 'replay-loaded':
      // A late answer for a session no longer selected is dropped.
      if (action.replay.sessionId !== state.selectedId) return state;
      return { ...state, replay: action.replay, loadingReplay: false };
    case 'error':
      return { ...state, error: action.message, loadingReplay: action.message ? false : state.loadingReplay };
    case 'warning':
      return { ...state, warnings: [...state.warnings.filter((w) => w !== action.message), action.message].slice(-3) };
    case 'dismiss-warnings':
      return { ...state, warnings: [] };
  }
}
