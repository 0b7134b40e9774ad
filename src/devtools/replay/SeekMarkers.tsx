import { formatDuration } from '../app/format';

export type MarkerKind = 'error' | 'failed-request' | 'navigation' | 'action';

export interface Marker {
  id: string;
  /** Milliseconds from the session's first event. */
  time: number;
  kind: MarkerKind;
  label: string;
}

/** A stretch the replay cannot draw: an unreadable part and what follows it until the next full snapshot. */
export interface GapMark {
  id: string;
  /** Milliseconds from the session's first event. */
  from: number;
  to: number;
  /** Where the replay draws again (ms from the first event); null when it does not in this document. */
  resumeAt: number | null;
  label: string;
}

const KIND_LABEL: Record<MarkerKind, string> = {
  error: 'Error',
  'failed-request': 'Failed request',
  navigation: 'Navigation',
  action: 'Action',
};

/**
 * Marks on the seek bar where something happened: errors and failed requests in red, navigations and user
 * actions in muted colours. Each is a button that seeks there; its name says what and when.
 */
export function SeekMarkers({
  markers,
  gaps = [],
  total,
  onSeek,
}: {
  markers: readonly Marker[];
  /** Drawn as bands under the markers; each seeks to where the replay draws again. */
  gaps?: readonly GapMark[];
  total: number;
  onSeek: (t: number) => void;
}) {
  if (total <= 0 || (markers.length === 0 && gaps.length === 0)) return null;
  const pct = (t: number) => Math.min(100, Math.max(0, (t / total) * 100));
  return (
    <div class="seek-markers" data-testid="seek-markers">
      {gaps.map((g) => (
        <button
          key={g.id}
          type="button"
          class="marker-gap"
          data-testid="replay-gap"
          data-from={g.from}
          data-to={g.to}
          style={{ left: `${pct(g.from)}%`, width: `${Math.max(0.5, pct(g.to) - pct(g.from))}%` }}
          aria-label={g.label}
          title={g.label}
          onClick={() => onSeek(g.resumeAt ?? g.to)}
        />
      ))}
      {markers.map((m) => (
        <button
          key={m.id}
          type="button"
          class={`marker marker-${m.kind}`}
          style={{ left: `${pct(m.time)}%` }}
          aria-label={`${KIND_LABEL[m.kind]} at ${formatDuration(m.time)}: ${m.label}`}
          title={`${KIND_LABEL[m.kind]} at ${formatDuration(m.time)}: ${m.label}`}
          onClick={() => onSeek(m.time)}
        />
      ))}
    </div>
  );
}
