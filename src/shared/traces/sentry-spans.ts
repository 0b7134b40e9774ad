/**
 * Spans from Sentry items: a `transaction` event (root span in `contexts.trace`, children in
 * `spans[]`), a v1 standalone `span` item (one span, no content_type), and a v2 `span` container
 * (`application/vnd.sentry.items.span.v2+json`: `{items: [...]}` with typed attributes).
 * Timestamps are float seconds, or RFC 3339 strings from the Python SDK.
 */
import { z } from 'zod';
import { jsonAttributes, sentryTypedAttributes, setOwn } from './attributes';
import { legacyMetricsSummary } from './metrics';
import type { Attributes, Span, SpanKind, SpanStatus } from './model';
import { parseWith } from './result';
import { secondsToMs } from './time';
import { parentIdFrom, spanIdFrom, traceIdFrom } from './wire-ids';

const timestamp = z.union([z.number(), z.string()]);
const jsonObject = z.record(z.string(), z.unknown()).nullish();
const v1SpanSchema = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string().nullish(),
  op: z.string().nullish(),
  description: z.string().nullish(),
  start_timestamp: timestamp,
  timestamp: timestamp.nullish(),
  status: z.string().nullish(),
  data: jsonObject,
  tags: jsonObject,
  measurements: z.record(z.string(), z.object({ value: z.number(), unit: z.string().optional() })).nullish(),
  _metrics_summary: z.unknown().optional(),
});
const transactionSchema = z.object({
  transaction: z.string().nullish(),
  start_timestamp: timestamp,
  timestamp,
  contexts: z.object({
    trace: v1SpanSchema.omit({ start_timestamp: true, timestamp: true }),
    otel: z.object({ resource: jsonObject }).nullish(),
  }),
  spans: z.array(v1SpanSchema).nullish(),
  tags: jsonObject,
  measurements: v1SpanSchema.shape.measurements,
  _metrics_summary: z.unknown().optional(),
});
const typedAttributes = z.record(z.string(), z.object({ value: z.unknown(), unit: z.string().optional() })).nullish();
const v2SpanSchema = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string().nullish(),
  name: z.string(),
  start_timestamp: timestamp,
  end_timestamp: timestamp,
  status: z.string().nullish(),
  attributes: typedAttributes,
  links: z.array(z.object({ trace_id: z.string(), span_id: z.string(), attributes: typedAttributes })).nullish(),
});
type V1Span = z.infer<typeof v1SpanSchema>;

// Sentry has no span kind; its op names the common cases, and OpenTelemetry-based SDKs add otel.kind.
const KIND_BY_OP: [string, SpanKind][] = [
  ['http.server', 'server'],
  ['http.client', 'client'],
  ['db', 'client'],
  ['queue.publish', 'producer'],
  ['queue.process', 'consumer'],
];

export function kindOf(op: string | undefined, attributes: Attributes): SpanKind {
  const otelKind = attributes['otel.kind'];
  if (typeof otelKind === 'string' && ['server', 'client', 'producer', 'consumer'].includes(otelKind.toLowerCase())) {
    return otelKind.toLowerCase() as SpanKind;
  }
  return KIND_BY_OP.find(([prefix]) => op === prefix || op?.startsWith(`${prefix}.`))?.[1] ?? 'internal';
}

/** Sentry statuses: `ok`; absent or `unset`; anything else (`internal_error`, `not_found`...) is an error. */
export function statusOf(status: string | null | undefined): SpanStatus {
  if (!status || status === 'unset') return { code: 'unset' };
  if (status === 'ok') return { code: 'ok' };
  return status === 'error' ? { code: 'error' } : { code: 'error', message: status };
}

/** Where a Sentry span's service comes from: an explicit `service.name`, else the envelope's default. */
function serviceOf(attributes: Attributes, fallback: string): string {
  const name = attributes['service.name'];
  return typeof name === 'string' && name !== '' ? name : fallback;
}

