/**
 * The shape of Jaeger's v1 JSON, as zod schemas (the contract and the error messages) and as hand checks
 * that accept no more than the schemas do. A payload that passes the checks is used as it is: zod copies
 * every object it parses, and for a large trace that copying and its garbage cost more than the rest of
 * normalising. A payload that fails them is parsed by zod, which gives the message (or, were the checks
 * ever stricter than the schema, the parsed value).
 */
import { z } from 'zod';
import { isRecord } from './attributes';
import { parseWith } from './result';

const tagSchema = z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() });
const tagsSchema = z.array(tagSchema).nullish();
export const processSchema = z.object({ serviceName: z.string(), tags: tagsSchema });
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
export const traceSchema = z.object({
  spans: z.array(spanSchema),
  processes: z.record(z.string(), processSchema).nullish(),
  warnings: z.array(z.string()).nullish(),
});
export const responseSchema = z.object({
  data: z.array(traceSchema).nullish(),
  errors: z.array(z.object({ code: z.number().optional(), msg: z.string().optional() })).nullish(),
});
export type JaegerSpan = z.infer<typeof spanSchema>;
export type JaegerTrace = z.infer<typeof traceSchema>;
export type JaegerProcess = z.infer<typeof processSchema>;
export type Tag = z.infer<typeof tagSchema>;

// Each check mirrors its schema: z.number() refuses NaN and the infinities, optional() is undefined,
// nullish() also null, z.object() any non-array object. Stricter than the schema is safe: zod then decides.
const isString = (v: unknown) => typeof v === 'string';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);
const nullish = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || v === null || ok(v);

function every(v: unknown, ok: (item: unknown) => boolean): boolean {
  if (!Array.isArray(v)) return false;
  for (const item of v) if (!ok(item)) return false;
  return true;
}

// z.unknown() still wants the key there (its value may be undefined).
const isTag = (t: unknown) => isRecord(t) && isString(t.key) && optional(t.type, isString) && Object.hasOwn(t, 'value');
const isTags = (v: unknown) => nullish(v, (tags) => every(tags, isTag));
const isProcess = (p: unknown) => isRecord(p) && isString(p.serviceName) && isTags(p.tags);
const isReference = (r: unknown) => isRecord(r) && isString(r.refType) && isString(r.traceID) && isString(r.spanID);
const isLog = (l: unknown) => isRecord(l) && isNumber(l.timestamp) && isTags(l.fields);

function isSpan(s: unknown): boolean {
  return (
    isRecord(s) &&
    isString(s.traceID) &&
    isString(s.spanID) &&
    optional(s.operationName, isString) &&
    nullish(s.references, (refs) => every(refs, isReference)) &&
    isNumber(s.startTime) &&
    optional(s.duration, isNumber) &&
    isTags(s.tags) &&
    nullish(s.logs, (logs) => every(logs, isLog)) &&
    optional(s.processID, isString) &&
    optional(s.process, isProcess) &&
    nullish(s.warnings, (w) => every(w, isString))
  );
}

/**
 * z.record() takes a plain object's own enumerable keys, skips `__proto__` and reads symbols too: any
 * of those, or a prototype other than Object's or none, is left to zod so the result stays zod's.
 */
function isProcesses(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  if (Object.hasOwn(v, '__proto__') || Object.hasOwn(v, 'constructor')) return false;
  if (Object.getOwnPropertySymbols(v).length > 0) return false;
  for (const key of Object.keys(v)) if (!isProcess(v[key])) return false;
  return true;
}

export const isTrace = (t: unknown): boolean =>
  isRecord(t) &&
  every(t.spans, isSpan) &&
  nullish(t.processes, isProcesses) &&
  nullish(t.warnings, (w) => every(w, isString));

/** The value itself when `check` accepts it, else zod's parse of it (which fails with the message). */
export function checked<S extends z.ZodType>(
  check: (value: unknown) => boolean,
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  return check(value) ? (value as z.infer<S>) : parseWith(schema, value, what);
}

const isError = (e: unknown) => isRecord(e) && optional(e.code, isNumber) && optional(e.msg, isString);

export const isResponse = (r: unknown): boolean =>
  isRecord(r) && nullish(r.data, (d) => every(d, isTrace)) && nullish(r.errors, (e) => every(e, isError));
