/**
 * Finds the backend's trace id in a response's headers, whatever tracing system the backend runs,
 * so a recorded request can be linked to its trace. Also collects the Server-Timing metrics.
 */
import { type B3Context, parseB3Multi, parseB3Single } from './b3';
import { type HeaderInput, headerView } from './headers';
import { normalizeSpanId, normalizeTraceId } from './ids';
import { parseSentryTrace } from './sentry-trace';
import { parseServerTiming, type ServerTimingEntry } from './server-timing';
import { parseTraceparent } from './traceparent';
import { trimOws } from './text';
import { parseCloudTraceContext, parseDatadogTraceId, parseUberTraceId, parseXRayTraceId } from './vendors';

export interface ServerTimingMetric {
  name: string;
  dur: number;
  desc?: string;
}

export interface ResponseTrace {
  /** W3C form: 32 lowercase hex. */
  traceId: string | null;
  /** W3C form: 16 lowercase hex; only from the same header as the trace id. */
  spanId: string | null;
  /** Which header the ids came from, e.g. `server-timing:trace`, `server-timing:traceparent`, `x-amzn-trace-id`. */
  source: string | null;
  /** `x-request-id`: correlates logs, but is not a trace id (it rarely is one), so kept apart. */
  correlationId: string | null;
  /** Server-Timing entries with a numeric `dur`, other than the trace-carrying ones. */
  metrics: ServerTimingMetric[];
}

interface Found {
  traceId: string;
  spanId: string | null;
}

/** Server-Timing metric names that carry trace context rather than a timing (compared lowercased). */
const TRACE_METRICS = new Set(['trace', 'traceparent', 'traceresponse', 'sentry-trace', 'baggage']);

const fromTraceparent = (value: string | null | undefined): Found | null => {
  const tp = parseTraceparent(value);
  return tp ? { traceId: tp.traceId, spanId: tp.parentId } : null;
};

const fromSentryTrace = (value: string | null | undefined): Found | null => {
  const st = parseSentryTrace(value);
  return st ? { traceId: st.traceId, spanId: st.spanId } : null;
};

/**
 * The W3C trace metric (`trace`, Level 3 draft) or the older `traceparent` metric (Splunk and
 * others). The draft requires a full traceparent in `desc`; a bare 32-hex trace id is also seen in
 * the wild and accepted here with no span id, since it still names the trace.
 */
function fromTraceMetric(entries: readonly ServerTimingEntry[]): (Found & { metric: string }) | null {
  for (const entry of entries) {
    const metric = entry.name.toLowerCase();
    if ((metric !== 'trace' && metric !== 'traceparent') || entry.desc === undefined) continue;
    const full = fromTraceparent(entry.desc);
    if (full) return { ...full, metric };
    const bare = trimOws(entry.desc);
    const traceId = bare.length === 32 ? normalizeTraceId(bare) : null;
    if (traceId) return { traceId, spanId: null, metric };
  }
  return null;
}

/** `sentry-trace;desc="<traceid>-<spanid>-1"`, which Sentry's server SDKs add for pageload linking. */
function fromSentryMetric(entries: readonly ServerTimingEntry[]): Found | null {
  for (const entry of entries) {
    if (entry.name.toLowerCase() !== 'sentry-trace') continue;
    const found = fromSentryTrace(entry.desc);
    if (found) return found;
  }
  return null;
}

/** `x-trace-id` has no spec: accept a bare 32/16-hex id or a whole traceparent. */
function fromXTraceId(value: string | null): Found | null {
  const traceId = normalizeTraceId(value);
  return traceId ? { traceId, spanId: null } : fromTraceparent(value);
}

/** A B3 context with a 64-bit trace id is padded to the W3C width, as OpenTelemetry's B3 propagator does. */
function fromB3(b3: B3Context | null): Found | null {
  const traceId = normalizeTraceId(b3?.traceId);
  return traceId ? { traceId, spanId: normalizeSpanId(b3?.spanId) } : null;
}

/** A header (or Server-Timing metric) to try, and how to read it; `source` may refine the name. */
type Source = readonly [name: string, find: () => (Found & { source?: string }) | null];

/**
 * Looks for the trace id in priority order: the W3C Server-Timing trace metric, the legacy
 * `traceresponse` header, Sentry's Server-Timing metric and header, a `traceparent` response
 * header, `x-trace-id`, B3 (single, then multi), AWS X-Ray, Google Cloud, Jaeger, then Datadog.
 * The first header that parses wins; a malformed one is skipped. Header names are
 * case-insensitive. Never throws.
 */
export function traceIdsFromResponseHeaders(headers: HeaderInput): ResponseTrace {
  const view = headerView(headers);
  const timing = parseServerTiming(view.all('server-timing'));
  const get = (name: string): string | null => view.get(name);

  const sources: readonly Source[] = [
    [
      'server-timing:trace',
      () => {
        const found = fromTraceMetric(timing);
        return found && { ...found, source: `server-timing:${found.metric}` };
      },
    ],
    ['traceresponse', () => fromTraceparent(get('traceresponse'))],
    ['server-timing:sentry-trace', () => fromSentryMetric(timing)],
    ['sentry-trace', () => fromSentryTrace(get('sentry-trace'))],
    ['traceparent', () => fromTraceparent(get('traceparent'))],
    ['x-trace-id', () => fromXTraceId(get('x-trace-id'))],
    // The single `b3` header takes precedence over the `X-B3-*` ones, as the B3 README says.
    ['b3', () => fromB3(parseB3Single(get('b3')))],
    ['x-b3-traceid', () => fromB3(parseB3Multi(headers))],
    ['x-amzn-trace-id', () => parseXRayTraceId(get('x-amzn-trace-id'))],
    ['x-cloud-trace-context', () => parseCloudTraceContext(get('x-cloud-trace-context'))],
    ['uber-trace-id', () => parseUberTraceId(get('uber-trace-id'))],
    [
      'x-datadog-trace-id',
      () =>
        parseDatadogTraceId({
          traceId: get('x-datadog-trace-id'),
          parentId: get('x-datadog-parent-id'),
          tags: get('x-datadog-tags'),
        }),
    ],
  ];

  let found: Found | null = null;
  let source: string | null = null;
  for (const [name, find] of sources) {
    const hit = find();
    if (hit) {
      found = hit;
      source = hit.source ?? name;
      break;
    }
  }

  const requestId = get('x-request-id');
  // Capped: it is stored with every request, and a hostile server could make it megabytes long.
  const correlationId = requestId === null ? null : trimOws(requestId).slice(0, 256) || null;
  const metrics: ServerTimingMetric[] = [];
  for (const { name, dur, desc } of timing) {
    if (dur === undefined || TRACE_METRICS.has(name.toLowerCase())) continue;
    metrics.push(desc === undefined ? { name, dur } : { name, dur, desc });
  }
  return { traceId: found?.traceId ?? null, spanId: found?.spanId ?? null, source, correlationId, metrics };
}
