import { formatDuration } from '../app/format';

export type MarkerKind = 'error' | 'failed-request' | 'navigation' | 'action';

export interface Marker {
  id: string;
  /** Milliseconds from the session's first event. */
  time: number;
  kind: MarkerKind;
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
  total,
  onSeek,
}: {
  markers: readonly Marker[];
  total: number;
  onSeek: (t: number) => void;
}) {
  if (total <= 0 || markers.length === 0) return null;
  return (
    <div class="seek-markers" data-testid="seek-markers">
      {markers.map((m) => (
        <button
          key={m.id}
          type="button"
          class={`marker marker-${m.kind}`}
          style={{ left: `${Math.min(100, Math.max(0, (m.time / total) * 100))}%` }}
          aria-label={`${KIND_LABEL[m.kind]} at ${formatDuration(m.time)}: ${m.label}`}
          title={`${KIND_LABEL[m.kind]} at ${formatDuration(m.time)}: ${m.label}`}
          onClick={() => onSeek(m.time)}
        />
      ))}
    </div>
  );
}
