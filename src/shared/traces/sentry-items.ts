/**
 * A Sentry envelope's items as traces: spans (sentry-spans.ts), `event` items as errors linked by
 * `contexts.trace`, `log` items, and `trace_metric` items as metric points (summarised in metrics.ts).
 * Other item types (sessions, replays, client reports, attachments...) are not trace data and are skipped.
 */
import { z } from 'zod';
import { type TraceParts, assembleTraces } from './assemble';
import { isRecord, sentryTypedAttributes, setOwn } from './attributes';
import type { MetricPoint, Span, TraceError, TraceLog, TracesResult } from './model';
import { parseWith, safely, warn } from './result';
import { type EnvelopeItem, parseSentryEnvelope } from './sentry-envelope';
import { standaloneSpan, transactionSpans, v2Spans } from './sentry-spans';
import { secondsToMs } from './time';
import { spanIdFrom, traceIdFrom } from './wire-ids';

const SPAN_V2 = 'application/vnd.sentry.items.span.v2+json';
const timestamp = z.union([z.number(), z.string()]);
const messageSchema = z.object({ formatted: z.string().nullish(), message: z.string().nullish() });
const eventSchema = z.object({
  event_id: z.string().max(64).optional(),
  timestamp: timestamp.optional(),
  level: z.string().optional(),
  platform: z.string().optional(),
  transaction: z.string().nullish(),
  message: z.union([z.string(), messageSchema]).nullish(),
  logentry: messageSchema.nullish(),
  exception: z
    .object({ values: z.array(z.object({ type: z.string().nullish(), value: z.string().nullish() })).nullish() })
    .nullish(),
  contexts: z
    .object({ trace: z.object({ trace_id: z.string().optional(), span_id: z.string().optional() }).nullish() })
    .nullish(),
});
const typedAttributes = z.record(z.string(), z.object({ value: z.unknown(), unit: z.string().optional() })).nullish();
const logsSchema = z.object({
  items: z.array(
    z.object({
      timestamp,
      trace_id: z.string().optional(),
      span_id: z.string().optional(),
      level: z.string(),
      body: z.string(),
      severity_number: z.number().optional(),
      attributes: typedAttributes,
    }),
  ),
});
const metricsSchema = z.object({
  items: z.array(
    z.object({
      timestamp,
      trace_id: z.string().optional(),
      span_id: z.string().optional(),
      name: z.string(),
      type: z.enum(['counter', 'gauge', 'distribution', 'set']),
      unit: z.string().optional(),
      value: z.number(),
      attributes: typedAttributes,
    }),
  ),
});

export interface SentryOptions {
  /** The service to name on spans that carry no `service.name` (default: the envelope's SDK name). */
  service?: string;
}

interface Context {
  header: Record<string, unknown>;
  service: string;
  warnings: string[];
}

/** The trace id the envelope header's dynamic sampling context carries, a fallback for events. */
function headerTraceId(header: Record<string, unknown>): string | undefined {
  const trace = header.trace;
  return isRecord(trace) && typeof trace.trace_id === 'string' ? trace.trace_id : undefined;
}

function errorOf(payload: unknown, where: string, ctx: Context): TraceError | undefined {
  const event = parseWith(eventSchema, payload, where);
  const rawTraceId = event.contexts?.trace?.trace_id ?? headerTraceId(ctx.header);
  if (!rawTraceId) {
    warn(ctx.warnings, `${where}: event without a trace id, skipped`);
    return undefined;
  }
  // Chained exceptions are listed oldest first; the last is the one that surfaced.
  const exception = event.exception?.values?.at(-1);
  const text = typeof event.message === 'string' ? event.message : (event.message?.formatted ?? event.message?.message);
  const message = exception?.value ?? event.logentry?.formatted ?? event.logentry?.message ?? text ?? '';
  const eventId = event.event_id ?? (typeof ctx.header.event_id === 'string' ? ctx.header.event_id : '');
  const spanId = event.contexts?.trace?.span_id;
  return {
    eventId,
    traceId: traceIdFrom(rawTraceId, `${where}.contexts.trace.trace_id`),
    ...(spanId ? { spanId: spanIdFrom(spanId, `${where}.contexts.trace.span_id`) } : {}),
    time: event.timestamp === undefined ? 0 : secondsToMs(event.timestamp, `${where}.timestamp`),
    level: event.level ?? 'error',
    ...(exception?.type ? { type: exception.type } : {}),
    message,
    ...(event.transaction ? { transaction: event.transaction } : {}),
    ...(event.platform ? { platform: event.platform } : {}),
  };
}

