import type { SessionSummary } from '../../shared/model';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_SESSION_NAME, MAX_TAGS } from '../../shared/protocol/panel-port';
import { formatBytes, formatDuration, formatTime } from '../app/format';
import { parseTags } from './filter';

interface Props {
  sessions: readonly SessionSummary[];
  selectedId: string | null;
  /** The newest event the panel has read of the selected session while it records (live mode). */
  liveEnd?: number | null;
  /** The list is a search's result: an empty one means nothing matched, not an empty library. */
  filtered?: boolean;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
  onPin: (id: string, pinned: boolean) => void;
  onLabel?: (id: string, name: string, tags: string[]) => void;
}

const TRIGGERS: Record<SessionSummary['trigger'], string> = {
  manual: '',
  auto: 'auto',
  'instant-replay': 'instant replay',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const titleOf = (s: SessionSummary) => s.name || s.title || s.firstUrl || '(untitled)';

/**
 * The session library: one button per session selects it (a native button, so Enter and Space work), with
 * its pin and delete buttons beside it. Titles and URLs come from recorded pages: rendered as text only.
 */
export function SessionList(props: Props) {
  const { sessions, selectedId, liveEnd, filtered, onSelect, onDelete, onPin, onLabel } = props;
  const [editing, setEditing] = useState<string | null>(null);
  if (sessions.length === 0 && filtered) {
    return (
      <p class="empty" data-testid="no-sessions">
        No session matches the search.
      </p>
    );
  }
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
            {s.name && s.title && <span class="session-url">{s.title}</span>}
            {s.tags?.length ? (
              <span class="session-tags">
                {s.tags.map((t) => (
                  <span key={t} class="tag">
                    {t}
                  </span>
                ))}
              </span>
            ) : null}
            <span class="session-meta">
              <span>{formatTime(s.startedAt)}</span>
              <span>
                {formatDuration(
                  (s.endedAt ?? Math.max(s.lastEventAt, s.id === selectedId ? (liveEnd ?? 0) : 0)) -
                    Math.min(s.startedAt, s.firstEventAt ?? s.startedAt),
                )}
              </span>
              <span>{plural(s.eventCount, 'event')}</span>
              <span>{plural(s.pageCount, 'page')}</span>
              <span>{formatBytes(s.storedBytes)}</span>
            </span>
            <span class="session-url">{s.firstUrl}</span>
          </button>
          <span class="session-actions">
            {onLabel && (
              <button
                type="button"
                class="link"
                data-testid="label-session"
                aria-label={`rename or tag ${titleOf(s)}`}
                aria-expanded={editing === s.id}
                title="Name this session and give it tags"
                onClick={() => setEditing(editing === s.id ? null : s.id)}
              >
                edit
              </button>
            )}
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
          {editing === s.id && onLabel && (
            <LabelForm
              session={s}
              onSave={(name, tags) => {
                onLabel(s.id, name, tags);
                setEditing(null);
              }}
              onCancel={() => setEditing(null)}
            />
          )}
        </li>
      ))}
    </ul>
  );
}

/** Names and tags a session in place: Enter saves, Esc cancels. */
function LabelForm({
  session,
  onSave,
  onCancel,
}: {
  session: SessionSummary;
  onSave: (name: string, tags: string[]) => void;
  onCancel: () => void;
}) {
  // The user just asked to edit: the name field takes the focus.
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => nameField.current?.focus(), []);
  return (
    <form
      class="label-form"
      data-testid="label-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget.elements;
        const value = (name: string) => (form.namedItem(name) as HTMLInputElement | null)?.value ?? '';
        onSave(value('name').trim().slice(0, MAX_SESSION_NAME), parseTags(value('tags')).slice(0, MAX_TAGS));
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <input
        name="name"
        aria-label="Session name"
        placeholder={session.title || 'Name'}
        defaultValue={session.name ?? ''}
        maxLength={MAX_SESSION_NAME}
        ref={nameField}
      />
      <input
        name="tags"
        aria-label="Tags, comma-separated"
        placeholder="tags, comma-separated"
        defaultValue={(session.tags ?? []).join(', ')}
      />
      <button type="submit">Save</button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
