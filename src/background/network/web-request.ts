/**
 * Observes every request of recorded tabs with webRequest (with extraHeaders: the final request headers,
 * DNR-added ones included, and every response header, including those page JS cannot read cross-origin).
 * A finished request is handed on as an Observation.
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
/** Requests never finished (a tab closed mid-flight) are dropped after this long. */
const STALE_MS = 10 * 60_000;

export class WebRequestObserver {
  private readonly open = new Map<string, Observation>();

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
    events.onBeforeRequest.addListener((d) => this.begin(d), FILTER);
    events.onSendHeaders.addListener(
      (d) => {
        const obs = this.open.get(d.requestId);
        if (obs) obs.requestHeaders = d.requestHeaders ?? [];
      },
      FILTER,
      ['requestHeaders', 'extraHeaders'] as WebRequest.OnSendHeadersOptions[],
    );
    events.onHeadersReceived.addListener(
      (d) => {
        const obs = this.open.get(d.requestId);
        if (!obs) return;
        obs.responseHeaders = d.responseHeaders ?? [];
        obs.status = d.statusCode;
      },
      FILTER,
      ['responseHeaders', 'extraHeaders'] as WebRequest.OnHeadersReceivedOptions[],
    );
    events.onBeforeRedirect.addListener((d) => {
      const obs = this.open.get(d.requestId);
      if (obs) obs.redirects.push({ url: d.redirectUrl, status: d.statusCode });
    }, FILTER);
    events.onCompleted.addListener((d) => this.end(d.requestId, d.timeStamp, { status: d.statusCode, fromCache: d.fromCache }), FILTER);
    events.onErrorOccurred.addListener((d) => this.end(d.requestId, d.timeStamp, { error: d.error }), FILTER);
  }

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
