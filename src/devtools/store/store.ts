/**
 * The panel's one store. State changes in one place: every action goes through reduce(), which hands it to
 * each feature's slice; reducers are pure and tested on their own. Components read slices with useStore().
 */
import { initialView, reduceView, type ViewState } from '../app/view-state';
import { initialTab, reduceTab, type TabSlice } from '../controls/state';
import { initialLibrary, type LibraryState, reduceLibrary } from '../library/state';
import { initialNotices, type NoticesState, reduceNotices } from '../notices/state';
import { openReplay, type ReplayState, reduceReplay } from '../replay/state';
import { openRequests, type RequestsState, reduceRequests } from '../requests/state';
import { initialTraces, openTraces, reduceTraces, type TracesState } from '../trace/state';
import type { Action } from './actions';

export type { Action, Replay } from './actions';

export interface PanelState {
  library: LibraryState;
  tab: TabSlice;
  replay: ReplayState;
  requests: RequestsState;
  traces: TracesState;
  notices: NoticesState;
  view: ViewState;
}

export const initialState: PanelState = {
  library: initialLibrary,
  tab: initialTab,
  replay: openReplay(null),
  requests: openRequests(null),
  traces: initialTraces,
  notices: initialNotices,
  view: initialView,
};

/** Returns the same object when nothing changed, so subscribers can compare by identity. */
export function reduce(state: PanelState, action: Action): PanelState {
  const library = reduceLibrary(state.library, action);
  // A new selection, or the selected session gone from the list, starts its replay and requests afresh.
  const reselected = library.selectedId !== state.library.selectedId;
  const next: PanelState = {
    library,
    tab: reduceTab(state.tab, action),
    replay: reselected ? openReplay(library.selectedId) : reduceReplay(state.replay, action),
    requests: reselected ? openRequests(library.selectedId) : reduceRequests(state.requests, action),
    traces: reselected ? openTraces(state.traces, library.selectedId) : reduceTraces(state.traces, action),
    notices: reduceNotices(state.notices, action),
    view: reduceView(state.view, action),
  };
  const changed = (Object.keys(next) as (keyof PanelState)[]).some((k) => next[k] !== state[k]);
  return changed ? next : state;
}

export interface Store {
  getState(): PanelState;
  dispatch(action: Action): void;
  /** Called after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: PanelState = initialState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
