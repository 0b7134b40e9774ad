/** The library slice: the stored sessions, newest first, and which one is selected. */
import type { LookupMatch } from '../../shared/db/lookup';
import type { SessionSummary } from '../../shared/model';
import type { Action } from '../store/actions';

export interface LibraryState {
  sessions: SessionSummary[];
  selectedId: string | null;
  /** The last id looked up from the search box or a link, and what was found; null before any. */
  lookup: LookupState | null;
  /** The search box's text: the list shows the sessions it matches (filter.ts). */
  query: string;
}

export interface LookupState {
  text: string;
  status: 'searching' | 'done' | 'invalid';
  matches: LookupMatch[];
}

export const initialLibrary: LibraryState = { sessions: [], selectedId: null, lookup: null, query: '' };

export function reduceLibrary(state: LibraryState, action: Action): LibraryState {
  switch (action.type) {
    case 'sessions': {
      // A session deleted elsewhere (another panel, eviction) cannot stay selected.
      const stillThere = action.sessions.some((s) => s.id === state.selectedId);
      return { ...state, sessions: action.sessions, selectedId: stillThere ? state.selectedId : null };
    }
    case 'select':
      return action.sessionId === state.selectedId ? state : { ...state, selectedId: action.sessionId };
    case 'library-query':
      // New text: what the last lookup said is about other text.
      return action.query === state.query ? state : { ...state, query: action.query, lookup: null };
    case 'lookup-started':
      return { ...state, lookup: { text: action.text, status: 'searching', matches: [] } };
    case 'lookup-done':
      return { ...state, lookup: { text: action.text, status: 'done', matches: action.matches } };
    case 'lookup-invalid':
      return { ...state, lookup: { text: action.text, status: 'invalid', matches: [] } };
    default:
      return state;
  }
}
