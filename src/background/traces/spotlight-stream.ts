/**
 * The connection to Sentry Spotlight's sidecar: `GET {url}/stream`, read with fetch (EventSource does not
 * exist in a service worker), parsed as Server-Sent Events, reconnected with growing pauses when it drops.
 *
 * Why the worker holds it: Chrome stops an idle worker after 30 s, but a recording tab keeps it awake (its
 * batches arrive every second while the page changes), and backend spans arrive within seconds of the
 * request that caused them. When the worker did sleep, the next wake-up reconnects (`ensure`), and the
 * sidecar replays its buffer of recent envelopes to every new subscriber, so what arrived meanwhile is read
 * then: the "catch-up". Merging is idempotent (spans by id, points and errors deduplicated), so reading an
 * envelope twice does no harm.
 */
import { SseError, type SseEvent, SseParser } from '../../shared/traces/sse';
import { spotlightStreamUrl } from '../../shared/traces/spotlight';
import type { SourceEvent } from './source-statuses';

export interface SpotlightStreamDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Timers (tests pass fake ones). */
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
  /** Every event read; `live` is false for the buffer the sidecar replays on connect. */
  onEvent: (event: SseEvent, live: boolean) => void;
  /** The connection's own health (answers, refusals, a stream that broke). */
  onStatus: (event: SourceEvent) => void;
  /** How long a new connection's stream must be quiet for its replay to count as read (default CATCH_UP_QUIET_MS). */
  catchUpQuietMs?: number;
}

export const CATCH_UP_QUIET_MS = 250;
/** A replay still streaming after this long counts as read: what follows is handled as live. */
export const CATCH_UP_MAX_MS = 3000;
/** How long ensure() waits for a connection and its catch-up at most. */
export const ENSURE_TIMEOUT_MS = 5000;
const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;
/** One event's data at most: a span envelope of thousands of spans is far below it. */
export const MAX_EVENT_CHARS = 8 * 1024 * 1024;

type Phase = 'idle' | 'connecting' | 'catching-up' | 'live';

export class SpotlightStream {
  private url: string | null = null;
  private phase: Phase = 'idle';
  private abort: AbortController | null = null;
  private retryTimer: unknown = null;
  private pauseMs = FIRST_PAUSE_MS;
  private lastEventId = '';
  /** Callers of ensure() waiting for the catch-up (or the attempt's failure). */
  private waiting: ((caughtUp: boolean) => void)[] = [];

  constructor(private readonly deps: SpotlightStreamDeps) {}

  get state(): Phase {
    return this.phase;
  }

  /**
   * Connects to `url` unless already connected there; resolves true once the replayed buffer was read,
   * false when the attempt failed (reconnection goes on in the background).
   */
  ensure(url: string): Promise<boolean> {
    if (this.url === url && this.phase === 'live') return Promise.resolve(true);
    if (this.url !== url) {
      this.close();
      this.url = url;
      this.lastEventId = '';
    }
    const caughtUp = new Promise<boolean>((resolve) => {
      // A sidecar that accepts the connection and never answers must not hold the caller.
      const limit = this.deps.setTimeout(() => resolve(false), ENSURE_TIMEOUT_MS);
      this.waiting.push((ok) => {
        this.deps.clearTimeout(limit);
        resolve(ok);
      });
    });
    if (this.phase === 'idle') {
      this.clearRetry();
      void this.connect(url);
    }
    return caughtUp;
  }

  /** Drops the connection and stops reconnecting (Spotlight disabled, or its URL changed). */
  close(): void {
    this.url = null;
    this.clearRetry();
    this.abort?.abort();
    this.abort = null;
    this.phase = 'idle';
    this.settle(false);
  }

  private async connect(url: string): Promise<void> {
    this.phase = 'connecting';
    const abort = new AbortController();
    this.abort = abort;
    let received = false;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
      const response = await this.deps.fetch(spotlightStreamUrl(url), {
        headers,
        signal: abort.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
        void response.body?.cancel().catch(() => {});
        throw new StreamFailure(`GET /stream answered HTTP ${response.status} (${type || 'no content type'})`);
      }
      this.deps.onStatus({ kind: 'answered', spans: 0 });
      received = await this.read(response.body, abort);
      if (this.abort === abort) this.deps.onStatus({ kind: 'unreachable', message: 'the stream closed' });
    } catch (error) {
      // Closed, or replaced by a connection to another URL: that one reports for itself.
      if (this.abort !== abort) return;
      const failed = error instanceof StreamFailure || error instanceof SseError;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.onStatus(failed ? { kind: 'failed', message } : { kind: 'unreachable', message });
    }
    if (this.abort !== abort) return;
    // Frees the connection when the stream broke on our side (a limit) rather than ended.
    abort.abort();
    this.abort = null;
    this.phase = 'idle';
    this.settle(false);
    if (received) this.pauseMs = FIRST_PAUSE_MS;
    this.retryTimer = this.deps.setTimeout(() => {
      this.retryTimer = null;
      if (this.url === url && this.phase === 'idle') void this.connect(url);
    }, this.pauseMs);
    this.pauseMs = Math.min(this.pauseMs * 2, MAX_PAUSE_MS);
  }

  /** Reads the stream until it ends; true when it delivered anything. */
  private async read(body: ReadableStream<Uint8Array>, abort: AbortController): Promise<boolean> {
    const parser = new SseParser({ maxLineChars: MAX_EVENT_CHARS, maxEventChars: MAX_EVENT_CHARS }, this.lastEventId);
    const decoder = new TextDecoder();
    const reader = body.getReader();
    const quietMs = this.deps.catchUpQuietMs ?? CATCH_UP_QUIET_MS;
    this.phase = 'catching-up';
    let quiet: unknown = null;
    const goLive = () => {
      this.deps.clearTimeout(quiet);
      this.deps.clearTimeout(cap);
      if (this.phase === 'catching-up' && this.abort === abort) {
        this.phase = 'live';
        this.settle(true);
      }
    };
    const cap = this.deps.setTimeout(goLive, CATCH_UP_MAX_MS);
    quiet = this.deps.setTimeout(goLive, quietMs);
    let received = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received = true;
        const events = parser.push(decoder.decode(value, { stream: true }));
        const live = this.state === 'live';
        if (!live) {
          this.deps.clearTimeout(quiet);
          quiet = this.deps.setTimeout(goLive, quietMs);
        }
        for (const event of events) {
          this.lastEventId = event.lastEventId;
          this.deps.onEvent(event, live);
        }
      }
    } finally {
      this.deps.clearTimeout(quiet);
      this.deps.clearTimeout(cap);
      reader.releaseLock();
    }
    return received;
  }

  private settle(caughtUp: boolean): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve(caughtUp);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.deps.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}

/** The sidecar answered, but not with an event stream. */
class StreamFailure extends Error {}
