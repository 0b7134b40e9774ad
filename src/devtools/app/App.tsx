import { useCallback, useEffect, useReducer } from 'preact/hooks';
import type { Host } from '../host/host';
import { SessionList } from '../library/SessionList';
import { Player } from '../replay/Player';
import { RecordControls } from './RecordControls';
import { initialState, reduce } from './state';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The whole panel: recording controls for the host's tab, the session library, and the player. */
export function App({ host }: { host: Host }) {
  const [state, dispatch] = useReducer(reduce, initialState);

  const refresh = useCallback(async () => {
    try {
      dispatch({ type: 'sessions', sessions: await host.call('listSessions', {}) });
      if (host.tabId !== null) dispatch({ type: 'tab', tab: await host.call('getTabState', { tabId: host.tabId }) });
    } catch (e) {
      dispatch({ type: 'error', message: message(e) });
    }
  }, [host]);

  useEffect(() => {
    void refresh();
    host.call('getDiagnostics', {}).then(
      (d) => {
        for (const w of d.warnings.slice(-3)) dispatch({ type: 'warning', message: w.message });
      },
      () => {},
    );
    return host.onNotice((notice) => {
      if (notice.type === 'sessions-changed') void refresh();
      else if (notice.type === 'tab-state' && notice.state.tabId === host.tabId)
        dispatch({ type: 'tab', tab: notice.state });
      else if (notice.type === 'warning') dispatch({ type: 'warning', message: notice.message });
    });
  }, [host, refresh]);

  useEffect(() => {
    const id = state.selectedId;
    if (!id) return;
    host.readEvents(id).then(
      (loaded) => {
        dispatch({ type: 'replay-loaded', replay: { sessionId: id, ...loaded } });
        if (loaded.problems.length)
          void host.call('reportProblems', { sessionId: id, problems: loaded.problems }).catch(() => {});
      },
      (e: unknown) => dispatch({ type: 'error', message: `Could not load the session: ${message(e)}` }),
    );
  }, [host, state.selectedId]);

  const act = (fn: () => Promise<unknown>) => () =>
    fn().then(refresh, (e: unknown) => dispatch({ type: 'error', message: message(e) }));

  return (
    <div class={`app app-${host.kind}`}>
      <header class="toolbar">
        <strong class="brand">Tandem</strong>
        {host.tabId !== null && state.tab && (
          <RecordControls
            tab={state.tab}
            onStart={act(() => host.call('startRecording', { tabId: host.tabId! }))}
            onStop={act(() => host.call('stopRecording', { tabId: host.tabId! }))}
            onSave={act(async () => {
              const { sessionId } = await host.call('saveInstantReplay', { tabId: host.tabId! });
              dispatch({ type: 'select', sessionId });
            })}
          />
        )}
        {host.openViewer && host.kind !== 'viewer' && (
          <button type="button" class="link" onClick={host.openViewer}>
            Open viewer
          </button>
        )}
      </header>
      {state.warnings.length > 0 && (
        <div class="warning" role="status" data-testid="warning">
          {state.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
          <button type="button" class="link" onClick={() => dispatch({ type: 'dismiss-warnings' })}>
            dismiss
          </button>
        </div>
      )}
      {state.error && (
        <div class="error" role="alert" data-testid="error">
          {state.error}
          <button type="button" class="link" onClick={() => dispatch({ type: 'error', message: null })}>
            dismiss
          </button>
        </div>
      )}
      <main class="layout">
        <aside class="library">
          <SessionList
            sessions={state.sessions}
            selectedId={state.selectedId}
            onSelect={(id) => dispatch({ type: 'select', sessionId: id })}
            onDelete={(id) => act(() => host.call('deleteSession', { sessionId: id }))()}
            onPin={(id, pinned) => act(() => host.call('pinSession', { sessionId: id, pinned }))()}
          />
        </aside>
        <section class="stage">
          {state.loadingReplay && <p class="empty">Loading...</p>}
          {state.replay && state.replay.problems.length > 0 && (
            <div class="warning" data-testid="replay-problems">
              {state.replay.problems.length} part(s) of this session could not be read and are skipped.
            </div>
          )}
          {state.replay && <Player events={state.replay.events} />}
          {!state.selectedId && <p class="empty">Select a session to play it.</p>}
        </section>
      </main>
    </div>
  );
}
