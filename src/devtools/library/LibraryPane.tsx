import type { Panel } from '../app/use-panel';
import { useStore } from '../store/use-store';
import { SessionList } from './SessionList';

/** The session library, connected: the list shows the library slice and commands go to the controller. */
export function LibraryPane({ store, controller }: Panel) {
  const { sessions, selectedId } = useStore(store, (s) => s.library);
  return (
    <SessionList
      sessions={sessions}
      selectedId={selectedId}
      onSelect={controller.select}
      onDelete={controller.remove}
      onPin={controller.pin}
    />
  );
}
