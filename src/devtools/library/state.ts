/** The library slice: the stored sessions, newest first, and which one is selected. */
import type { SessionSummary } from '../../shared/model';
import type { Action } from '../store/actions';

export interface LibraryState {
  sessions: SessionSummary[];
  selectedId: string | null;
}

export const initialLibrary: LibraryState = { sessions: [], selectedId: null };

export function reduceLibrary(state: LibraryState, action: Action): LibraryState {
  switch (action.type) {
    case 'sessions': {
      // A session deleted elsewhere (another panel, eviction) cannot stay selected.
      const stillThere = action.sessions.some((s) => s.id === state.selectedId);
      return { sessions: action.sessions, selectedId: stillThere ? state.selectedId : null };
    }
    case 'select':
      return action.sessionId === state.selectedId ? state : { ...state, selectedId: action.sessionId };
    default:
      return state;
  }
}
