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

/** The session library. Titles and URLs come from recorded pages: rendered as text only. */
export function SessionList({ sessions, selectedId, onSelect, onDelete, onPin }: Props) {
  if (sessions.length === 0) {
    return (
      <p class="empty" data-testid="no-sessions">
        No sessions yet. Start a recording from the toolbar button or this panel.
      </p>
    );
  }
  return (
    <ul class="sessions" data-testid="session-list">
      {sessions.map((s) => (
        <li
          key={s.id}
          class={s.id === selectedId ? 'session selected' : 'session'}
          data-testid="session-item"
          data-session-id={s.id}
          onClick={() => onSelect(s.id)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onSelect(s.id);
          }}
        >
          <div class="session-title">
            <span class={`status status-${s.status}`} title={s.status}>
              {s.status}
            </span>
            {TRIGGERS[s.trigger] && <span class="status">{TRIGGERS[s.trigger]}</span>}
            <span class="title">{s.title || s.firstUrl || '(untitled)'}</span>
          </div>
          <div class="session-meta">
            <span>{formatTime(s.startedAt)}</span>
            <span>{formatDuration((s.endedAt ?? s.lastEventAt) - s.startedAt)}</span>
            <span>{s.eventCount} events</span>
            <span>{s.pageCount} pages</span>
            <span>{formatBytes(s.storedBytes)}</span>
            <button
              type="button"
              class="link"
              data-testid="pin-session"
              title={
                s.pinned
                  ? 'Pinned: never deleted to make room. Click to unpin.'
                  : 'Pin: never delete this session to make room'
              }
              onClick={(e) => {
                e.stopPropagation();
                onPin(s.id, !s.pinned);
              }}
            >
              {s.pinned ? 'unpin' : 'pin'}
            </button>
            <button
              type="button"
              class="link"
              title="Delete this session"
              onClick={(e) => {
                e.stopPropagation();
                onDelete(s.id);
              }}
            >
              delete
            </button>
          </div>
          <div class="session-url">{s.firstUrl}</div>
        </li>
      ))}
    </ul>
  );
}
