/**
 * Live mode: while the selected session is still recording, its new requests and events are read every
 * LIVE_POLL_MS and handed to the store, so they appear in the open panel within a second of being stored.
 * Polling IndexedDB (same origin, no messaging) costs one indexed read per poll and needs nothing from the
 * worker, which may be asleep; it stops as soon as the session is no longer live.
 */
import type { Host } from '../host/host';
import type { Store } from '../store/store';

export const LIVE_POLL_MS = 400;

/** Whether the selected session is still being written: recording in the library, or the tab's recording. */
export function isLive(state: ReturnType<Store['getState']>): boolean {
  const id = state.library.selectedId;
  if (!id) return false;
  if (state.tab.state?.recording && state.tab.state.sessionId === id) return true;
  return state.library.sessions.some((s) => s.id === id && s.status === 'recording');
}

export interface LiveReader {
  /** The chunks the first read returned: the poll asks only for the ones after. */
  loaded(sessionId: string, chunks: readonly string[]): void;
  stop(): void;
}

export function startLiveReader(host: Host, store: Store): LiveReader {
  let sessionId: string | null = null;
  const seen = new Set<string>();
  let busy = false;

  async function poll(): Promise<void> {
    const state = store.getState();
    const id = state.library.selectedId;
    if (busy || !id || id !== sessionId || !isLive(state)) return;
    busy = true;
    try {
      const before = state.replay.loaded;
      const events = before?.events;
      const newest = events?.length ? events[events.length - 1]!.timestamp : 0;
      const [read, requests] = await Promise.all([host.readEventsAfter(id, newest, seen), host.readRequests(id)]);
      // A read that ends after the session was read afresh (its recording stopped) would append what that read
      // already holds: drop it.
      if (store.getState().library.selectedId !== id || store.getState().replay.loaded !== before) return;
      for (const key of read.chunks ?? []) seen.add(key);
      if (read.events.length) store.dispatch({ type: 'events-appended', sessionId: id, events: read.events });
      if (requests.length !== store.getState().requests.records.length)
        store.dispatch({ type: 'requests-loaded', sessionId: id, requests });
    } catch {
      // The next poll tries again; a session deleted meanwhile stops being selected.
    } finally {
      busy = false;
    }
  }

  const timer = setInterval(() => void poll(), LIVE_POLL_MS);
  return {
    loaded(id, chunks) {
      sessionId = id;
      seen.clear();
      for (const key of chunks) seen.add(key);
    },
    stop: () => clearInterval(timer),
  };
}