function logsOf(payload: unknown, where: string, ctx: Context): TraceLog[] {
  return parseWith(logsSchema, payload, where).items.flatMap((item, i): TraceLog[] => {
    const at = `${where}.items[${i}]`;
    if (!item.trace_id) {
      warn(ctx.warnings, `${at}: log without a trace id, skipped`);
      return [];
    }
    const { attributes } = sentryTypedAttributes(item.attributes ?? undefined, `${at}.attributes`);
    // SDKs put the active span in an attribute rather than a field.
    const parent = attributes['sentry.trace.parent_span_id'];
    const spanId = item.span_id ?? (typeof parent === 'string' ? parent : undefined);
    return [
      {
        traceId: traceIdFrom(item.trace_id, `${at}.trace_id`),
        ...(spanId ? { spanId: spanIdFrom(spanId, `${at}.span_id`) } : {}),
        time: secondsToMs(item.timestamp, `${at}.timestamp`),
        level: item.level,
        ...(item.severity_number === undefined ? {} : { severityNumber: item.severity_number }),
        body: item.body,
        attributes,
      },
    ];
  });
}

function metricPointsOf(payload: unknown, where: string, ctx: Context): MetricPoint[] {
  return parseWith(metricsSchema, payload, where).items.flatMap((item, i): MetricPoint[] => {
    const at = `${where}.items[${i}]`;
    if (!item.trace_id) {
      warn(ctx.warnings, `${at}: metric without a trace id, skipped`);
      return [];
    }
    const { attributes } = sentryTypedAttributes(item.attributes ?? undefined, `${at}.attributes`);
    // `sentry.*` attributes are SDK bookkeeping (release, sequence numbers); as tags they would split every entry.
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (!key.startsWith('sentry.')) setOwn(tags, key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return [
      {
        traceId: traceIdFrom(item.trace_id, `${at}.trace_id`),
        ...(item.span_id ? { spanId: spanIdFrom(item.span_id, `${at}.span_id`) } : {}),
        time: secondsToMs(item.timestamp, `${at}.timestamp`),
        name: item.name,
        type: item.type,
        unit: item.unit || 'none',
        value: item.value,
        tags,
      },
    ];
  });
}

function collect(item: EnvelopeItem, index: number, ctx: Context, parts: Required<TraceParts>): void {
  const where = `item ${index + 1} (${item.header.type})`;
  const { payload } = item;
  switch (item.header.type) {
    case 'transaction':
      parts.spans.push(...transactionSpans(payload, where, ctx.service));
      break;
    case 'span': {
      const v2 = item.header.content_type === SPAN_V2 || (isRecord(payload) && Array.isArray(payload.items));
      const spans: Span[] = v2 ? v2Spans(payload, where, ctx.service) : [standaloneSpan(payload, where, ctx.service)];
      parts.spans.push(...spans);
      break;
    }
    case 'event': {
      const error = errorOf(payload, where, ctx);
      if (error) parts.errors.push(error);
      break;
    }
    case 'log':
      parts.logs.push(...logsOf(payload, where, ctx));
      break;
    case 'trace_metric':
      parts.metricPoints.push(...metricPointsOf(payload, where, ctx));
      break;
  }
}

/** A Sentry envelope (raw text, bytes, or Spotlight's parsed JSON form) as traces. */
export function normalizeSentryEnvelope(input: unknown, options: SentryOptions = {}): TracesResult {
  const parsed = parseSentryEnvelope(input);
  if (!parsed.ok) return parsed;
  const { header, items } = parsed.envelope;
  return safely('Sentry envelope', (warnings) => {
    const sdk = header.sdk;
    const sdkName = isRecord(sdk) && typeof sdk.name === 'string' ? sdk.name : undefined;
    const ctx: Context = { header, service: options.service ?? sdkName ?? 'unknown_service', warnings };
    const parts: Required<TraceParts> = { spans: [], errors: [], logs: [], metricPoints: [] };
    for (const [i, item] of items.entries()) collect(item, i, ctx, parts);
    return assembleTraces(parts, warnings);
  });
}
