import type { Crumb } from '../session/crumbs';
import { formatMs } from '../requests/format';

interface Props {
  label: string;
  crumbs: readonly Crumb[];
  start: number | null;
  playhead: number | null;
  onSeek: (epochMs: number) => void;
  empty: string;
}

/** Console lines, errors or user actions: one row each, dimmed after the playhead, a click seeks the replay. */
export function CrumbList({ label, crumbs, start, playhead, onSeek, empty }: Props) {
  if (crumbs.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="crumbs" aria-label={label}>
      {crumbs.map((c) => (
        <li key={c.id} class={`crumb level-${c.level}${playhead !== null && c.ts > playhead ? ' future' : ''}`}>
          <button type="button" class="crumb-row" onClick={() => onSeek(c.ts)}>
            <span class="crumb-time">{start === null ? '' : formatMs(c.ts - start)}</span>
            <span class="crumb-cat">{c.category}</span>
            <span class="crumb-msg">{c.message}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
