/** The seek bar's markers from the session view: errors, failed requests, navigations and user actions. */
import type { SessionView } from '../session/view';
import type { Marker } from './SeekMarkers';

/** More markers than this crowd a seek bar into a smear: actions are the first to go, errors never. */
const MAX_MARKERS = 400;

export function markersOf(view: SessionView): Marker[] {
  if (view.start === null) return [];
  const start = view.start;
  const errors: Marker[] = [];
  const others: Marker[] = [];
  for (const c of view.crumbs) {
    const time = c.ts - start;
    if (c.kind === 'error' || (c.kind === 'console' && c.level === 'error'))
      errors.push({ id: c.id, time, kind: 'error', label: c.message });
    else if (c.kind === 'navigation') others.push({ id: c.id, time, kind: 'navigation', label: c.message });
    else if (c.kind === 'action') others.push({ id: c.id, time, kind: 'action', label: c.message || c.category });
  }
  for (const r of view.rows)
    if (r.failed)
      errors.push({
        id: `r-${r.id}`,
        time: r.startTs - start,
        kind: 'failed-request',
        label: `${r.method} ${r.status || r.error} ${r.url}`,
      });
  const room = Math.max(0, MAX_MARKERS - errors.length);
  const kept = others.filter((m) => m.kind === 'navigation').concat(others.filter((m) => m.kind === 'action'));
  return [...kept.slice(0, room), ...errors];
}
