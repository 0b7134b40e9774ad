/** The tab slice: recording state of the tab the UI controls (DevTools' inspected tab, the popup's tab). */
import type { TabState } from '../../shared/protocol';
import type { Action } from '../store/actions';

export interface TabSlice {
  /** Null until the background answered, and in the viewer, which controls no tab. */
  state: TabState | null;
  /** The session the last "Save last N min" created. */
  savedSessionId: string | null;
}

export const initialTab: TabSlice = { state: null, savedSessionId: null };

export function reduceTab(slice: TabSlice, action: Action): TabSlice {
  switch (action.type) {
    case 'tab':
      return { ...slice, state: action.tab };
    case 'instant-replay-saved':
      return { ...slice, savedSessionId: action.sessionId };
    default:
      return slice;
  }
}
