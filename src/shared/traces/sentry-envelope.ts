/**
 * Sentry envelopes (https://develop.sentry.dev/sdk/data-model/envelopes/) in the two forms Tandem
 * receives: the raw text an SDK posts (and older Spotlight sidecars stream), and the JSON array
 * `[headers, [[itemHeader, payload], ...]]` that current Spotlight sidecars stream after parsing.
 *
 * Raw form: a header line, then per item a header line and a payload. With `length` the payload is
 * exactly that many BYTES (UTF-8; it may contain newlines); without it, it runs to the next `\n`.
 * The last item may lack its trailing newline.
 */
import { isRecord } from './attributes';
import { fail, PayloadError } from './result';

export interface EnvelopeItem {
  header: { type: string; length?: number; content_type?: string; item_count?: number } & Record<string, unknown>;
  /** The payload parsed as JSON; undefined for binary items (attachments, replay recordings). */
  payload: unknown;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

export type EnvelopeResult = { ok: true; envelope: Envelope } | { ok: false; error: string };

const NEWLINE = 0x0a;
// Item types whose payload is not JSON; every other type is parsed.
const BINARY_TYPES = new Set(['attachment', 'replay_recording', 'profile_chunk_data', 'replay_video']);
const decoder = new TextDecoder();

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return fail(`${what} is not JSON`);
  }
}

function itemHeader(value: unknown, what: string): EnvelopeItem['header'] {
  if (!isRecord(value) || typeof value.type !== 'string') return fail(`${what} has no type`);
  const { length } = value;
  if (length !== undefined && (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0)) {
    fail(`${what} has an invalid length`);
  }
  return value as EnvelopeItem['header'];
}

function lineEnd(bytes: Uint8Array, from: number): number {
  const end = bytes.indexOf(NEWLINE, from);
  return end < 0 ? bytes.length : end;
}

function parseRaw(bytes: Uint8Array): Envelope {
  const headerEnd = lineEnd(bytes, 0);
  const header = parseJson(bytes.subarray(0, headerEnd), 'envelope header');
  if (!isRecord(header)) fail('envelope header is not an object');
  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < bytes.length) {
    const end = lineEnd(bytes, pos);
    if (end === pos) {
      pos++; // A blank line between items or at the end (some SDKs add one).
      continue;
    }
    const what = `item ${items.length + 1} header`;
    const head = itemHeader(parseJson(bytes.subarray(pos, end), what), what);
    pos = end + 1;
    let payloadEnd: number;
    if (head.length !== undefined) {
      payloadEnd = pos + head.length;
      if (payloadEnd > bytes.length) fail(`item ${items.length + 1}: length ${head.length} runs past the end`);
    } else {
      payloadEnd = lineEnd(bytes, Math.min(pos, bytes.length));
    }
    const payloadBytes = bytes.subarray(Math.min(pos, bytes.length), payloadEnd);
    const binary = BINARY_TYPES.has(head.type);
    items.push({ header: head, payload: binary ? undefined : parseJson(payloadBytes, `item ${items.length + 1}`) });
    pos = payloadEnd + 1; // Past the newline that ends the payload, or past the end.
  }
  return { header, items };
}

/** Spotlight's parsed form: payloads are JSON values already, or JSON text. */
function fromParsed(value: unknown[]): Envelope {
  const [header, rawItems] = value;
  if (!isRecord(header)) fail('envelope header is not an object');
  if (!Array.isArray(rawItems)) fail('envelope items are not an array');
  const items = rawItems.map((entry, i): EnvelopeItem => {
    if (!Array.isArray(entry) || entry.length < 2) return fail(`item ${i + 1} is not [header, payload]`);
    const head = itemHeader(entry[0], `item ${i + 1} header`);
    const raw: unknown = entry[1];
    if (BINARY_TYPES.has(head.type)) return { header: head, payload: undefined };
    const payload = typeof raw === 'string' ? parseJson(new TextEncoder().encode(raw), `item ${i + 1}`) : raw;
    return { header: head, payload };
  });
  return { header, items };
}

/** Parses an envelope in either form; never throws. */
export function parseSentryEnvelope(input: unknown): EnvelopeResult {
  try {
    if (typeof input === 'string') return { ok: true, envelope: parseRaw(new TextEncoder().encode(input)) };
    if (input instanceof Uint8Array) return { ok: true, envelope: parseRaw(input) };
    if (Array.isArray(input)) return { ok: true, envelope: fromParsed(input) };
    return { ok: false, error: 'Sentry envelope: expected text, bytes or [headers, items]' };
  } catch (error) {
    const reason = error instanceof PayloadError ? error.message : `unexpected failure: ${String(error)}`;
    return { ok: false, error: `Sentry envelope: ${reason}` };
  }
}
