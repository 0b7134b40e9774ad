/** The requests slice: the selected session's requests in start-time order, read with its replay. */
import type { RequestRecord } from '../../shared/model';
import type { Action } from '../store/actions';

export interface RequestsState {
  /** The session these requests are of (or are loading for); null when none is selected. */
  sessionId: string | null;
  loading: boolean;
  records: RequestRecord[];
  /** The request the user (or a deep link) picked; kept for the request table to show. */
  selectedId: string | null;
}

/** The slice for a newly selected session: loading if there is one. */
export function openRequests(sessionId: string | null): RequestsState {
  return { sessionId, loading: sessionId !== null, records: [], selectedId: null };
}

export function reduceRequests(state: RequestsState, action: Action): RequestsState {
  switch (action.type) {
    case 'requests-loaded':
      // A late answer for a session no longer selected is dropped.
      if (action.sessionId !== state.sessionId) return state;
      return { ...state, loading: false, records: action.requests };
    case 'select-request':
      return action.requestId === state.selectedId ? state : { ...state, selectedId: action.requestId };
    case 'error':
      return action.message && state.loading ? { ...state, loading: false } : state;
    default:
      return state;
  }
}
