/**
 * The panel's keyboard map (docs/panel.md): Space play/pause; Left/Right seek 5 s (Shift: 1 s); `/` or Ctrl+F
 * focus the request filter; Esc close the details; `.` jump to the live edge; W/S zoom the timeline (and with it
 * the lists) in and out around the playhead, A/D pan it. Keys typed into a text field,
 * a select or a button's own activation are left alone.
 */
import { useEffect } from 'preact/hooks';
import type { Store } from '../store/store';
import { keyRange } from '../timeline/view-range';

const SEEK_MS = 5000;
const FINE_SEEK_MS = 1000;

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function shortcutAction(store: Store, e: KeyboardEvent): boolean {
  const { replay } = store.getState();
  const { cursor } = replay;
  if (e.key === 'Escape') {
    store.dispatch({ type: 'close-details' });
    return true;
  }
  if ((e.key === 'f' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !typing(e.target))) {
    const filter = document.querySelector<HTMLInputElement>('input[aria-label="Filter requests"]');
    if (!filter) return false;
    filter.focus();
    return true;
  }
  if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey || !replay.loaded) return false;
  if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
    store.dispatch({ type: cursor.playing ? 'pause' : 'play' });
    return true;
  }
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const step = (e.shiftKey ? FINE_SEEK_MS : SEEK_MS) * (e.key === 'ArrowLeft' ? -1 : 1);
    store.dispatch({ type: 'seek', time: cursor.time + step });
    return true;
  }
  const moved = e.shiftKey ? null : keyRange(store.getState(), e.key);
  if (moved) {
    store.dispatch({ type: 'time-range', range: moved.range });
    return true;
  }
  if (e.key === '.') {
    store.dispatch({ type: 'follow-live', follow: true });
    store.dispatch({ type: 'seek', time: cursor.total });
    return true;
  }
  return false;
}

/** Listens on the document while the shell is mounted. */
export function useShortcuts(store: Store): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (shortcutAction(store, e)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);
}
