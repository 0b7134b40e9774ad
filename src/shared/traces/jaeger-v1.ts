/**
 * Jaeger's query API v1 (`/api/traces/{id}`, the UI model): `{data: [trace], errors}`, or one trace
 * object. Times are microseconds; the service lives in `processes[processID]`; the parent is a
 * reference; kind and status are tags (`span.kind`, `error`, `otel.status_code`).
 */
import { z } from 'zod';
import { assembleTraces } from './assemble';
import { integerValue, isRecord, jsonValue, setOwn } from './attributes';
import {
  checked,
  isResponse,
  isTrace,
  type JaegerProcess,
  type JaegerSpan,
  type JaegerTrace,
  responseSchema,
  type Tag,
  traceSchema,
} from './jaeger-v1-schema';
import type { Attributes, Span, SpanKind, SpanLink, SpanStatus, TracesResult } from './model';
import { fail, safely, warn } from './result';
import { microsToMs } from './time';
import { spanIdFrom, traceIdFrom } from './wire-ids';

// Tags that become fields of the model; dropping them keeps attributes the same as the OTLP original.
const FIELD_TAGS = new Set(['span.kind', 'otel.status_code', 'otel.status_description', 'otel.scope.name']);
const KINDS: ReadonlyMap<string, SpanKind> = new Map(
  (['server', 'client', 'producer', 'consumer', 'internal'] as const).map((kind) => [kind, kind]),
);

/** A tag's value; the error location is only built for a value that has to be checked further. */
function tagValue(tag: Tag, where: string) {
  const value = tag.value;
  // The common values, as jsonValue would return them, without making a location string per tag.
  if (typeof value === 'string') {
    // Jaeger prints an int64 beyond 2^53 as a string; keep its digits.
    return tag.type === 'int64' ? integerValue(value, `${where} ${tag.key}`) : value;
  }
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return jsonValue(value ?? null, `${where} ${tag.key}`);
}

function tagsToAttributes(tags: Tag[] | null | undefined, where: string): Attributes {
  const out: Attributes = {};
  if (tags) for (const tag of tags) setOwn(out, tag.key, tagValue(tag, where));
  return out;
}

/** The tags that become fields of the span; the last of a repeated key wins, as in the attributes. */
interface FieldTags {
  kind?: unknown;
  statusCode?: unknown;
  statusMessage?: unknown;
  scope?: unknown;
  error?: unknown;
}

/** A span's tags as attributes without the field tags, and the field tags apart. */
function spanTags(tags: Tag[] | null | undefined, where: string, fields: FieldTags): Attributes {
  const out: Attributes = {};
  if (!tags) return out;
  for (const tag of tags) {
    const value = tagValue(tag, where);
    if (tag.key === 'error') fields.error = value;
    if (!FIELD_TAGS.has(tag.key)) setOwn(out, tag.key, value);
    else if (tag.key === 'span.kind') fields.kind = value;
    else if (tag.key === 'otel.status_code') fields.statusCode = value;
    else if (tag.key === 'otel.status_description') fields.statusMessage = value;
    else fields.scope = value;
  }
  return out;
}

function statusOf({ statusCode: code, statusMessage: message, error }: FieldTags): SpanStatus {
  if (code === 'ERROR' || error === true || error === 'true') {
    return typeof message === 'string' && message !== '' ? { code: 'error', message } : { code: 'error' };
  }
  if (code === 'OK') return { code: 'ok' };
  return { code: 'unset' };
}

/** Trace ids met before, by their wire spelling: a trace's spans and references repeat the same few. */
function traceIdCache(): (wire: string, where: string, field: string) => string {
  const known = new Map<string, string>();
  return (wire, where, field) => {
    let id = known.get(wire);
    if (id === undefined) {
      id = traceIdFrom(wire, `${where}${field}`);
      known.set(wire, id);
    }
    return id;
  };
}
type TraceIdOf = ReturnType<typeof traceIdCache>;

/**
 * The parent is the first CHILD_OF reference within the same trace, else the first FOLLOWS_FROM
 * (Jaeger's own `ParentSpanID` rule); every other reference becomes a link.
 */
function parentAndLinks(span: JaegerSpan, traceId: string, where: string, traceIdOf: TraceIdOf) {
  const references = span.references;
  if (!references || references.length === 0) return { parent: undefined, links: [] as SpanLink[] };
  const refs = references.map((ref, i) => ({
    type: ref.refType,
    traceId: traceIdOf(ref.traceID, where, `.references[${i}]`),
    spanId: spanIdFrom(ref.spanID, `${where}.references[${i}]`),
  }));
  let parent = refs.find((ref) => ref.traceId === traceId && ref.type === 'CHILD_OF');
  parent ??= refs.find((ref) => ref.traceId === traceId && ref.type === 'FOLLOWS_FROM');
  const links: SpanLink[] = [];
  for (const ref of refs) {
    if (ref === parent) continue;
    const attributes = { 'opentracing.ref_type': ref.type.toLowerCase() };
    links.push({ traceId: ref.traceId, spanId: ref.spanId, attributes });
  }
  return { parent: parent?.spanId, links };
}

