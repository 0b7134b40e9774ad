/**
 * All of the UI's I/O: calls to the background, reads of stored sessions, re-reads on notices, and what
 * goes wrong on the way. Components never touch the Host; they get state from the store and these
 * functions as callbacks. Every command settles without throwing: failures become an error notice.
 */
import { errorText } from '../../shared/error-text';
import { type LookupQuery, parseLookupId } from '../../shared/lookup-id';
import type { ImportTraceFileResult } from '../../shared/protocol';
import type { Host } from '../host/host';
import { filterSessions } from '../library/filter';
import { noticeToAction } from '../store/notice-to-action';
import type { Store } from '../store/store';
import { type DeepLink, type DeepLinkResult, notFoundMessage, type TimeTarget } from './deep-link';
import { isLive, type LiveReader, startLiveReader } from './live';
import { loadEvents } from './load-events';
import { startWindows, type Windows } from './windows';

/** How often the panel re-reads the trace sources' statuses while it is open. */
export const SOURCES_POLL_MS = 5000;

export interface Controller {
  /** Reads what the UI shows and follows the background's notices; returns the unsubscribe. */
  connect(): () => void;
  /** Selects a session and loads its events and requests. */
  select(sessionId: string | null): void;
  /** Picks a request (null: none); a traced one has its trace fetched now, ahead of the background's work. */
  selectRequest(requestId: string | null): void;
  /** Stores the traces of a dropped trace file with the selected session; null when it failed (a notice says why). */
  importTraceFile(text: string): Promise<ImportTraceFileResult | null>;
  /** Finds a pasted id (trace, span, replay, request, a traceparent...) and opens its newest match. */
  find(text: string): Promise<void>;
  startRecording(): Promise<void>;
  stopRecording(): Promise<void>;
  saveInstantReplay(): Promise<void>;
  pin(sessionId: string, pinned: boolean): Promise<void>;
  /** Names (empty: none) and tags a session. */
  label(sessionId: string, name: string, tags: string[]): Promise<void>;
  /** The library search box's text: filters the list. */
  query(text: string): void;
  remove(sessionId: string): Promise<void>;
  openViewer(): void;
}

export interface ControllerOptions {
  /** The UI shows the session library and plays sessions (panel, viewer); the popup does not. */
  library: boolean;
  /** The deep link the page was opened with (the viewer's URL), followed once the library is read. */
  link?: DeepLinkResult;
  /** How much of a long session the player holds decoded (windows.ts); the viewer's `holdMB` sets it. */
  holdRawBytes?: number;
}

