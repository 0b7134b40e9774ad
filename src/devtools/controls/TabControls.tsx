import type { Panel } from '../app/use-panel';
import { useStore } from '../store/use-store';
import { RecordControls } from './RecordControls';

/** Record, stop and save for the controlled tab, connected; nothing until its state is known (and in the viewer). */
export function TabControls({ store, controller }: Panel) {
  const tab = useStore(store, (s) => s.tab.state);
  if (!tab) return null;
  return (
    <RecordControls
      tab={tab}
      onStart={controller.startRecording}
      onStop={controller.stopRecording}
      onSave={controller.saveInstantReplay}
    />
  );
}
