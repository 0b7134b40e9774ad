/**
 * The one normalised trace model every backend format is converted into (Jaeger, Tempo, Zipkin,
 * OTLP, Sentry envelopes), so the panel joins, draws and summarises traces without knowing where
 * they came from. Pure types: nothing here touches Chrome or the DOM.
 *
 * Conventions, whatever the source:
 * - Trace ids are 32 lowercase hex characters; 64-bit trace ids (Jaeger, Zipkin, B3) are left-padded
 *   with zeros, as OpenTelemetry's propagators do, so they match the id a request header carried.
 * - Span ids are 16 lowercase hex characters. An all-zero parent id means "no parent".
 * - Times are epoch milliseconds as numbers (floats keep sub-millisecond precision: at today's
 *   epoch a double resolves well under a microsecond).
 */

/** Epoch milliseconds; fractional part keeps microseconds and below. */
export type EpochMs = number;

/** OpenTelemetry's span kinds; `internal` also stands for "unspecified" and for Zipkin's local spans. */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** OpenTelemetry's status codes. Sentry's many statuses map to `ok`, or to `error` with the status as message. */
export type SpanStatusCode = 'unset' | 'ok' | 'error';

export interface SpanStatus {
  code: SpanStatusCode;
  message?: string;
}

/**
 * An attribute value as the source gave it. Integers beyond 2^53 stay decimal strings (Jaeger,
 * OTLP `intValue`) rather than losing digits; bytes stay base64 strings.
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | readonly AttributeValue[]
  | { readonly [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

/** A timed annotation on a span: OTLP events, Jaeger logs, Zipkin annotations. */
export interface SpanEvent {
  name: string;
  time: EpochMs;
  attributes: Attributes;
}

/**
 * A link to another span, possibly in another trace: OTLP links, Jaeger references other than the
 * parent (with `opentracing.ref_type`, as OpenTelemetry's Jaeger translator writes it), Sentry v2 links.
 */
export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

export interface Span {
  traceId: string;
  spanId: string;
  /**
   * The id the source used, present only when it was not unique in the trace and `spanId` had to be
   * derived (Zipkin's shared client/server ids, repeated Jaeger ids): look-ups by a header's span id
   * should try this too.
   */
  wireSpanId?: string;
  /** Absent on a root; may name a span that is not in the trace (an unfinished or lost parent). */
  parentSpanId?: string;
  name: string;
  /** Sentry's operation category (`http.server`, `db`...): only when the source has one. */
  op?: string;
  /** The service that recorded the span (`service.name`, Jaeger's process, Zipkin's local endpoint). */
  service: string;
  kind: SpanKind;
  start: EpochMs;
  end: EpochMs;
  status: SpanStatus;
  attributes: Attributes;
  /** Units the source gave for attributes (Sentry v2 typed attributes, measurements), by key. */
  attributeUnits?: Record<string, string>;
  /** The process or resource attributes (OTLP resource, Jaeger process tags). */
  resource: Attributes;
  /** The instrumentation scope (OTLP scope, Jaeger's `otel.scope.name`), when known. */
  scope?: { name: string; version?: string };
  events: SpanEvent[];
  links: SpanLink[];
  /** A legacy Sentry `_metrics_summary` found on the span, keys normalised (see metrics.ts). */
  metricsSummary?: MetricSummaries;
}

/** An error event (Sentry `event` item), linked to its trace and, when known, its span. */
export interface TraceError {
  eventId: string;
  traceId: string;
  spanId?: string;
  time: EpochMs;
  /** Sentry level: `error`, `fatal`, `warning`... */
  level: string;
  /** Exception type (`TypeError`); absent for a message event. */
  type?: string;
  message: string;
  /** Transaction or culprit the SDK named, if any. */
  transaction?: string;
  platform?: string;
}

/** A structured log line (Sentry `log` item). */
export interface TraceLog {
  traceId: string;
  spanId?: string;
  time: EpochMs;
  level: string;
  severityNumber?: number;
  body: string;
  attributes: Attributes;
}

export type MetricType = 'counter' | 'gauge' | 'distribution' | 'set';

/** One recorded metric value (Sentry `trace_metric` item), before summarising. */
export interface MetricPoint {
  traceId: string;
  spanId?: string;
  time: EpochMs;
  name: string;
  type: MetricType;
  /** `none` when the source gave no unit (Sentry's own default). */
  unit: string;
  value: number;
  tags: Record<string, string>;
}

/** One entry of a metric summary: the values recorded for one distinct tag set. */
export interface MetricSummaryEntry {
  min: number;
  max: number;
  count: number;
  sum: number;
  tags: Record<string, string>;
}

/**
 * Metric summaries in the shape of Sentry's metrics-correlation RFC (`_metrics_summary`): key
 * `<type letter>:<name>@<unit>` (c counter, d distribution, g gauge, s set), one entry per tag set.
 */
export type MetricSummaries = Record<string, MetricSummaryEntry[]>;

/** Everything known about one trace: mergeable with more of the same trace from another payload. */
export interface Trace {
  traceId: string;
  /** Span ids are unique within a trace (normalisers make them so; see zipkin-v2.ts). */
  spans: Span[];
  errors: TraceError[];
  logs: TraceLog[];
  metricPoints: MetricPoint[];
}

/** What every normaliser returns: traces, or one clear error and nothing half-built. */
export type TracesResult = { ok: true; traces: Trace[]; warnings: string[] } | { ok: false; error: string };
