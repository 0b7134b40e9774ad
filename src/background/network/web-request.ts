/**
 * Observes every request of recorded tabs with webRequest: the final request headers (DNR-added ones
 * included) and every response header, including those page JS cannot read cross-origin. A finished
 * request is handed on as an Observation.
 *
 * Listening costs every request it is told about: Chrome serializes each event in the browser process and
 * sends it to the worker (4 events per request, about 1.2 ms of extension-process and 1.6 ms of
 * browser-process CPU per request here), and with `extraHeaders` (Cookie, Referer, Accept-Language,
 * Set-Cookie, CORS preflights) it also holds each request at its header stages for a round trip, a check
 * made per request, browser-wide, whatever the filters. So the listeners follow the recordings:
 * - `basic`: registered at the worker's top level for every tab (an event that woke the worker is
 *   delivered only to listeners present after the first run), without extraHeaders, until the worker knows
 *   which tabs record;
 * - `detailed`: one set of listeners per recording tab, filtered by its `tabId`, with extraHeaders: Chrome
 *   then sends the worker no event of any other tab;
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

const URLS = ['http://*/*', 'https://*/*'];
type SendOptions = WebRequest.OnSendHeadersOptions[];
type ReceivedOptions = WebRequest.OnHeadersReceivedOptions[];
/** Requests never finished (a tab closed mid-flight) are dropped after this long. */
const STALE_MS = 10 * 60_000;

/** One registration's listeners: its own function objects (Chrome keeps one registration per function). */
interface Listeners {
  begin: (d: WebRequest.OnBeforeRequestDetailsType) => void;
  sent: (d: WebRequest.OnSendHeadersDetailsType) => void;
  received: (d: WebRequest.OnHeadersReceivedDetailsType) => void;
  redirected: (d: WebRequest.OnBeforeRedirectDetailsType) => void;
  completed: (d: WebRequest.OnCompletedDetailsType) => void;
  failed: (d: WebRequest.OnErrorOccurredDetailsType) => void;
}

export class WebRequestObserver {
  private readonly open = new Map<string, Observation>();
  private events: WebRequestEvents | null = null;
  /** The top-level registration for every tab (`basic`), until the recording tabs are known. */
  private everyTab: Listeners | null = null;
  /** One registration per recording tab (`detailed`). */
  private readonly byTab = new Map<number, Listeners>();
  /** Events Chrome delivered to the worker since it started, of any tab (diagnostics: what listening costs). */
  delivered = 0;

  constructor(
    /** The session a tab records into, or null. Synchronous: webRequest events come in bursts. */
    private readonly sessionOf: (tabId: number) => string | null,
    private readonly done: (obs: Observation) => void,
  ) {}

  /** Requests of recorded tabs that started and have not completed yet (their request headers once sent). */
  inFlight(): IterableIterator<Observation> {
    return this.open.values();
  }

  /** Registers the listeners for every tab (`basic`); call it at the top level so its events wake the worker. */
  listen(events: WebRequestEvents): void {
    this.events = events;
    this.everyTab = this.register(null);
  }

  get mode(): WebRequestMode {
    return this.everyTab ? 'basic' : this.byTab.size > 0 ? 'detailed' : 'off';
  }

  /** The tabs listened to one by one (`detailed`), in the order they were added. */
  get tabs(): number[] {
    return [...this.byTab.keys()];
  }

  /**
   * Listens to exactly these tabs, with extraHeaders (see the top of this file). A tab that keeps recording
   * keeps its registration, so none of its events are missed while others come and go; a tab left out
   * loses its listeners and its requests in flight (the joiner already stored them when its session ended).
   */
  follow(tabIds: Iterable<number>): void {
    if (!this.events) return;
    const wanted = new Set(tabIds);
    for (const tabId of wanted) if (!this.byTab.has(tabId)) this.byTab.set(tabId, this.register(tabId));
    for (const [tabId, listeners] of this.byTab) {
      if (wanted.has(tabId)) continue;
      this.unregister(listeners);
      this.byTab.delete(tabId);
    }
    // Removed only now that the recording tabs have their own: the handlers are shared, so a request
    // seen before the switch goes on in the same observation.
    if (this.everyTab) this.unregister(this.everyTab);
    this.everyTab = null;
    // No listener is left to see the end of a request of any other tab.
    for (const [id, obs] of this.open) if (!wanted.has(obs.tabId)) this.open.delete(id);
  }

  /** Adds one set of listeners: for one tab with extraHeaders, or for every tab without (`basic`). */
  private register(tabId: number | null): Listeners {
    const events = this.events!;
    const counted =
      <D>(handle: (d: D) => void) =>
      (d: D): void => {
        this.delivered++;
        handle(d);
      };
    const listeners: Listeners = {
      begin: counted(this.begin),
      sent: counted(this.sent),
      received: counted(this.received),
      redirected: counted(this.redirected),
      completed: counted(this.completed),
      failed: counted(this.failed),
    };
    const filter: WebRequest.RequestFilter = tabId === null ? { urls: URLS } : { urls: URLS, tabId };
    const extra = tabId !== null;
    events.onBeforeRequest.addListener(listeners.begin, filter);
    events.onSendHeaders.addListener(
      listeners.sent,
      filter,
      (extra ? ['requestHeaders', 'extraHeaders'] : ['requestHeaders']) as SendOptions,
    );
    events.onHeadersReceived.addListener(
      listeners.received,
      filter,
      (extra ? ['responseHeaders', 'extraHeaders'] : ['responseHeaders']) as ReceivedOptions,
    );
    events.onBeforeRedirect.addListener(listeners.redirected, filter);
    events.onCompleted.addListener(listeners.completed, filter);
    events.onErrorOccurred.addListener(listeners.failed, filter);
    return listeners;
  }

  private unregister(listeners: Listeners): void {
    const events = this.events!;
    events.onBeforeRequest.removeListener(listeners.begin);
    events.onSendHeaders.removeListener(listeners.sent);
    events.onHeadersReceived.removeListener(listeners.received);
    events.onBeforeRedirect.removeListener(listeners.redirected);
    events.onCompleted.removeListener(listeners.completed);
    events.onErrorOccurred.removeListener(listeners.failed);
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

  private readonly completed = (d: WebRequest.OnCompletedDetailsType): void =>
    this.end(d.requestId, d.timeStamp, { status: d.statusCode, fromCache: d.fromCache });

  private readonly failed = (d: WebRequest.OnErrorOccurredDetailsType): void =>
    this.end(d.requestId, d.timeStamp, { error: d.error });

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
