import type { TabState } from '../../shared/protocol';

interface Props {
  tab: TabState;
  onStart: () => void;
  onStop: () => void;
  onSave: () => void;
}

export function RecordControls({ tab, onStart, onStop, onSave }: Props) {
  return (
    <span class="record-controls">
      {tab.recording ? (
        <>
          <span class="rec-dot" aria-hidden="true" />
          <span data-testid="recording-state">Recording</span>
          <button type="button" onClick={onStop} data-testid="stop-recording">
            Stop
          </button>
        </>
      ) : (
        <>
          <span data-testid="recording-state">Not recording</span>
          <button type="button" onClick={onStart} data-testid="start-recording">
            Record this tab
          </button>
        </>
      )}
      {tab.buffering && tab.bufferMinutes !== null && (
        <button
          type="button"
          onClick={onSave}
          data-testid="save-instant-replay"
          title="Instant replay: keep what just happened in this tab as a session"
        >
          Save last {tab.bufferMinutes} min
        </button>
      )}
    </span>
  );
}
