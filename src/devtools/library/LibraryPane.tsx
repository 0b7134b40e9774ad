import { useMemo } from 'preact/hooks';
import type { Panel } from '../app/use-panel';
import { formatBytes } from '../app/format';
import { isLive } from '../app/live';
import { useStore } from '../store/use-store';
import { filterSessions } from './filter';
import { LookupBox } from './LookupBox';
import { SessionList } from './SessionList';

/** The session library, connected: the search box and the list show the library slice; commands go to the
 * controller. */
export function LibraryPane({ store, controller }: Panel) {
  const { sessions, selectedId, lookup, query } = useStore(store, (s) => s.library);
  const shown = useMemo(() => filterSessions(sessions, query), [sessions, query]);
  // A recording session's record is updated per stored batch; the live reads are newer (live.ts).
  const liveEnd = useStore(store, (s) => (isLive(s) ? (s.replay.loaded?.events.at(-1)?.timestamp ?? null) : null));
  return (
    <>
      <LookupBox
        lookup={lookup}
        matching={{ shown: shown.length, total: sessions.length, query }}
        onQuery={controller.query}
        onFind={(text) => void controller.find(text)}
      />
      <p class="library-total" data-testid="library-total">
        {sessions.length} session{sessions.length === 1 ? '' : 's'},{' '}
        {formatBytes(sessions.reduce((sum, s) => sum + s.storedBytes, 0))} stored
      </p>
      <SessionList
        sessions={shown}
        filtered={query.trim() !== ''}
        selectedId={selectedId}
        liveEnd={liveEnd}
        onSelect={controller.select}
        onDelete={controller.remove}
        onPin={controller.pin}
        onLabel={controller.label}
      />
    </>
  );
}
