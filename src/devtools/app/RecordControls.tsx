import type { TabState } from '../../shared/protocol';

interface Props {
  tab: TabState;
  onStart: () => void;
  onStop: () => void;
}

export function RecordControls({ tab, onStart, onStop }: Props) {
  return tab.recording ? (
    <span class="record-controls">
      <span class="rec-dot" aria-hidden="true" />
      <span data-testid="recording-state">Recording</span>
      <button onClick={onStop} data-testid="stop-recording">
        Stop
      </button>
    </span>
  ) : (
    <span class="record-controls">
      <span data-testid="recording-state">Not recording</span>
      <button onClick={onStart} data-testid="start-recording">
        Record this tab
      </button>
    </span>
  );
}
