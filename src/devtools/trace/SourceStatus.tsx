import type { Store } from '../store/store';
import { useStore } from '../store/use-store';

/**
 * Each trace source's connection in the toolbar: a dot and its name, the details in its tooltip, so a
 * developer sees at once why requests have no backend spans.
 */
export function SourceStatus({ store }: { store: Store }) {
  const sources = useStore(store, (s) => s.traces.sources);
  if (!sources) return null;
  const enabled = sources.filter((s) => s.enabled);
  if (enabled.length === 0)
    return (
      <span class="sources" data-testid="trace-sources">
        No trace source: run <code>npx @spotlightjs/spotlight</code> or add Jaeger in settings
      </span>
    );
  return (
    <ul class="sources" aria-label="Trace sources" data-testid="trace-sources">
      {enabled.map((s) => {
        const detail = [
          s.baseUrl,
          s.version ? `version ${s.version}` : '',
          `${s.spansReceived} spans received`,
          s.lastError ? `last error: ${s.lastError}` : '',
        ]
          .filter(Boolean)
          .join('; ');
        return (
          <li key={s.id} class={`source source-${s.state}`} title={detail} data-state={s.state}>
            <span class="dot" aria-hidden="true" />
            {s.name ?? s.id}
            <span class="visually-hidden">: {s.state}</span>
          </li>
        );
      })}
    </ul>
  );
}
