/**
 * Deep links, pure: where each configured backend's own UI shows a trace, so the panel can offer "open in
 * Jaeger / Zipkin / Sentry" next to the trace it drew. docs/traces.md#deep-links says where each URL comes from.
 */
import type { TraceSourceConfig, TracesSettings } from '../settings';
import { wireTraceId } from './sources';

export interface TraceLink {
  /** The source's id (`spotlight` for Spotlight). */
  sourceId: string;
  label: string;
  url: string;
}

const TRACE_ID_SLOT = '{traceId}';
const trimBase = (url: string) => url.replace(/\/+$/, '');

/** sentry.io and its regional API hosts (`us.sentry.io`, `de.sentry.io`): their UI lives at `{org}.sentry.io`. */
function isSentrySaas(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'sentry.io' || host.endsWith('.sentry.io');
  } catch {
    return false;
  }
}

/** The trace's page in a source's UI, or null when Tandem cannot build one (Tempo without a `uiUrl` template). */
function linkFor(source: TraceSourceConfig, traceId: string): string | null {
  const id = encodeURIComponent(wireTraceId(source.kind, traceId));
  if (source.uiUrl?.includes(TRACE_ID_SLOT)) return source.uiUrl.split(TRACE_ID_SLOT).join(id);
  const ui = trimBase(source.uiUrl ?? source.baseUrl);
  switch (source.kind) {
    case 'jaeger-v1':
    case 'jaeger-v3':
      return `${ui}/trace/${id}`;
    case 'zipkin-v2':
      return `${ui}/zipkin/traces/${id}`;
    case 'tempo-v1':
    case 'tempo-v2':
      // Grafana Explore needs the Tempo data source's uid in its URL: only a `uiUrl` template can say it.
      return null;
    case 'sentry': {
      if (!source.org) return null;
      const org = encodeURIComponent(source.org);
      if (!source.uiUrl && isSentrySaas(source.baseUrl)) return `https://${org}.sentry.io/explore/traces/trace/${id}/`;
      return `${ui}/organizations/${org}/explore/traces/trace/${id}/`;
    }
  }
}

/**
 * Links to `traceId` (32 lowercase hex) in the UI of every enabled source that has one, in the settings' order,
 * then Spotlight's UI (it has no page per trace, so the link opens its overview).
 */
export function traceLinks(traces: Pick<TracesSettings, 'sources' | 'spotlight'>, traceId: string): TraceLink[] {
  const links: TraceLink[] = [];
  for (const source of traces.sources) {
    if (!source.enabled) continue;
    const url = linkFor(source, traceId);
    if (url) links.push({ sourceId: source.id, label: source.name ?? source.id, url });
  }
  if (traces.spotlight.enabled) {
    links.push({ sourceId: 'spotlight', label: 'Spotlight', url: `${trimBase(traces.spotlight.url)}/` });
  }
  return links;
}
