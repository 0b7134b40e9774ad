/**
 * The library's text search: every word of the query must match a session's name, page title, URLs, tags or
 * id (its replay id), case-insensitively; `tag:x` matches a tag exactly. Ids pasted whole (trace, span,
 * request ids) are the lookup's work on Enter (LookupBox), which finds what the session list cannot show.
 */
import { parseLookupId } from '../../shared/lookup-id';
import type { SessionSummary } from '../../shared/model';

export function filterSessions(sessions: readonly SessionSummary[], query: string): readonly SessionSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return sessions;
  // A pasted trace or span id (or a header carrying one) is for Enter to look up: the list stays as it is.
  const id = parseLookupId(query);
  if (id?.traceId || id?.spanId) return sessions;
  return sessions.filter((s) => {
    const tags = (s.tags ?? []).map((t) => t.toLowerCase());
    const text = [s.name ?? '', s.title, s.firstUrl, ...s.urls, ...tags, s.id].join('\n').toLowerCase();
    return words.every((w) => (w.startsWith('tag:') ? tags.includes(w.slice(4)) : text.includes(w)));
  });
}

/** The tags typed in the edit form: comma-separated, trimmed, without empties or repeats. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
