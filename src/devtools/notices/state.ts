/** The notices slice: what the user is told went wrong or needs attention. */
import type { Action } from '../store/actions';

export interface NoticesState {
  /** The last error shown to the user, as text. */
  error: string | null;
  /** The latest warnings from the background (sessions evicted, storage full), oldest first, at most 3. */
  warnings: string[];
}

export const initialNotices: NoticesState = { error: null, warnings: [] };

export function reduceNotices(state: NoticesState, action: Action): NoticesState {
  switch (action.type) {
    case 'error':
      return { ...state, error: action.message };
    case 'warning':
      return { ...state, warnings: [...state.warnings.filter((w) => w !== action.message), action.message].slice(-3) };
    case 'dismiss-warnings':
      return { ...state, warnings: [] };
    default:
      return state;
  }
}
