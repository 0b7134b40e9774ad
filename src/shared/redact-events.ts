/**
 * The URLs recorded events carry, redacted with redact.ts's rules: rrweb's Meta `href`, navigation
 * breadcrumbs' `from`/`to`, performance spans' `description` (the document's or a resource's URL), and page
 * errors' file, message and stack. The content script applies it to each event before the event leaves the
 * page; the worker applies it again to every stored batch, since a page can send what it likes.
 */
import { EventType } from '@rrweb/types';
import { redactText, redactUrl } from './redact';
import { CUSTOM_EVENT_TYPE } from './replay-events';

type Redact = (text: string) => string;
const ERROR_CATEGORIES = new Set(['exception', 'unhandledrejection']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function redactField(obj: Record<string, unknown>, key: string, redact: Redact): boolean {
  const value = obj[key];
  if (typeof value !== 'string') return false;
  const redacted = redact(value);
  if (redacted === value) return false;
  obj[key] = redacted;
  return true;
}

/** Redacts the URLs of one parsed event in place, with `network.redactQueryParams`; true when anything changed. */
export function redactEventUrls(event: unknown, params: readonly string[]): boolean {
  if (!isRecord(event) || !isRecord(event.data)) return false;
  const url = (s: string) => redactUrl(s, params);
  const data = event.data;
  if (event.type === EventType.Meta) return redactField(data, 'href', url);
  if (event.type !== CUSTOM_EVENT_TYPE || !isRecord(data.payload)) return false;
  const payload = data.payload;
  if (data.tag === 'performanceSpan') return redactField(payload, 'description', url);
  if (data.tag !== 'breadcrumb' || !isRecord(payload.data)) return false;
  const fields = payload.data;
  if (payload.category === 'navigation')
    return [redactField(fields, 'from', url), redactField(fields, 'to', url)].includes(true);
  if (typeof payload.category === 'string' && ERROR_CATEGORIES.has(payload.category)) {
    const text = (s: string) => redactText(s, params);
    return [
      redactField(payload, 'message', text),
      redactField(fields, 'stack', text),
      redactField(fields, 'filename', url),
    ].includes(true);
  }
  return false;
}

/** Redacts every event of a parsed batch in place; true when any changed. */
export function redactEventsUrls(events: readonly unknown[], params: readonly string[]): boolean {
  let changed = false;
  for (const event of events) if (redactEventUrls(event, params)) changed = true;
  return changed;
}

/** Where the JSON string value of `"key":` is in `json` (its quotes included), or null. */
function stringField(json: string, key: string): { start: number; end: number } | null {
  const marker = `"${key}":"`;
  const at = json.indexOf(marker);
  if (at < 0) return null;
  const start = at + marker.length - 1;
  for (let i = start + 1; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return { start, end: i + 1 };
  }
  return null;
}

/**
 * One event's JSON text from the DOM recorder, redacted: a Meta event's `href` or a performance span's
 * `description`, found and replaced in the text, without parsing the event (this runs for every event the
 * page records). The very same text when there was nothing to redact. The worker parses each batch anyway
 * and applies redactEventsUrls to whatever this did not catch.
 */
export function redactEventJson(type: number, json: string, params: readonly string[]): string {
  const key =
    type === EventType.Meta
      ? 'href'
      : type === CUSTOM_EVENT_TYPE && json.includes('"performanceSpan"')
        ? 'description'
        : null;
  const field = key ? stringField(json, key) : null;
  if (!field) return json;
  let value: unknown;
  try {
    value = JSON.parse(json.slice(field.start, field.end));
  } catch {
    return json;
  }
  if (typeof value !== 'string') return json;
  const redacted = redactUrl(value, params);
  return redacted === value ? json : json.slice(0, field.start) + JSON.stringify(redacted) + json.slice(field.end);
}
