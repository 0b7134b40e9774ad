import { useEffect, useRef, useState } from 'preact/hooks';
import type { PanelState, Store } from './store';

/**
 * The part of the state a component shows. It re-renders only when that part changes (by identity), so
 * the playback clock ticking does not re-render the library.
 */
export function useStore<T>(store: Store, select: (state: PanelState) => T): T {
  const [, rerender] = useState(0);
  const selected = select(store.getState());
  const latest = useRef({ select, selected });
  latest.current = { select, selected };

  useEffect(() => {
    const check = () => {
      if (latest.current.select(store.getState()) !== latest.current.selected) rerender((n) => n + 1);
    };
    // A change between this render and the subscription would otherwise be missed.
    check();
    return store.subscribe(check);
  }, [store]);

  return selected;
}
