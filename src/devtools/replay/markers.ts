/** The seek bar's markers from the session view: errors, failed requests, navigations and user actions. */
import type { ReplayGap } from '../../shared/db/gaps';
import { formatDuration } from '../app/format';
import type { SessionView } from '../session/view';
import type { GapMark, Marker } from './SeekMarkers';

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

/**
 * The seek bar's bands over the holes unreadable parts left: from the first missing event to where the replay
 * draws again (the document's next full snapshot; the missing part's end when it has none).
 */
export function gapMarksOf(gaps: readonly ReplayGap[] | undefined, start: number | undefined): GapMark[] {
  if (!gaps?.length || start === undefined) return [];
  return gaps.map((g, i) => {
    const from = g.from - start;
    const to = (g.resumesAt ?? g.to) - start;
    const parts = `${g.chunks} unreadable part${g.chunks === 1 ? '' : 's'}`;
    const resume =
      g.resumesAt === null
        ? 'the replay continues on the next page'
        : `the replay continues at ${formatDuration(g.resumesAt - start)}`;
    return {
      id: `gap-${i}`,
      from,
      to: Math.max(from, to),
      resumeAt: g.resumesAt === null ? null : g.resumesAt - start,
      label: `Missing ${formatDuration(from)} to ${formatDuration(g.to - start)} (${parts}); ${resume}`,
    };
  });
}