export function createController(host: Host, store: Store, options: ControllerOptions): Controller {
  const { library, link } = options;
  const { dispatch } = store;
  const fail = (prefix: string) => (e: unknown) => dispatch({ type: 'error', message: prefix + errorText(e) });

  async function refresh(): Promise<void> {
    try {
      if (library) dispatch({ type: 'sessions', sessions: await host.call('listSessions', {}) });
      if (host.tabId !== null) dispatch({ type: 'tab', tab: await host.call('getTabState', { tabId: host.tabId }) });
    } catch (e) {
      fail('')(e);
    }
  }

  /** Runs the user's command, then re-reads what it may have changed. */
  const act = (command: () => Promise<unknown>): Promise<void> => command().then(refresh, fail(''));
  const onTab = (command: (tabId: number) => Promise<unknown>): Promise<void> =>
    host.tabId === null ? Promise.resolve() : act(() => command(host.tabId!));

  let live: LiveReader | null = null;
  let windows: Windows | null = null;

  function loadTraces(sessionId: string, traceId?: string): void {
    host
      .readTraces(sessionId, traceId)
      .then(
        (traces) => dispatch({ type: 'traces-loaded', sessionId, traces }),
        fail("Could not load the session's backend traces: "),
      );
  }

  /** The selected session's event count in the library when it was last read whole. */
  let readAtCount: { sessionId: string; eventCount: number | undefined } | null = null;

  /** Reads a session: its events (load-events.ts), then its requests and backend traces. */
  function load(sessionId: string, quick = false): void {
    readAtCount = {
      sessionId,
      eventCount: store.getState().library.sessions.find((s) => s.id === sessionId)?.eventCount,
    };
    const rest = () => {
      loadTraces(sessionId);
      host
        .readRequests(sessionId)
        .then(
          (requests) => dispatch({ type: 'requests-loaded', sessionId, requests }),
          fail("Could not load the session's requests: "),
        );
    };
    loadEvents(host, store, { sessionId, quick, live, windows, afterFirst: rest });
  }

  function select(sessionId: string | null): void {
    if (sessionId === store.getState().library.selectedId) return;
    dispatch({ type: 'select', sessionId });
    if (sessionId !== null) load(sessionId, !isLive(store.getState()));
  }

  /**
   * Looks the query up and opens the newest match: its session, the player at its moment (or at `t`), and
   * its request picked. Resolves false when nothing matched.
   */
  async function open(query: LookupQuery, t: TimeTarget | null): Promise<boolean> {
    dispatch({ type: 'lookup-started', text: query.text });
    const matches = await host.lookup(query).catch((e: unknown) => {
      dispatch({ type: 'lookup-done', text: query.text, matches: [] });
      throw e;
    });
    dispatch({ type: 'lookup-done', text: query.text, matches });
    const match = matches[0];
    if (!match) return false;
    select(match.sessionId);
    if (t && 'offsetMs' in t) dispatch({ type: 'seek', time: t.offsetMs });
    else dispatch({ type: 'seek-at', at: t?.at ?? match.at });
    dispatch({ type: 'select-request', requestId: match.requestId ?? null });
    return true;
  }

  async function follow({ kind, query, t }: DeepLink): Promise<void> {
    if (!(await open(query, t))) dispatch({ type: 'error', message: notFoundMessage(kind, query.text) });
  }

  function followLink(): void {
    if (!link || link.type === 'none') return;
    if (link.type === 'invalid') dispatch({ type: 'error', message: link.error });
    else follow(link.link).catch(fail('Could not look the link up: '));
  }

  async function find(text: string): Promise<void> {
    const query = parseLookupId(text);
    if (!query) {
      // Text that is not an id already filters the list; only when nothing matches is there anything to say.
      if (!filterSessions(store.getState().library.sessions, text).length)
        dispatch({ type: 'lookup-invalid', text: text.trim() });
      return;
    }
    await open(query, null).catch(fail('Could not look the id up: '));
  }

  function selectRequest(requestId: string | null): void {
    dispatch({ type: 'select-request', requestId });
    const { requests } = store.getState();
    const record = requests.records.find((r) => r.id === requestId);
    const traceId = record?.traceId ?? record?.responseTraceId;
    if (record && traceId) void host.call('fetchTrace', { sessionId: record.sessionId, traceId }).catch(() => {});
  }

  /** Only what links need: source ids, kinds and base URLs, never their headers or tokens. */
  function readLinkSettings(): void {
    host.call('getSettings', {}).then(
      ({ settings }) => {
        dispatch({ type: 'replay-settings', remoteResources: settings.privacy.replayRemoteResources });
        dispatch({
          type: 'trace-link-settings',
          settings: {
            // The panel's state holds no credentials: a source's headers (auth tokens) stay in the worker's settings.
            sources: settings.traces.sources.map(({ headers: _secret, ...source }) => source),
            spotlight: settings.traces.spotlight,
          },
        });
      },
      () => {},
    );
  }

  function readSources(): void {
    host.call('getTraceSources', {}).then(
      (answer) => dispatch({ type: 'trace-sources', sources: answer.sources }),
      () => {},
    );
  }

  /** The inspected tab's recording is what a developer opening the panel wants to see: open it if nothing is. */
  function openLiveTab(): void {
    const { tab, library: lib } = store.getState();
    const id = tab.state?.recording ? tab.state.sessionId : null;
    if (library && id && lib.selectedId === null && lib.sessions.some((s) => s.id === id)) select(id);
  }

  return {
    connect() {
      // The link is followed after the library is read: a selection the list does not hold yet would be dropped.
      void refresh().then(() => {
        if (!link || link.type === 'none') openLiveTab();
        followLink();
      });
      if (library) {
        live = startLiveReader(host, store);
        windows = startWindows(host, store, options.holdRawBytes);
        readSources();
        readLinkSettings();
      }
      const sources = library ? setInterval(readSources, SOURCES_POLL_MS) : null;
      if (library)
        host.call('getDiagnostics', {}).then(
          (d) => {
            for (const w of d.warnings.slice(-3)) dispatch({ type: 'warning', message: w.message });
          },
          () => {},
        );
      // A session that is not live is read again when the library says it holds other events than when it was
      // read: a recording that has just stopped (the live reads only appended to the first read, and the page
      // flushes its last batch after the stop), or a late batch for a finished session.
      const unwatch = store.subscribe(() => {
        const state = store.getState();
        const id = state.library.selectedId;
        if (!id || isLive(state) || readAtCount?.sessionId !== id) return;
        const now = state.library.sessions.find((s) => s.id === id)?.eventCount;
        if (now !== undefined && now !== readAtCount.eventCount) load(id, true);
      });
      const unsubscribe = host.onNotice((notice) => {
        if (notice.type === 'sessions-changed') void refresh().then(openLiveTab);
        if (notice.type === 'trace-stored' && notice.sessionId === store.getState().library.selectedId)
          loadTraces(notice.sessionId, notice.traceId);
        for (const action of noticeToAction(notice, host.tabId)) dispatch(action);
        if (notice.type === 'tab-state') openLiveTab();
      });
      return () => {
        unsubscribe();
        unwatch();
        live?.stop();
        live = null;
        windows?.stop();
        windows = null;
        if (sources) clearInterval(sources);
      };
    },
    select,
    selectRequest,
    importTraceFile: async (text) => {
      const sessionId = store.getState().library.selectedId;
      if (!sessionId) return null;
      try {
        const result = await host.call('importTraceFile', { sessionId, text });
        loadTraces(sessionId);
        return result;
      } catch (e) {
        fail('Could not import the trace file: ')(e);
        return null;
      }
    },
    find,
    startRecording: () =>
      onTab(async (tabId) => dispatch({ type: 'tab', tab: await host.call('startRecording', { tabId }) })),
    stopRecording: () =>
      onTab(async (tabId) => dispatch({ type: 'tab', tab: await host.call('stopRecording', { tabId }) })),
    saveInstantReplay: () =>
      onTab(async (tabId) => {
        const { sessionId } = await host.call('saveInstantReplay', { tabId });
        dispatch({ type: 'instant-replay-saved', sessionId });
        if (library) select(sessionId);
      }),
    pin: (sessionId, pinned) => act(() => host.call('pinSession', { sessionId, pinned })),
    label: (sessionId, name, tags) => act(() => host.call('labelSession', { sessionId, name, tags })),
    query: (text) => dispatch({ type: 'library-query', query: text }),
    remove: (sessionId) => act(() => host.call('deleteSession', { sessionId })),
    openViewer: () => host.openViewer?.(),
  };
}