function v1Span(raw: V1Span, end: number | string, where: string, service: string): Span {
  const attributes = jsonAttributes(raw.data, `${where}.data`);
  for (const [key, value] of Object.entries(jsonAttributes(raw.tags, `${where}.tags`))) {
    if (!Object.hasOwn(attributes, key)) setOwn(attributes, key, value);
  }
  const units: Record<string, string> = {};
  for (const [name, m] of Object.entries(raw.measurements ?? {})) {
    // Sentry's own query language calls these `measurements.<name>`.
    setOwn(attributes, `measurements.${name}`, m.value);
    if (m.unit) setOwn(units, `measurements.${name}`, m.unit);
  }
  const parentSpanId = parentIdFrom(raw.parent_span_id, `${where}.parent_span_id`);
  const op = raw.op ?? undefined;
  const summary = legacyMetricsSummary(raw._metrics_summary);
  return {
    traceId: traceIdFrom(raw.trace_id, `${where}.trace_id`),
    spanId: spanIdFrom(raw.span_id, `${where}.span_id`),
    ...(parentSpanId ? { parentSpanId } : {}),
    name: raw.description ?? op ?? '',
    ...(op ? { op } : {}),
    service: serviceOf(attributes, service),
    kind: kindOf(op, attributes),
    start: secondsToMs(raw.start_timestamp, `${where}.start_timestamp`),
    end: secondsToMs(end, `${where}.timestamp`),
    status: statusOf(raw.status),
    attributes,
    ...(Object.keys(units).length > 0 ? { attributeUnits: units } : {}),
    resource: {},
    events: [],
    links: [],
    ...(summary ? { metricsSummary: summary } : {}),
  };
}

/** A `transaction` event: its root span and children. Unfinished children end when the transaction does. */
export function transactionSpans(payload: unknown, where: string, fallbackService: string): Span[] {
  const tx = parseWith(transactionSchema, payload, where);
  const resource = jsonAttributes(tx.contexts.otel?.resource, `${where}.contexts.otel.resource`);
  const service = serviceOf(resource, fallbackService);
  const root = v1Span(
    {
      ...tx.contexts.trace,
      // The transaction name is the root span's name; its description (if any) is less specific.
      description: tx.transaction ?? tx.contexts.trace.description,
      start_timestamp: tx.start_timestamp,
      tags: { ...tx.tags, ...tx.contexts.trace.tags },
      measurements: tx.measurements,
      _metrics_summary: tx._metrics_summary ?? tx.contexts.trace._metrics_summary,
    },
    tx.timestamp,
    `${where}.contexts.trace`,
    service,
  );
  const children = (tx.spans ?? []).map((span, i) =>
    v1Span(span, span.timestamp ?? tx.timestamp, `${where}.spans[${i}]`, service),
  );
  return [{ ...root, resource }, ...children.map((child) => ({ ...child, resource }))];
}

/** A v1 standalone `span` item. */
export function standaloneSpan(payload: unknown, where: string, service: string): Span {
  const raw = parseWith(v1SpanSchema, payload, where);
  return v1Span(raw, raw.timestamp ?? raw.start_timestamp, where, service);
}

/** A v2 `span` container: `{version, items: [...]}`. */
export function v2Spans(payload: unknown, where: string, fallbackService: string): Span[] {
  const container = parseWith(z.object({ items: z.array(v2SpanSchema) }), payload, where);
  return container.items.map((raw, i) => {
    const at = `${where}.items[${i}]`;
    const { attributes, units } = sentryTypedAttributes(raw.attributes ?? undefined, `${at}.attributes`);
    const sentryOp = attributes['sentry.op'];
    const op = typeof sentryOp === 'string' ? sentryOp : undefined;
    const parentSpanId = parentIdFrom(raw.parent_span_id, `${at}.parent_span_id`);
    return {
      traceId: traceIdFrom(raw.trace_id, `${at}.trace_id`),
      spanId: spanIdFrom(raw.span_id, `${at}.span_id`),
      ...(parentSpanId ? { parentSpanId } : {}),
      name: raw.name,
      ...(op ? { op } : {}),
      service: serviceOf(attributes, fallbackService),
      kind: kindOf(op, attributes),
      start: secondsToMs(raw.start_timestamp, `${at}.start_timestamp`),
      end: secondsToMs(raw.end_timestamp, `${at}.end_timestamp`),
      status: statusOf(raw.status),
      attributes,
      ...(Object.keys(units).length > 0 ? { attributeUnits: units } : {}),
      resource: {},
      events: [],
      links: (raw.links ?? []).map((link, j) => ({
        traceId: traceIdFrom(link.trace_id, `${at}.links[${j}]`),
        spanId: spanIdFrom(link.span_id, `${at}.links[${j}]`),
        attributes: sentryTypedAttributes(link.attributes ?? undefined, `${at}.links[${j}]`).attributes,
      })),
    };
  });
}
