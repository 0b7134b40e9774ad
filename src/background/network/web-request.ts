/**
 * Observes every request of recorded tabs with webRequest: the final request headers (DNR-added ones
 * included) and every response header, including those page JS cannot read cross-origin. A finished
 * request is handed on as an Observation.
 *
 * `extraHeaders` (Cookie, Referer, Accept-Language, Set-Cookie, CORS preflights) is asked for only while
 * a tab records: Chrome checks "does any extension listen with extraHeaders?" for every request of every
 * tab, browser-wide (not per tab or URL filter), and then holds each request at its header stages for a
 * round trip through the browser process (bench/wrapper.ts: `tandem-idle` against `none`). Without a
 * recording there is nothing to observe, so an idle Tandem leaves that cost off. After a worker restart it
 * comes back when the worker knows which tabs record, when observing them resumes anyway (sessionOf).
 */
import type { WebRequest } from 'webextension-polyfill';
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
  private detailed = false;

  constructor(
    /** The session a tab records into, or null. Synchronous: webRequest events come in bursts. */
    private readonly sessionOf: (tabId: number) => string | null,
    private readonly done: (obs: Observation) => void,
  ) {}

  /** Requests of recorded tabs that started and have not completed yet (their request headers once sent). */
  inFlight(): IterableIterator<Observation> {
    return this.open.values();
  }

  /** Registers the listeners; call synchronously at the worker's top level so events wake it. */
  listen(events: WebRequestEvents): void {
    this.events = events;
    events.onBeforeRequest.addListener((d) => this.begin(d), FILTER);
    events.onSendHeaders.addListener(this.sent, FILTER, ['requestHeaders'] as SendOptions);
    events.onHeadersReceived.addListener(this.received, FILTER, ['responseHeaders'] as ReceivedOptions);
    events.onBeforeRedirect.addListener((d) => {
      const obs = this.open.get(d.requestId);
      if (obs) obs.redirects.push({ url: d.redirectUrl, status: d.statusCode });
    }, FILTER);
    events.onCompleted.addListener((d) => this.end(d.requestId, d.timeStamp, { status: d.statusCode, fromCache: d.fromCache }), FILTER);
    events.onErrorOccurred.addListener((d) => this.end(d.requestId, d.timeStamp, { error: d.error }), FILTER);
  }

  /** Whether the header listeners ask for extraHeaders (see the top of this file). */
  get extraHeaders(): boolean {
    return this.detailed;
  }

  /** Turns extraHeaders on while some tab records and off when none does. */
  setExtraHeaders(on: boolean): void {
    const events = this.events;
    if (!events || on === this.detailed) return;
    this.detailed = on;
    // The same functions again, with other options: a request never reaches two of them.
    events.onSendHeaders.removeListener(this.sent);
    events.onHeadersReceived.removeListener(this.received);
    events.onSendHeaders.addListener(this.sent, FILTER, (on ? ['requestHeaders', 'extraHeaders'] : ['requestHeaders']) as SendOptions);
    events.onHeadersReceived.addListener(this.received, FILTER, (on ? ['responseHeaders', 'extraHeaders'] : ['responseHeaders']) as ReceivedOptions);
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

  private begin(d: WebRequest.OnBeforeRequestDetailsType): void {
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
  }

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
