/**
 * A Server-Sent Events parser (the WHATWG "event stream interpretation"), incremental and bounded: it is
 * fed text as it arrives from a `fetch` body and returns the events each piece completed. The EventSource
 * API cannot be used in a service worker (it is not exposed there) and cannot send `Last-Event-ID` by hand,
 * so Tandem reads Spotlight's stream with fetch and parses it here.
 *
 * The stream comes from a local process Tandem does not control, so everything is capped: a line or an
 * event's data over its limit stops the stream with an SseError instead of growing the worker's memory.
 */

export interface SseEvent {
  /** `event:` field; `message` when the event named none. */
  type: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The stream's last event id after this event (ids persist across events, as the spec says). */
  lastEventId: string;
}

export class SseError extends Error {}

export interface SseLimits {
  /** The longest line accepted, in UTF-16 units (default 16 MiB). */
  maxLineChars?: number;
  /** The largest event's data, in UTF-16 units (default 16 MiB). */
  maxEventChars?: number;
}

const DEFAULT_LIMIT = 16 * 1024 * 1024;

export class SseParser {
  private pending = '';
  /** The previous piece ended in CR: a LF starting the next piece belongs to the same line break. */
  private afterCr = false;
  private started = false;
  private type = '';
  private data: string[] = [];
  private dataChars = 0;
  private lastEventId = '';
  /** The `retry:` field's value, when the stream set one. */
  retryMs: number | undefined;
  private readonly maxLine: number;
  private readonly maxEvent: number;

  constructor(limits: SseLimits = {}, lastEventId = '') {
    this.maxLine = limits.maxLineChars ?? DEFAULT_LIMIT;
    this.maxEvent = limits.maxEventChars ?? DEFAULT_LIMIT;
    this.lastEventId = lastEventId;
  }

  /** Feeds decoded text; returns the events it completed, in order. Throws SseError past a limit. */
  push(text: string): SseEvent[] {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.afterCr = false;
    const events: SseEvent[] = [];
    let from = 0;
    for (;;) {
      const cr = chunk.indexOf('\r', from);
      const lf = chunk.indexOf('\n', from);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      const line = this.pending + chunk.slice(from, end);
      this.pending = '';
      this.checkLine(line.length);
      this.line(line, events);
      // CRLF is one line break even when the piece ends between the two.
      if (chunk[end] === '\r' && end + 1 === chunk.length) this.afterCr = true;
      from = chunk[end] === '\r' && chunk[end + 1] === '\n' ? end + 2 : end + 1;
    }
    this.pending += chunk.slice(from);
    this.checkLine(this.pending.length);
    return events;
  }

  private checkLine(length: number): void {
    if (length > this.maxLine)
      throw new SseError(`a line of the event stream is longer than ${this.maxLine} characters`);
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      this.dispatch(events);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.type = value;
        break;
      case 'data':
        this.dataChars += value.length + 1;
        if (this.dataChars > this.maxEvent)
          throw new SseError(`an event of the stream carries more than ${this.maxEvent} characters`);
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
    }
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data.length > 0) {
      events.push({ type: this.type || 'message', data: this.data.join('\n'), lastEventId: this.lastEventId });
    }
    this.type = '';
    this.data = [];
    this.dataChars = 0;
  }
}
