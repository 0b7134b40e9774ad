/**
 * Turns console arguments into bounded strings in the page, before anything leaves it: a huge object or
 * a cycle must cost the page little and the recording at most `maxChars` per argument.
 */
export function serializeArg(value: unknown, maxChars: number): string {
  let out: string;
  try {
    out = describe(value, maxChars);
  } catch {
    out = Object.prototype.toString.call(value);
  }
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

function describe(value: unknown, maxChars: number): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null)
    return String(value);
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
      return typeof v === 'bigint' ? String(v) : typeof v === 'function' ? '[Function]' : v;
    if (seen.has(v)) return '[Circular]';
    if (depth > 4) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.add(v);
    if (Array.isArray(v)) return v.slice(0, 100).map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).slice(0, 100)) out[key] = walk((v as Record<string, unknown>)[key], depth + 1);
    return out;
  };
  return JSON.stringify(walk(value, 0)) ?? String(value);
}
