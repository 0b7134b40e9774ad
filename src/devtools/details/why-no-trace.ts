/**
 * Why a request shows no backend spans, in words (docs/panel.md): the developer should not have to guess
 * whether the request was never traced, the backend is down, or the trace is still on its way.
 */
import type { TraceSourceStatus } from '../../shared/protocol';
import type { RequestRow } from '../session/request-rows';

export function whyNoTrace(row: RequestRow, sources: readonly TraceSourceStatus[] | null): string {
  if (!row.record) return 'Not traced: only the page saw this request (resource timing), the network capture did not.';
  if (!row.traceId)
    return (
      'Not traced: Tandem did not send a trace id with this request (cross-origin and not a propagation target, ' +
      'or propagation is off) and the response named none.'
    );
  const enabled = (sources ?? []).filter((s) => s.enabled);
  if (enabled.length === 0)
    return (
      'No trace source is on: start Spotlight (npx @spotlightjs/spotlight) ' +
      'or add Jaeger, Tempo or Zipkin in settings.'
    );
  const down = enabled.filter((s) => s.state === 'unreachable' || s.state === 'failing');
  if (down.length === enabled.length)
    return `No trace source answers: ${down.map((s) => `${s.name ?? s.id} (${s.lastError ?? s.state})`).join(', ')}.`;
  return (
    'Trace not found yet: backends ingest late, so the sources are asked again for about 30 s. If it never ' +
    'arrives, the backend did not record it (sampled out) or sends it somewhere Tandem does not read.'
  );
}
