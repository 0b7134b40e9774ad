import type { SessionSummary } from '../../shared/model';
import { formatBytes, formatDuration, formatTime } from '../app/format';

interface Props {
  sessions: SessionSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
  onPin: (id: string, pinned: boolean) => void;
}

const TRIGGERS: Record<SessionSummary['trigger'], string> = {
  manual: '',
  auto: 'auto',
  'instant-replay': 'instant replay',
};

const titleOf = (s: SessionSummary) => s.title || s.firstUrl || '(untitled)';

/**
 * The session library: one button per session selects it (a native button, so Enter and Space work), with
 * its pin and delete buttons beside it. Titles and URLs come from recorded pages: rendered as text only.
 */
export function SessionList({ sessions, selectedId, onSelect, onDelete, onPin }: Props) {
  if (sessions.length === 0) {
    return (
      <p class="empty" data-testid="no-sessions">
        No sessions yet. Start a recording from the toolbar button or this panel.
      </p>
    );
  }
  return (
    <ul class="sessions" aria-label="Sessions" data-testid="session-list">
      {sessions.map((s) => (
        <li key={s.id} class={s.id === selectedId ? 'session selected' : 'session'}>
          <button
            type="button"
            class="session-select"
            aria-current={s.id === selectedId ? 'true' : undefined}
            data-testid="session-item"
            data-session-id={s.id}
            onClick={() => onSelect(s.id)}
          >
            <span class="session-title">
              <span class={`status status-${s.status}`}>{s.status}</span>
              {TRIGGERS[s.trigger] && <span class="status">{TRIGGERS[s.trigger]}</span>}
              <span class="title">{titleOf(s)}</span>
            </span>
            <span class="session-meta">
              <span>{formatTime(s.startedAt)}</span>
              <span>{formatDuration((s.endedAt ?? s.lastEventAt) - s.startedAt)}</span>
              <span>{s.eventCount} events</span>
              <span>{s.pageCount} pages</span>
              <span>{formatBytes(s.storedBytes)}</span>
            </span>
            <span class="session-url">{s.firstUrl}</span>
          </button>
          <span class="session-actions">
            <button
              type="button"
              class="link"
              data-testid="pin-session"
              aria-label={`${s.pinned ? 'unpin' : 'pin'} ${titleOf(s)}`}
              title={
                s.pinned
                  ? 'Pinned: never deleted to make room. Click to unpin.'
                  : 'Pin: never delete this session to make room'
              }
              onClick={() => onPin(s.id, !s.pinned)}
            >
              {s.pinned ? 'unpin' : 'pin'}
            </button>
            <button
              type="button"
              class="link"
              data-testid="delete-session"
              aria-label={`delete ${titleOf(s)}`}
              title="Delete this session"
              onClick={() => onDelete(s.id)}
            >
              delete
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}
