import type { LookupState } from './state';

interface Props {
  lookup: LookupState | null;
  onFind: (text: string) => void;
}

/** What the last lookup found, in words; matches other than the opened one are for the request table to list. */
function status(lookup: LookupState): string {
  if (lookup.status === 'searching') return 'Searching...';
  if (lookup.status === 'invalid') return `Not an id Tandem records: ${lookup.text}`;
  const n = lookup.matches.length;
  if (n === 0) return `Nothing recorded matches ${lookup.text}`;
  return n === 1 ? 'Opened the one match' : `Opened the newest of ${n} matches`;
}

/**
 * Finds a pasted id: a trace or span id, a replay id, a request id, a traceparent or sentry-trace value.
 * Enter looks it up and opens the newest match (session, moment, request); the pasted text is only ever
 * a query, shown back as text.
 */
export function LookupBox({ lookup, onFind }: Props) {
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
          aria-label="Find a trace, span, replay or request id"
          aria-describedby="lookup-status"
          placeholder="Paste a trace, span, replay or request id"
          autocomplete="off"
          spellcheck={false}
          data-testid="lookup-input"
        />
        <output id="lookup-status" class="lookup-status" aria-live="polite" data-testid="lookup-status">
          {lookup ? status(lookup) : ''}
        </output>
      </form>
    </search>
  );
}
