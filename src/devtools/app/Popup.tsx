import { RecordControls } from '../controls/RecordControls';
import type { Host } from '../host/host';
import { useStore } from '../store/use-store';
import { usePanel } from './use-panel';

/** The toolbar popup: start or stop recording the active tab, and open the viewer. */
export function Popup({ host }: { host: Host }) {
  const { store, controller } = usePanel(host, { library: false });
  const { state: tab, savedSessionId } = useStore(store, (s) => s.tab);
  const error = useStore(store, (s) => s.notices.error);

  return (
    <div class="popup">
      <strong class="brand">Tandem</strong>
      {tab ? (
        <RecordControls
          tab={tab}
          onStart={controller.startRecording}
          onStop={controller.stopRecording}
          onSave={controller.saveInstantReplay}
        />
      ) : (
        <p>This tab cannot be recorded.</p>
      )}
      {savedSessionId && <p data-testid="saved">Saved. Open the viewer to play it.</p>}
      {error && <p class="error">{error}</p>}
      <button type="button" class="link" onClick={controller.openViewer} data-testid="open-viewer">
        Open the session viewer
      </button>
    </div>
  );
}
