/**
 * performanceSpan events for the document's navigation timing, its resources and web vitals (LCP, CLS,
 * INP, measured by Google's web-vitals library), in the shape Sentry's replay SDK records them.
 * fetch and XHR resources are left to the network capture, which knows their trace ids.
 */
import { record } from '@rrweb/record';
import { onCLS, onINP, onLCP, type Metric } from 'web-vitals';
import { performanceSpanEvent, webVitalSpan, type CustomEvent } from '../../shared/replay-events';

const NETWORK_INITIATORS = new Set(['fetch', 'xmlhttprequest', 'beacon']);
const at = (relative: number) => performance.timeOrigin + relative;

function navigationSpan(): CustomEvent | null {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (!nav) return null;
  return performanceSpanEvent({
    op: `navigation.${nav.type}`,
    description: nav.name,
    startMs: at(nav.startTime),
    endMs: at(nav.startTime + nav.duration),
    data: {
      size: nav.transferSize,
      encodedBodySize: nav.encodedBodySize,
      decodedBodySize: nav.decodedBodySize,
      duration: nav.duration,
      domInteractive: nav.domInteractive,
      domContentLoadedEventStart: nav.domContentLoadedEventStart,
      domContentLoadedEventEnd: nav.domContentLoadedEventEnd,
      loadEventStart: nav.loadEventStart,
      loadEventEnd: nav.loadEventEnd,
      domComplete: nav.domComplete,
      redirectCount: nav.redirectCount,
      statusCode: nav.responseStatus,
    },
  });
}

function resourceSpan(entry: PerformanceResourceTiming): CustomEvent {
  return performanceSpanEvent({
    op: `resource.${entry.initiatorType || 'other'}`,
    description: entry.name,
    startMs: at(entry.startTime),
    endMs: at(entry.responseEnd || entry.startTime + entry.duration),
    data: {
      size: entry.transferSize,
      encodedBodySize: entry.encodedBodySize,
      decodedBodySize: entry.decodedBodySize,
      statusCode: entry.responseStatus,
    },
  });
}

function vital(name: Parameters<typeof webVitalSpan>[0], metric: Metric): CustomEvent {
  const nodes = metric.entries.flatMap((e) => {
    const el = (e as { element?: Element | null }).element ?? (e as { target?: Node | null }).target ?? null;
    return el ? [record.mirror.getId(el)] : [];
  });
  return webVitalSpan(
    name,
    Date.now(),
    metric.value,
    metric.rating,
    nodes.filter((id) => id > 0),
  );
}

/** Starts observing; web-vitals reports each metric when the page is hidden or unloaded. */
export function startPerformance(add: (e: CustomEvent) => void): () => void {
  let stopped = false;
  const guarded = (e: CustomEvent | null) => {
    if (!stopped && e) add(e);
  };
  const whenLoaded = () => setTimeout(() => guarded(navigationSpan()), 0);
  if (document.readyState === 'complete') whenLoaded();
  else addEventListener('load', whenLoaded, { once: true });

  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      if (!NETWORK_INITIATORS.has(entry.initiatorType)) guarded(resourceSpan(entry));
    }
  });
  observer.observe({ type: 'resource', buffered: true });

  onLCP((m) => guarded(vital('largest-contentful-paint', m)));
  onCLS((m) => guarded(vital('cumulative-layout-shift', m)));
  onINP((m) => guarded(vital('interaction-to-next-paint', m)));
  return () => {
    stopped = true;
    observer.disconnect();
    removeEventListener('load', whenLoaded);
  };
}
