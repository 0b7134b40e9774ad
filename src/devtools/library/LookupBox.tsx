import type { LookupState } from './state';

interface Props {
  lookup: LookupState | null;
  /** The sessions the typed text matches, of how many (the list shows those). */
  matching: { shown: number; total: number; query: string };
  onQuery: (text: string) => void;
  onFind: (text: string) => void;
}

/** What the last lookup found, in words; matches other than the opened one are for the request table to list. */
function status(lookup: LookupState): string {
  if (lookup.status === 'searching') return 'Searching...';
  if (lookup.status === 'invalid') return `No session matches, and it is not an id Tandem records: ${lookup.text}`;
  const n = lookup.matches.length;
  if (n === 0) return `Nothing recorded matches ${lookup.text}`;
  return n === 1 ? 'Opened the one match' : `Opened the newest of ${n} matches`;
}

/**
 * The library's search box. Typing filters the list by name, title, URL, tag (`tag:x`) or replay id at once;
 * Enter on a pasted id (a trace or span id, a replay or request id, a traceparent or sentry-trace value) looks
 * it up and opens the newest match (session, moment, request). The text is only ever a query, shown as text.
 */
export function LookupBox({ lookup, matching, onQuery, onFind }: Props) {
  const said = lookup
    ? status(lookup)
    : matching.query.trim()
      ? `${matching.shown} of ${matching.total} sessions match; Enter finds an id`
      : '';
  return (
    <search class="lookup">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem('id');
          if (input instanceof HTMLInputElement && input.value.trim()) onFind(input.value);
        }}
      >
        <input
          type="search"
          name="id"
          class="lookup-input"
          aria-label="Search sessions, or find a trace, span, replay or request id"
          aria-describedby="lookup-status"
          placeholder="Search sessions, or paste a trace, span or request id"
          autocomplete="off"
          spellcheck={false}
          value={matching.query}
          onInput={(e) => onQuery(e.currentTarget.value)}
          data-testid="lookup-input"
        />
        <output id="lookup-status" class="lookup-status" aria-live="polite" data-testid="lookup-status">
          {said}
        </output>
      </form>
    </search>
  );
}
