/**
 * Attribute maps from each format's encoding: OTLP `KeyValue` lists of `AnyValue` unions, Sentry's
 * typed `{type, value, unit}` maps and plain JSON `data`. Keys come from untrusted payloads, so
 * they are defined as own properties (a key `__proto__` stays data, not a prototype).
 */
import type { AttributeValue, Attributes } from './model';
import { fail } from './result';

/** Deeper values are refused: no real attribute nests this far, and recursion must stay bounded. */
const MAX_DEPTH = 16;
const INTEGER = /^-?\d{1,20}$/;

export function setOwn<T>(target: Record<string, T>, key: string, value: NoInfer<T>): void {
  // `__proto__` is the one key plain assignment would not store as data; defineProperty for every key
  // made normalising a large trace several times slower.
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A decimal integer as a number when exact, else the string itself (int64 beyond 2^53 keeps its digits). */
export function integerValue(value: string | number, where: string): number | string {
  if (typeof value === 'number') return value;
  if (!INTEGER.test(value)) fail(`${where}: invalid integer ${JSON.stringify(value.slice(0, 40))}`);
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** Any JSON value as an attribute value (Sentry `data`, typed attribute values). */
export function jsonValue(value: unknown, where: string, depth = 0): AttributeValue {
  if (depth > MAX_DEPTH) fail(`${where}: value nested too deep`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : fail(`${where}: non-finite number`);
  if (Array.isArray(value)) return value.map((item) => jsonValue(item, where, depth + 1));
  if (isRecord(value)) {
    const out: Record<string, AttributeValue> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, jsonValue(item, where, depth + 1));
    return out;
  }
  return fail(`${where}: unsupported value`);
}

/** A plain JSON object as attributes; undefined input gives none. */
export function jsonAttributes(value: unknown, where: string): Attributes {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail(`${where}: expected an object`);
  return jsonValue(value, where) as Attributes;
}

/** OTLP `AnyValue`: exactly one of the typed fields; an empty object is an empty value (null). */
export function otlpValue(value: unknown, where: string, depth = 0): AttributeValue {
  if (depth > MAX_DEPTH) fail(`${where}: value nested too deep`);
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) fail(`${where}: expected an AnyValue object`);
  if ('stringValue' in value) return expectString(value.stringValue, where);
  if ('boolValue' in value) return expectBoolean(value.boolValue, where);
  if ('intValue' in value) {
    const int = value.intValue;
    if (typeof int !== 'string' && typeof int !== 'number') fail(`${where}: intValue must be a number or string`);
    return integerValue(int, where);
  }
  if ('doubleValue' in value) {
    // proto3 JSON spells NaN and the infinities as strings; keep them as such.
    const double = value.doubleValue;
    if (typeof double === 'number' || double === 'NaN' || double === 'Infinity' || double === '-Infinity') {
      return double;
    }
    return fail(`${where}: doubleValue must be a number`);
  }
  if ('bytesValue' in value) return expectString(value.bytesValue, where);
  if ('arrayValue' in value) {
    const values = listOf(value.arrayValue, where);
    return values.map((item) => otlpValue(item, where, depth + 1));
  }
  if ('kvlistValue' in value) return otlpAttributes(listOf(value.kvlistValue, where), where, depth + 1);
  return null;
}

function expectString(value: unknown, where: string): string {
  return typeof value === 'string' ? value : fail(`${where}: expected a string`);
}

function expectBoolean(value: unknown, where: string): boolean {
  return typeof value === 'boolean' ? value : fail(`${where}: expected a boolean`);
}

/** `{values: [...]}` of an arrayValue or kvlistValue; absent values mean empty. */
function listOf(container: unknown, where: string): unknown[] {
  if (!isRecord(container)) fail(`${where}: expected {values: [...]}`);
  const values = container.values ?? [];
  return Array.isArray(values) ? values : fail(`${where}: values must be an array`);
}

/** OTLP `KeyValue[]` as attributes. */
export function otlpAttributes(list: unknown, where: string, depth = 0): Attributes {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) fail(`${where}: attributes must be an array`);
  const out: Attributes = {};
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.key !== 'string') fail(`${where}: attribute without a string key`);
    setOwn(out, entry.key, otlpValue(entry.value, `${where} ${entry.key}`, depth));
  }
  return out;
}

/** Sentry's typed attributes (`{key: {type, value, unit?}}`), split into values and units. */
export function sentryTypedAttributes(
  map: Record<string, { value?: unknown; unit?: string | undefined }> | undefined,
  where: string,
): { attributes: Attributes; units: Record<string, string> } {
  const attributes: Attributes = {};
  const units: Record<string, string> = {};
  for (const [key, entry] of Object.entries(map ?? {})) {
    setOwn(attributes, key, jsonValue(entry.value ?? null, `${where} ${key}`));
    if (entry.unit) setOwn(units, key, entry.unit);
  }
  return { attributes, units };
}
