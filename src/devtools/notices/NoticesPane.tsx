import type { Store } from '../store/store';
import { useStore } from '../store/use-store';
import { Notices } from './Notices';

/** The notices, connected: dismissing changes only the notices slice. */
export function NoticesPane({ store }: { store: Store }) {
  const notices = useStore(store, (s) => s.notices);
  return (
    <Notices
      notices={notices}
      onDismissWarnings={() => store.dispatch({ type: 'dismiss-warnings' })}
      onDismissError={() => store.dispatch({ type: 'error', message: null })}
    />
  );
}
