/**
 * JSON and bounded strings made in the page, with natives captured when this module is evaluated (at
 * document_start, before the page's scripts). A page that later defines `toJSON` on a prototype, or replaces
 * JSON.stringify, Object.keys or Array.isArray, cannot rewrite what the recorder hands over.
 */
import { append, apply, isArray } from './natives';

const nativeStringify = JSON.stringify;
const keysOf = Object.keys;
const protoOf = Object.getPrototypeOf;
const isFiniteNumber = Number.isFinite;
const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;
const toStringTag = ObjectProto.toString;

/**
 * JSON of plain data (rrweb's events, Tandem's custom events) that never looks a `toJSON` up. Native
 * JSON.stringify when no prototype on the way carries one (the common case: it is several times faster);
 * otherwise a walk of own enumerable keys, as JSON.stringify walks them.
 */
export function safeJson(value: unknown): string {
  return toJsonPoisoned() ? walkJson(value, []) : (nativeStringify(value) as string);
}

/** Whether a page put a `toJSON` where JSON.stringify would find it on a plain object or array. */
function toJsonPoisoned(): boolean {
  return 'toJSON' in ObjectProto || 'toJSON' in ArrayProto || protoOf(ArrayProto) !== ObjectProto;
}

function walkJson(value: unknown, stack: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      // A primitive: JSON.stringify looks nothing up for it.
      return nativeStringify(value) as string;
    case 'number':
      return isFiniteNumber(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      // undefined, functions and symbols, as JSON.stringify leaves them: bigint throws there too.
      if (typeof value === 'bigint') throw new TypeError('BigInt value in JSON');
      return 'null';
  }
  for (let i = 0; i < stack.length; i++) if (stack[i] === value) throw new TypeError('cyclic value in JSON');
  append(stack, value);
  let out: string;
  if (isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + walkJson(value[i], stack);
    out += ']';
  } else {
    out = '{';
    const record = value as Record<string, unknown>;
    const keys = keysOf(record);
    let first = true;
    for (let i = 0; i < keys.length; i++) {
      const v = record[keys[i]!];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out += `${first ? '' : ','}${nativeStringify(keys[i])}:${walkJson(v, stack)}`;
      first = false;
    }
    out += '}';
  }
  stack.length--;
  return out;
}

/**
 * Turns console arguments into bounded strings in the page, before anything leaves it: a huge object or
 * a cycle must cost the page little and the recording at most `maxChars` per argument.
 */
export function serializeArg(value: unknown, maxChars: number): string {
  let out: string;
  try {
    out = describe(value, maxChars);
  } catch {
    out = apply(toStringTag, value, []) as string;
  }
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

function describe(value: unknown, maxChars: number): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null)
    return `${value}`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (value instanceof Error) return value.stack ? value.stack : `${value.name}: ${value.message}`;
  if (typeof Node !== 'undefined' && value instanceof Node) return `[${value.nodeName}]`;
  return boundedJson(value, maxChars);
}

/** JSON with cycles marked, depth 4, and serialization stopped once the budget is spent. */
function boundedJson(value: unknown, maxChars: number): string {
  const seen = new WeakSet<object>();
  let budget = maxChars * 2;
  const walk = (v: unknown, depth: number): unknown => {
    if (budget-- <= 0) return '…';
    if (v === null || typeof v !== 'object')
      return typeof v === 'bigint' ? `${v}` : typeof v === 'function' ? '[Function]' : v;
    if (seen.has(v)) return '[Circular]';
    if (depth > 4) return isArray(v) ? '[Array]' : '[Object]';
    seen.add(v);
    if (isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length && i < 100; i++) out[i] = walk(v[i], depth + 1);
      return out;
    }
    const out: Record<string, unknown> = {};
    const keys = keysOf(v);
    for (let i = 0; i < keys.length && i < 100; i++)
      out[keys[i]!] = walk((v as Record<string, unknown>)[keys[i]!], depth + 1);
    return out;
  };
  return safeJson(walk(value, 0)) ?? `${value}`;
}
