/**
 * The traces slice: the selected session's stored backend traces (by trace id) and every trace source's live
 * status. Traces arrive with the session and one by one after (`trace-stored` notices); a late answer for a
 * session no longer selected is dropped.
 */
import type { TraceRecord } from '../../shared/model';
import type { TraceSourceStatus } from '../../shared/protocol';
import type { TracesSettings } from '../../shared/settings';
import type { Action } from '../store/actions';

export interface TracesState {
  sessionId: string | null;
  byId: Readonly<Record<string, TraceRecord>>;
  /** null until the background answered getTraceSources. */
  sources: TraceSourceStatus[] | null;
  /** What deep links to each source's UI need (traceLinks); null until the settings were read. */
  linkSettings: Pick<TracesSettings, 'sources' | 'spotlight'> | null;
}

export const initialTraces: TracesState = { sessionId: null, byId: {}, sources: null, linkSettings: null };

export function openTraces(state: TracesState, sessionId: string | null): TracesState {
  return { sessionId, byId: {}, sources: state.sources, linkSettings: state.linkSettings };
}

export function reduceTraces(state: TracesState, action: Action): TracesState {
  switch (action.type) {
    case 'traces-loaded': {
      if (action.sessionId !== state.sessionId) return state;
      const byId: Record<string, TraceRecord> = { ...state.byId };
      for (const t of action.traces) byId[t.traceId] = t;
      return { ...state, byId };
    }
    case 'trace-sources':
      // Polled every few seconds: an unchanged answer must not re-render every pane that reads the slice.
      return JSON.stringify(action.sources) === JSON.stringify(state.sources)
        ? state
        : { ...state, sources: action.sources };
    case 'trace-link-settings':
      return { ...state, linkSettings: action.settings };
    default:
      return state;
  }
}
