import type { Panel } from '../app/use-panel';
import { formatBytes } from '../app/format';
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
      <p class="library-total" data-testid="library-total">
        {sessions.length} session{sessions.length === 1 ? '' : 's'},{' '}
        {formatBytes(sessions.reduce((sum, s) => sum + s.storedBytes, 0))} stored
      </p>
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
