/**
 * A reader of the sidecar's `GET /stream` (Server-Sent Events) for tests, the capture script and the demo's
 * summary. It keeps the raw text exactly as received and parses events per the SSE spec (the extension has
 * its own client; this one only serves the demo).
 */
import { waitUntil } from '../wait';

export interface SseEvent {
  /** The `id:` field (the sidecar's envelope id, a UUIDv7), if the event had one. */
  id?: string;
  /** The `event:` field; "message" when absent (SSE's default). */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

/** One envelope item as the sidecar sends it: `[itemHeader, payload]`, payload already parsed. */
export interface SpotlightItem {
  type: string;
  header: Record<string, unknown>;
  payload: unknown;
}

export interface SpotlightSubscription {
  /** Everything read so far, byte for byte as decoded UTF-8. */
  raw(): string;
  events(): SseEvent[];
  /** Items of every `application/x-sentry-envelope` event so far. */
  items(): SpotlightItem[];
  /** Resolves with the items once `check(items)` holds; rejects after `timeoutMs`. */
  waitFor(what: string, check: (items: SpotlightItem[]) => boolean, timeoutMs?: number): Promise<SpotlightItem[]>;
  close(): void;
}

/** Splits SSE text into complete events; returns them and the unfinished rest. */
export function parseSse(text: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = text.split(/\r\n\r\n|\n\n|\r\r/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const event: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'event') event.event = value;
      else if (field === 'id') event.id = value;
    }
    if (data.length === 0) continue;
    event.data = data.join('\n');
    events.push(event);
  }
  return { events, rest };
}

/** The items of one event whose data is the envelope as JSON: `[headers, [[itemHeader, payload], ...]]`. */
export function envelopeItems(event: SseEvent): SpotlightItem[] {
  if (event.event !== 'application/x-sentry-envelope') return [];
  const parsed: unknown = JSON.parse(event.data);
  const items = Array.isArray(parsed) && Array.isArray(parsed[1]) ? (parsed[1] as unknown[]) : [];
  return items.flatMap((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'object' || entry[0] === null) return [];
    const header = entry[0] as Record<string, unknown>;
    return [{ type: String(header.type), header, payload: entry[1] }];
  });
}

/** The trace ids an item carries: span/trace_metric lists carry one per entry, events in contexts.trace. */
export function traceIdsOf(item: SpotlightItem): string[] {
  const payload = item.payload as {
    items?: { trace_id?: string }[];
    contexts?: { trace?: { trace_id?: string } };
  } | null;
  if (!payload || typeof payload !== 'object') return [];
  const fromList = (payload.items ?? []).map((i) => i.trace_id);
  return [...fromList, payload.contexts?.trace?.trace_id].filter((id): id is string => typeof id === 'string');
}

/**
 * The entries of one item type that belong to the given traces: each span or metric point of a `span` /
 * `trace_metric` list, or the whole payload of an item such as an `event`.
 */
export function entriesOf(items: SpotlightItem[], type: string, traceIds: ReadonlySet<string>): unknown[] {
  return items
    .filter((item) => item.type === type)
    .flatMap((item) => {
      const list = (item.payload as { items?: unknown } | null)?.items;
      if (!Array.isArray(list)) return traceIdsOf(item).some((id) => traceIds.has(id)) ? [item.payload] : [];
      return list.filter((entry: { trace_id?: unknown }) => traceIds.has(String(entry?.trace_id)));
    });
}

export interface SubscribeOptions {
  lastEventId?: string;
  /** Called for each event as it is parsed, with Date.now() of the chunk that completed it (for benches). */
  onEvent?: (event: SseEvent, receivedAt: number) => void;
}

export function subscribeSpotlight(
  url: string,
  { lastEventId, onEvent }: SubscribeOptions = {},
): SpotlightSubscription {
  const controller = new AbortController();
  let raw = '';
  let pending = '';
  const events: SseEvent[] = [];
  let failure: unknown;
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  void (async () => {
    const res = await fetch(`${url}/stream`, { headers, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`GET ${url}/stream answered ${res.status}`);
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      const receivedAt = Date.now();
      const text = decoder.decode(chunk, { stream: true });
      raw += text;
      const parsed = parseSse(pending + text);
      pending = parsed.rest;
      events.push(...parsed.events);
      for (const event of parsed.events) onEvent?.(event, receivedAt);
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) failure = error;
  });
  const items = () => events.flatMap(envelopeItems);
  return {
    raw: () => raw,
    events: () => [...events],
    items,
    waitFor: (what, check, timeoutMs = 10_000) =>
      waitUntil(`${what} at Spotlight`, timeoutMs, () => {
        if (failure) throw failure;
        const now = items();
        return check(now) ? now : undefined;
      }),
    close: () => controller.abort(),
  };
}
