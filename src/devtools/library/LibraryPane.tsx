import type { Panel } from '../app/use-panel';
import { useStore } from '../store/use-store';
import { LookupBox } from './LookupBox';
import { SessionList } from './SessionList';

/** The session library, connected: the search box and the list show the library slice; commands go to the
 * controller. */
export function LibraryPane({ store, controller }: Panel) {
  const { sessions, selectedId, lookup } = useStore(store, (s) => s.library);
  return (
    <>
      <LookupBox lookup={lookup} onFind={(text) => void controller.find(text)} />
      <SessionList
        sessions={sessions}
        selectedId={selectedId}
        onSelect={controller.select}
        onDelete={controller.remove}
        onPin={controller.pin}
      />
    </>
  );
}
