/**
 * Observes every request of recorded tabs with webRequest: the final request headers (DNR-added ones
 * included) and every response header, including those page JS cannot read cross-origin. A finished
 * request is handed on as an Observation.
 *
 * Listening costs every request of every tab, not just recorded ones: Chrome routes each event through the
 * browser process to the worker (4 events per request; with Tandem idle a local fetch took about twice the
 * CPU of a browser without it, across the browser, extension and page processes), and with `extraHeaders` (Cookie, Referer, Accept-Language,
 * Set-Cookie, CORS preflights) it also holds each request at its header stages for a round trip, a check
 * made per request, browser-wide, not per tab or URL filter. So the listeners follow the recordings:
 * - `basic`: registered at the worker's top level (an event that woke the worker is delivered only to
 *   listeners present after the first run), without extraHeaders, until the worker knows which tabs record;
 * - `detailed`: while at least one tab records, with extraHeaders;
 * - `off`: none while no tab records. Starting a recording adds them again.
 */
import type { WebRequest } from 'webextension-polyfill';
import type { WebRequestMode } from '../../shared/protocol';
import type { Observation } from './observation';

export interface WebRequestEvents {
  onBeforeRequest: WebRequest.OnBeforeRequestEvent;
  onSendHeaders: WebRequest.OnSendHeadersEvent;
  onHeadersReceived: WebRequest.OnHeadersReceivedEvent;
  onBeforeRedirect: WebRequest.OnBeforeRedirectEvent;
  onCompleted: WebRequest.OnCompletedEvent;
  onErrorOccurred: WebRequest.OnErrorOccurredEvent;
}

const FILTER = { urls: ['http://*/*', 'https://*/*'] };
type SendOptions = WebRequest.OnSendHeadersOptions[];
type ReceivedOptions = WebRequest.OnHeadersReceivedOptions[];
/** Requests never finished (a tab closed mid-flight) are dropped after this long. */
const STALE_MS = 10 * 60_000;

export class WebRequestObserver {
  private readonly open = new Map<string, Observation>();
  private events: WebRequestEvents | null = null;
  private current: WebRequestMode = 'off';

  constructor(
    /** The session a tab records into, or null. Synchronous: webRequest events come in bursts. */
    private readonly sessionOf: (tabId: number) => string | null,
    private readonly done: (obs: Observation) => void,
  ) {}

  /** Requests of recorded tabs that started and have not completed yet (their request headers once sent). */
  inFlight(): IterableIterator<Observation> {
    return this.open.values();
  }

  /** Registers the listeners (`basic`); call synchronously at the worker's top level so events wake it. */
  listen(events: WebRequestEvents): void {
    this.events = events;
    this.setMode('basic');
  }

  get mode(): WebRequestMode {
    return this.current;
  }

  /** Re-registers the listeners for `next` (see the top of this file); the handlers stay the same. */
  setMode(next: WebRequestMode): void {
    const events = this.events;
    if (!events || next === this.current) return;
    if (this.current !== 'off') {
      events.onBeforeRequest.removeListener(this.begin);
      events.onSendHeaders.removeListener(this.sent);
      events.onHeadersReceived.removeListener(this.received);
      events.onBeforeRedirect.removeListener(this.redirected);
      events.onCompleted.removeListener(this.completed);
      events.onErrorOccurred.removeListener(this.failed);
    }
    this.current = next;
    if (next === 'off') {
      // Nothing records: what is still open will never be stored.
      this.open.clear();
      return;
    }
    const extra = next === 'detailed';
    events.onBeforeRequest.addListener(this.begin, FILTER);
    events.onSendHeaders.addListener(this.sent, FILTER, (extra ? ['requestHeaders', 'extraHeaders'] : ['requestHeaders']) as SendOptions);
    events.onHeadersReceived.addListener(this.received, FILTER, (extra ? ['responseHeaders', 'extraHeaders'] : ['responseHeaders']) as ReceivedOptions);
    events.onBeforeRedirect.addListener(this.redirected, FILTER);
    events.onCompleted.addListener(this.completed, FILTER);
    events.onErrorOccurred.addListener(this.failed, FILTER);
  }

  private readonly sent = (d: WebRequest.OnSendHeadersDetailsType): void => {
    const obs = this.open.get(d.requestId);
    if (obs) obs.requestHeaders = d.requestHeaders ?? [];
  };

  private readonly received = (d: WebRequest.OnHeadersReceivedDetailsType): void => {
    const obs = this.open.get(d.requestId);
    if (!obs) return;
    obs.responseHeaders = d.responseHeaders ?? [];
    obs.status = d.statusCode;
  };

  private readonly redirected = (d: WebRequest.OnBeforeRedirectDetailsType): void => {
    const obs = this.open.get(d.requestId);
    if (obs) obs.redirects.push({ url: d.redirectUrl, status: d.statusCode });
  };

  private readonly completed = (d: WebRequest.OnCompletedDetailsType): void => this.end(d.requestId, d.timeStamp, { status: d.statusCode, fromCache: d.fromCache });

  private readonly failed = (d: WebRequest.OnErrorOccurredDetailsType): void => this.end(d.requestId, d.timeStamp, { error: d.error });

  private readonly begin = (d: WebRequest.OnBeforeRequestDetailsType): void => {
    if (d.tabId < 0) return;
    // Chrome fires onBeforeRequest again with the same requestId for each redirect target: keep the record.
    if (this.open.has(d.requestId)) return;
    const sessionId = this.sessionOf(d.tabId);
    if (!sessionId) return;
    this.sweep(d.timeStamp);
    this.open.set(d.requestId, {
      requestId: d.requestId,
      tabId: d.tabId,
      sessionId,
      url: d.url,
      method: d.method,
      type: d.type,
      startTs: d.timeStamp,
      endTs: null,
      requestHeaders: [],
      responseHeaders: [],
      status: 0,
      fromCache: false,
      error: null,
      redirects: [],
    });
  };

  private end(requestId: string, at: number, outcome: { status?: number; fromCache?: boolean; error?: string }): void {
    const obs = this.open.get(requestId);
    if (!obs) return;
    this.open.delete(requestId);
    obs.endTs = at;
    if (outcome.status !== undefined) obs.status = outcome.status;
    if (outcome.fromCache !== undefined) obs.fromCache = outcome.fromCache;
    if (outcome.error !== undefined) obs.error = outcome.error;
    this.done(obs);
  }

  private sweep(now: number): void {
    if (this.open.size < 500) return;
    for (const [id, obs] of this.open) if (now - obs.startTs > STALE_MS) this.open.delete(id);
  }
}
