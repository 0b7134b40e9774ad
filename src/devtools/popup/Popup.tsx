import { useEffect, useState } from 'preact/hooks';
import type { TabState } from '../../shared/protocol';
import { RecordControls } from '../app/RecordControls';
import type { Host } from '../host/host';

/** The toolbar popup: start or stop recording the active tab, and open the viewer. */
export function Popup({ host }: { host: Host }) {
  const [tab, setTab] = useState<TabState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const tabId = host.tabId;

  useEffect(() => {
    if (tabId === null) return;
    host.call('getTabState', { tabId }).then(setTab, (e: unknown) => setError(String(e)));
    return host.onNotice((n) => {
      if (n.type === 'tab-state' && n.state.tabId === tabId) setTab(n.state);
    });
  }, [host, tabId]);

  const run = (method: 'startRecording' | 'stopRecording') => () => {
    if (tabId === null) return;
    host.call(method, { tabId }).then(setTab, (e: unknown) => setError(String(e)));
  };
  const save = () => {
    if (tabId === null) return;
    host.call('saveInstantReplay', { tabId }).then(
      () => setSaved(true),
      (e: unknown) => setError(String(e)),
    );
  };

  return (
    <div class="popup">
      <strong class="brand">Tandem</strong>
      {tab ? (
        <RecordControls tab={tab} onStart={run('startRecording')} onStop={run('stopRecording')} onSave={save} />
      ) : (
        <p>This tab cannot be recorded.</p>
      )}
      {saved && <p data-testid="saved">Saved. Open the viewer to play it.</p>}
      {error && <p class="error">{error}</p>}
      <button type="button" class="link" onClick={host.openViewer} data-testid="open-viewer">
        Open the session viewer
      </button>
    </div>
  );
}
