/**
 * The shape of OTLP/JSON traces, as zod schemas (the contract and the error messages) and as hand checks
 * that accept no more than the schemas do, as for Jaeger v1 (jaeger-v1-schema.ts): a payload that passes
 * the checks is used as it is, sparing zod's copy of every object; one that fails them is parsed by zod.
 */
import { z } from 'zod';
import { isRecord } from './attributes';
import { parseWith } from './result';

const nanos = z.union([z.string(), z.number()]);
const enumValue = z.union([z.number().int(), z.string()]);
const keyValues = z.array(z.unknown()).optional();

const eventSchema = z.object({ timeUnixNano: nanos.optional(), name: z.string().optional(), attributes: keyValues });
const linkSchema = z.object({ traceId: z.string(), spanId: z.string(), attributes: keyValues });
const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: enumValue.optional(),
  startTimeUnixNano: nanos.optional(),
  endTimeUnixNano: nanos.optional(),
  attributes: keyValues,
  events: z.array(eventSchema).optional(),
  links: z.array(linkSchema).optional(),
  status: z.object({ code: enumValue.optional(), message: z.string().optional() }).optional(),
});
const scopeSchema = z.object({ name: z.string().optional(), version: z.string().optional() }).optional();
const resourceSpansSchema = z.object({
  resource: z.object({ attributes: keyValues }).optional(),
  scopeSpans: z.array(z.object({ scope: scopeSchema, spans: z.array(spanSchema).optional() })).optional(),
  instrumentationLibrarySpans: z
    .array(z.object({ instrumentationLibrary: scopeSchema, spans: z.array(spanSchema).optional() }))
    .optional(),
});
export type ResourceSpans = z.infer<typeof resourceSpansSchema>;
export const resourceSpansList = z.array(resourceSpansSchema).optional();

// Each check mirrors its schema: z.number() refuses NaN and the infinities, int() unsafe integers too,
// optional() is undefined, z.object() any non-array object. Stricter than the schema is safe: zod then decides.
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);

function every(v: unknown, ok: (item: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (const item of v) if (!ok(item)) return false;
  return true;
}

const isNanos = (v: unknown) => isString(v) || isNumber(v);
const isEnum = (v: unknown) => Number.isSafeInteger(v) || isString(v);
const isKeyValues = (v: unknown) => v === undefined || Array.isArray(v);
const isEvent = (e: unknown) =>
  isRecord(e) && optional(e.timeUnixNano, isNanos) && optional(e.name, isString) && isKeyValues(e.attributes);
const isLink = (l: unknown) => isRecord(l) && isString(l.traceId) && isString(l.spanId) && isKeyValues(l.attributes);
const isStatus = (s: unknown) => isRecord(s) && optional(s.code, isEnum) && optional(s.message, isString);

function isSpan(s: unknown): boolean {
  return (
    isRecord(s) &&
    isString(s.traceId) &&
    isString(s.spanId) &&
    optional(s.parentSpanId, isString) &&
    optional(s.name, isString) &&
    optional(s.kind, isEnum) &&
    optional(s.startTimeUnixNano, isNanos) &&
    optional(s.endTimeUnixNano, isNanos) &&
    isKeyValues(s.attributes) &&
    optional(s.events, (events) => every(events, isEvent)) &&
    optional(s.links, (links) => every(links, isLink)) &&
    optional(s.status, isStatus)
  );
}

const isScope = (s: unknown) =>
  optional(s, (v) => isRecord(v) && optional(v.name, isString) && optional(v.version, isString));
const isSpans = (v: unknown) => optional(v, (spans) => every(spans, isSpan));
const isScopeSpans = (g: unknown) => isRecord(g) && isScope(g.scope) && isSpans(g.spans);
const isLibrarySpans = (g: unknown) => isRecord(g) && isScope(g.instrumentationLibrary) && isSpans(g.spans);

const isResourceSpans = (r: unknown) =>
  isRecord(r) &&
  optional(r.resource, (res) => isRecord(res) && isKeyValues(res.attributes)) &&
  optional(r.scopeSpans, (groups) => every(groups, isScopeSpans)) &&
  optional(r.instrumentationLibrarySpans, (groups) => every(groups, isLibrarySpans));

export const isResourceSpansList = (v: unknown): boolean => optional(v, (list) => every(list, isResourceSpans));

/** The list itself when the checks accept it, else zod's parse of it (which fails with the message). */
export function checkedResourceSpans(list: unknown, at: string): ResourceSpans[] | undefined {
  return isResourceSpansList(list) ? (list as ResourceSpans[] | undefined) : parseWith(resourceSpansList, list, at);
}
