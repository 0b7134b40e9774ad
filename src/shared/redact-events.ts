/**
 * The URLs recorded events carry, redacted with redact.ts's rules: rrweb's Meta `href`, navigation
 * breadcrumbs' `from`/`to`, and performance spans' `description` (the document's or a resource's URL). The
 * content script applies it to each event before the event leaves the page; the worker applies it again to
 * every stored batch, since a page can send what it likes.
 */
import { EventType } from '@rrweb/types';
import { CUSTOM_EVENT_TYPE } from './replay-events';

export type UrlRedactor = (url: string) => string;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function redactField(obj: Record<string, unknown>, key: string, redact: UrlRedactor): boolean {
  const value = obj[key];
  if (typeof value !== 'string') return false;
  const redacted = redact(value);
  if (redacted === value) return false;
  obj[key] = redacted;
  return true;
}

/** Redacts the URLs of one parsed event in place; true when anything changed. */
export function redactEventUrls(event: unknown, redact: UrlRedactor): boolean {
  if (!isRecord(event) || !isRecord(event.data)) return false;
  const data = event.data;
  if (event.type === EventType.Meta) return redactField(data, 'href', redact);
  if (event.type !== CUSTOM_EVENT_TYPE || !isRecord(data.payload)) return false;
  const payload = data.payload;
  if (data.tag === 'performanceSpan') return redactField(payload, 'description', redact);
  if (data.tag === 'breadcrumb' && payload.category === 'navigation' && isRecord(payload.data)) {
    const from = redactField(payload.data, 'from', redact);
    return redactField(payload.data, 'to', redact) || from;
  }
  return false;
}

/** Redacts every event of a parsed batch in place; true when any changed. */
export function redactEventsUrls(events: readonly unknown[], redact: UrlRedactor): boolean {
  let changed = false;
  for (const event of events) if (redactEventUrls(event, redact)) changed = true;
  return changed;
}

/**
 * One event's JSON text, redacted; the very same text when there was nothing to redact. Only Meta events
 * and the custom events that carry URLs are parsed: rrweb's many other events pass untouched.
 */
export function redactEventJson(type: number, json: string, redact: UrlRedactor): string {
  if (type !== EventType.Meta && type !== CUSTOM_EVENT_TYPE) return json;
  if (type === CUSTOM_EVENT_TYPE && !json.includes('"performanceSpan"') && !json.includes('"navigation"')) return json;
  let event: unknown;
  try {
    event = JSON.parse(json);
  } catch {
    return json;
  }
  return redactEventUrls(event, redact) ? JSON.stringify(event) : json;
}
