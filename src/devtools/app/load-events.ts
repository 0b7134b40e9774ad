/**
 * Reading a session's events into the store (docs/panel.md, "Opening a long session"). A live session is read
 * whole and then followed (live.ts). A finished one is read in two steps: first what its last frame needs
 * (readEventsTail: its first chunk and its last segment), so the player draws at once; then every chunk once
 * (readEventsOutline), which gives the lists the whole session while the player keeps only a part (windows.ts).
 */
import type { SessionEvents } from '../../shared/db/read';
import { errorText } from '../../shared/error-text';
import type { Host } from '../host/host';
import type { Store } from '../store/store';
import type { LiveReader } from './live';
import { CACHE_RAW_BYTES, type Windows } from './windows';

export interface LoadEvents {
  sessionId: string;
  /** A finished session: tail first, then the outline. Otherwise the whole session in one read. */
  quick: boolean;
  live: LiveReader | null;
  windows: Windows | null;
  /** Runs once the first frame's events are handed over (or their read failed): the requests and traces. */
  afterFirst: () => void;
}

export function loadEvents(
  host: Host,
  store: Store,
  { sessionId, quick, live, windows, afterFirst }: LoadEvents,
): void {
  const { dispatch } = store;
  const fail = (e: unknown) => dispatch({ type: 'error', message: `Could not load the session: ${errorText(e)}` });
  const report = (problems: string[]) => {
    if (problems.length) void host.call('reportProblems', { sessionId, problems }).catch(() => {});
  };
  const loaded = (read: SessionEvents) => {
    live?.loaded(sessionId, read.chunks ?? []);
    const { events, problems, gaps, completeFrom } = read;
    dispatch({ type: 'replay-loaded', replay: { sessionId, events, problems, gaps, completeFrom } });
    if (completeFrom === undefined) report(problems);
  };
  // The lists get all of the session; the player keeps the tail it drew until the playhead leaves it.
  const outline = (tail: SessionEvents, from: number) =>
    host.readEventsOutline(sessionId, windows?.keep ?? CACHE_RAW_BYTES).then((read) => {
      if (store.getState().replay.sessionId !== sessionId) return;
      windows?.opened(sessionId, read);
      const { events, problems, gaps, end } = read;
      const frames = { events: tail.events, from, until: null };
      dispatch({ type: 'replay-loaded', replay: { sessionId, events, problems, gaps, end, frames } });
      report(problems);
    }, fail);

  if (!quick) {
    afterFirst();
    host.readEvents(sessionId).then(loaded, fail);
    return;
  }
  // The first frame first: requests and traces (thousands of records) are read once the tail is handed over.
  host.readEventsTail(sessionId).then(
    (tail) => {
      loaded(tail);
      afterFirst();
      if (tail.completeFrom !== undefined) void outline(tail, tail.completeFrom);
    },
    (e: unknown) => {
      fail(e);
      afterFirst();
    },
  );
}