/**
 * Each process's tags as attributes, converted once and shared by its spans (as OTLP's resource is):
 * converting them again for every span was a large part of normalising a big trace.
 */
function resourceCache(where: string): (process: JaegerProcess | undefined) => Attributes {
  const cache = new Map<JaegerProcess, Attributes>();
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

interface Context {
  trace: JaegerTrace;
  warnings: string[];
  resourceOf: (process: JaegerProcess | undefined) => Attributes;
  traceIdOf: TraceIdOf;
}

function convertSpan(span: JaegerSpan, where: string, { trace, warnings, resourceOf, traceIdOf }: Context): Span {
  const traceId = traceIdOf(span.traceID, where, '.traceID');
  const { processes } = trace;
  // hasOwn: a processID such as `__proto__` must not find Object.prototype.
  const shared = span.processID && processes && Object.hasOwn(processes, span.processID);
  const process = span.process ?? (shared ? processes[span.processID!] : undefined);
  if (!process) warn(warnings, `${where}: process ${span.processID ?? '(none)'} not found`);
  for (const text of span.warnings ?? []) warn(warnings, `${where}: Jaeger warns "${text}"`);
  const fields: FieldTags = {};
  const attributes = spanTags(span.tags, where, fields);
  const { parent, links } = parentAndLinks(span, traceId, where, traceIdOf);
  const start = microsToMs(span.startTime, where);
  // The same key order as every other normaliser: stored and exported spans read alike.
  return {
    traceId,
    spanId: spanIdFrom(span.spanID, `${where}.spanID`),
    ...(parent ? { parentSpanId: parent } : {}),
    name: span.operationName ?? '',
    service: process?.serviceName ?? 'unknown_service',
    kind: (typeof fields.kind === 'string' ? KINDS.get(fields.kind) : undefined) ?? 'internal',
    start,
    end: start + microsToMs(span.duration ?? 0, where),
    status: statusOf(fields),
    attributes,
    resource: resourceOf(process),
    ...(typeof fields.scope === 'string' ? { scope: { name: fields.scope } } : {}),
    events: span.logs ? span.logs.map((log, i) => eventOf(log, `${where}.logs[${i}]`)) : [],
    links,
  };
}

function eventOf(log: NonNullable<JaegerSpan['logs']>[number], where: string) {
  const fields = tagsToAttributes(log.fields, where);
  // OpenTelemetry's Jaeger translator writes the event name into an `event` field.
  const name = typeof fields.event === 'string' ? fields.event : 'log';
  if (typeof fields.event === 'string') delete fields.event;
  return { name, time: microsToMs(log.timestamp, where), attributes: fields };
}

function tracesOf(payload: unknown, warnings: string[]): JaegerTrace[] {
  if (Array.isArray(payload))
    return checked((p) => (p as unknown[]).every(isTrace), z.array(traceSchema), payload, 'traces');
  if (!isRecord(payload)) return fail('expected a JSON object');
  if (!('data' in payload) && 'spans' in payload) return [checked(isTrace, traceSchema, payload, 'trace')];
  const response = checked(isResponse, responseSchema, payload, 'response');
  const errors = (response.errors ?? []).map((e) => `${e.code ?? ''} ${e.msg ?? ''}`.trim());
  if (errors.length > 0 && (response.data ?? []).length === 0) fail(`backend error ${errors.join('; ')}`);
  for (const error of errors) warn(warnings, `Jaeger reports: ${error}`);
  return response.data ?? [];
}

/** Jaeger v1 JSON: the API response, one trace object, or an array of them. */
export function normalizeJaegerV1(payload: unknown): TracesResult {
  return safely('Jaeger v1', (warnings) => {
    const traceIdOf = traceIdCache();
    const spans: Span[] = [];
    tracesOf(payload, warnings).forEach((trace, t) => {
      for (const text of trace.warnings ?? []) warn(warnings, `trace ${t}: Jaeger warns "${text}"`);
      const context = { trace, warnings, resourceOf: resourceCache(`data[${t}]`), traceIdOf };
      for (const [i, span] of trace.spans.entries()) spans.push(convertSpan(span, `data[${t}].spans[${i}]`, context));
    });
    return assembleTraces({ spans }, warnings);
  });
}
