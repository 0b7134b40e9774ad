/**
 * Jaeger's query API v1 (`/api/traces/{id}`, the UI model): `{data: [trace], errors}`, or one trace
 * object. Times are microseconds; the service lives in `processes[processID]`; the parent is a
 * reference; kind and status are tags (`span.kind`, `error`, `otel.status_code`).
 */
import { z } from 'zod';
import { assembleTraces } from './assemble';
import { integerValue, isRecord, jsonValue, setOwn } from './attributes';
import type { Attributes, Span, SpanKind, SpanLink, SpanStatus, TracesResult } from './model';
import { fail, parseWith, safely, warn } from './result';
import { microsToMs } from './time';
import { spanIdFrom, traceIdFrom } from './wire-ids';

const tagSchema = z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() });
const tagsSchema = z.array(tagSchema).nullish();
const processSchema = z.object({ serviceName: z.string(), tags: tagsSchema });
const spanSchema = z.object({
  traceID: z.string(),
  spanID: z.string(),
  operationName: z.string().optional(),
  references: z.array(z.object({ refType: z.string(), traceID: z.string(), spanID: z.string() })).nullish(),
  startTime: z.number(),
  duration: z.number().optional(),
  tags: tagsSchema,
  logs: z.array(z.object({ timestamp: z.number(), fields: tagsSchema })).nullish(),
  processID: z.string().optional(),
  process: processSchema.optional(),
  warnings: z.array(z.string()).nullish(),
});
const traceSchema = z.object({
  spans: z.array(spanSchema),
  processes: z.record(z.string(), processSchema).nullish(),
  warnings: z.array(z.string()).nullish(),
});
const responseSchema = z.object({
  data: z.array(traceSchema).nullish(),
  errors: z.array(z.object({ code: z.number().optional(), msg: z.string().optional() })).nullish(),
});
type JaegerSpan = z.infer<typeof spanSchema>;
type JaegerTrace = z.infer<typeof traceSchema>;
type Tag = z.infer<typeof tagSchema>;

// Tags that become fields of the model; dropping them keeps attributes the same as the OTLP original.
const FIELD_TAGS = new Set(['span.kind', 'otel.status_code', 'otel.status_description', 'otel.scope.name']);
const KINDS: ReadonlyMap<string, SpanKind> = new Map(
  (['server', 'client', 'producer', 'consumer', 'internal'] as const).map((kind) => [kind, kind]),
);

function tagValue(tag: Tag, where: string) {
  // Jaeger prints an int64 beyond 2^53 as a string; keep its digits.
  if (tag.type === 'int64' && typeof tag.value === 'string') return integerValue(tag.value, where);
  return jsonValue(tag.value ?? null, where);
}

function tagsToAttributes(tags: Tag[] | null | undefined, where: string): Attributes {
  const out: Attributes = {};
  for (const tag of tags ?? []) setOwn(out, tag.key, tagValue(tag, `${where} ${tag.key}`));
  return out;
}

function statusOf(tags: Attributes): SpanStatus {
  const code = tags['otel.status_code'];
  const message = tags['otel.status_description'];
  const withMessage = (status: SpanStatus): SpanStatus =>
    typeof message === 'string' && message !== '' ? { ...status, message } : status;
  if (code === 'ERROR' || tags.error === true || tags.error === 'true') return withMessage({ code: 'error' });
  if (code === 'OK') return { code: 'ok' };
  return { code: 'unset' };
}

/**
 * The parent is the first CHILD_OF reference within the same trace, else the first FOLLOWS_FROM
 * (Jaeger's own `ParentSpanID` rule); every other reference becomes a link.
 */
function parentAndLinks(span: JaegerSpan, traceId: string, where: string): { parent?: string; links: SpanLink[] } {
  const refs = (span.references ?? []).map((ref, i) => ({
    type: ref.refType,
    traceId: traceIdFrom(ref.traceID, `${where}.references[${i}]`),
    spanId: spanIdFrom(ref.spanID, `${where}.references[${i}]`),
  }));
  const sameTrace = refs.filter((ref) => ref.traceId === traceId);
  const parent =
    sameTrace.find((ref) => ref.type === 'CHILD_OF') ?? sameTrace.find((ref) => ref.type === 'FOLLOWS_FROM');
  const links = refs
    .filter((ref) => ref !== parent)
    .map((ref) => ({
      traceId: ref.traceId,
      spanId: ref.spanId,
      attributes: { 'opentracing.ref_type': ref.type.toLowerCase() },
    }));
  return parent ? { parent: parent.spanId, links } : { links };
}

