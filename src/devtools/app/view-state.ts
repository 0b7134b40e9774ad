/**
 * The view slice: what the panel shows, as opposed to what the session holds. Which list is open (Requests,
 * Console, Errors, Actions), whether the selected request's details are open and on which tab, and whether
 * the panel follows the live edge of a session that is still recording.
 */
import type { Action, TimeRange } from '../store/actions';

export const PANES = ['requests', 'console', 'errors', 'actions'] as const;
export type PaneName = (typeof PANES)[number];

export const DETAILS_TABS = ['headers', 'timing', 'trace', 'metrics', 'response'] as const;
export type DetailsTab = (typeof DETAILS_TABS)[number];

export interface ViewState {
  pane: PaneName;
  detailsOpen: boolean;
  detailsTab: DetailsTab;
  /** On by default: a live session opens at its edge and stays there until the user seeks or scrolls away. */
  followLive: boolean;
  /** privacy.replayRemoteResources: whether the replay may load the recorded site's resources. */
  remoteResources: boolean;
  /**
   * The stretch the timeline is zoomed to; null: all of the session. The lists show only what falls in it, as
   * Chrome's Network panel lists only the requests of the stretch picked in its overview.
   */
  range: TimeRange | null;
}

export const initialView: ViewState = {
  pane: 'requests',
  detailsOpen: false,
  detailsTab: 'trace',
  followLive: true,
  remoteResources: true,
  range: null,
};

export function reduceView(state: ViewState, action: Action): ViewState {
  switch (action.type) {
    case 'pane':
      return state.pane === action.pane ? state : { ...state, pane: action.pane };
    case 'select-request':
      // Picking a request opens its details on the Requests list; clearing the pick closes them.
      if (action.requestId === null) return state.detailsOpen ? { ...state, detailsOpen: false } : state;
      return { ...state, pane: 'requests', detailsOpen: true };
    case 'details-tab':
      return { ...state, detailsTab: action.tab, detailsOpen: true };
    case 'close-details':
      return state.detailsOpen ? { ...state, detailsOpen: false } : state;
    case 'replay-settings':
      return state.remoteResources === action.remoteResources
        ? state
        : { ...state, remoteResources: action.remoteResources };
    case 'follow-live':
      return state.followLive === action.follow ? state : { ...state, followLive: action.follow };
    case 'time-range':
      return { ...state, range: action.range };
    case 'select':
      return !state.detailsOpen && state.followLive && !state.range
        ? state
        : { ...state, detailsOpen: false, followLive: true, range: null };
    default:
      return state;
  }
}