type Process = z.infer<typeof processSchema>;

/**
 * Each process's tags as attributes, converted once and shared by its spans (as OTLP's resource is):
 * converting them again for every span was a large part of normalising a big trace.
 */
function resourceCache(where: string): (process: Process | undefined) => Attributes {
  const cache = new Map<Process, Attributes>();
  return (process) => {
    if (!process) return {};
    let resource = cache.get(process);
    if (!resource) {
      resource = tagsToAttributes(process.tags, `${where}.process`);
      cache.set(process, resource);
    }
    return resource;
  };
}

function convertSpan(
  span: JaegerSpan,
  trace: JaegerTrace,
  where: string,
  warnings: string[],
  resourceOf: (process: Process | undefined) => Attributes,
): Span {
  const traceId = traceIdFrom(span.traceID, `${where}.traceID`);
  const { processes } = trace;
  // hasOwn: a processID such as `__proto__` must not find Object.prototype.
  const shared = span.processID && processes && Object.hasOwn(processes, span.processID);
  const process = span.process ?? (shared ? processes[span.processID!] : undefined);
  if (!process) warn(warnings, `${where}: process ${span.processID ?? '(none)'} not found`);
  for (const text of span.warnings ?? []) warn(warnings, `${where}: Jaeger warns "${text}"`);
  const allTags = tagsToAttributes(span.tags, where);
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(allTags)) if (!FIELD_TAGS.has(key)) setOwn(attributes, key, value);
  const kindTag = allTags['span.kind'];
  const scopeTag = allTags['otel.scope.name'];
  const { parent, links } = parentAndLinks(span, traceId, where);
  const start = microsToMs(span.startTime, where);
  return {
    traceId,
    spanId: spanIdFrom(span.spanID, `${where}.spanID`),
    ...(parent ? { parentSpanId: parent } : {}),
    name: span.operationName ?? '',
    service: process?.serviceName ?? 'unknown_service',
    kind: (typeof kindTag === 'string' ? KINDS.get(kindTag) : undefined) ?? 'internal',
    start,
    end: start + microsToMs(span.duration ?? 0, where),
    status: statusOf(allTags),
    attributes,
    resource: resourceOf(process),
    ...(typeof scopeTag === 'string' ? { scope: { name: scopeTag } } : {}),
    events: (span.logs ?? []).map((log, i) => {
      const fields = tagsToAttributes(log.fields, `${where}.logs[${i}]`);
      // OpenTelemetry's Jaeger translator writes the event name into an `event` field.
      const name = typeof fields.event === 'string' ? fields.event : 'log';
      if (typeof fields.event === 'string') delete fields.event;
      return { name, time: microsToMs(log.timestamp, `${where}.logs[${i}]`), attributes: fields };
    }),
    links,
  };
}

function tracesOf(payload: unknown, warnings: string[]): JaegerTrace[] {
  if (Array.isArray(payload)) return parseWith(z.array(traceSchema), payload, 'traces');
  if (!isRecord(payload)) return fail('expected a JSON object');
  if (!('data' in payload) && 'spans' in payload) return [parseWith(traceSchema, payload, 'trace')];
  const response = parseWith(responseSchema, payload, 'response');
  const errors = (response.errors ?? []).map((e) => `${e.code ?? ''} ${e.msg ?? ''}`.trim());
  if (errors.length > 0 && (response.data ?? []).length === 0) fail(`backend error ${errors.join('; ')}`);
  for (const error of errors) warn(warnings, `Jaeger reports: ${error}`);
  return response.data ?? [];
}

/** Jaeger v1 JSON: the API response, one trace object, or an array of them. */
export function normalizeJaegerV1(payload: unknown): TracesResult {
  return safely('Jaeger v1', (warnings) => {
    const spans = tracesOf(payload, warnings).flatMap((trace, t) => {
      for (const text of trace.warnings ?? []) warn(warnings, `trace ${t}: Jaeger warns "${text}"`);
      const resourceOf = resourceCache(`data[${t}]`);
      return trace.spans.map((span, i) => convertSpan(span, trace, `data[${t}].spans[${i}]`, warnings, resourceOf));
    });
    return assembleTraces({ spans }, warnings);
  });
}
