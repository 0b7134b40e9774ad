/**
 * XMLHttpRequest in the page's main world: trace headers for propagation targets (as for fetch), a record
 * of every request, and a GET or HEAD sent again without our headers when a cross-origin server's
 * preflight refused them.
 *
 * The page holds the XHR object, so the retry happens inside that object: `XMLHttpRequest` becomes a
 * subclass whose constructor adds Tandem's listeners before the page can add any (listeners run in the
 * order they were added, `on*` handler attributes included). When an attempt with our headers fails with
 * a network error, those listeners stop the failed attempt's events (readystatechange to DONE, error,
 * loadend, and upload's error/loadend) before any page listener, then re-open the same object with the
 * page's own arguments and headers and send it again; the retry's readystatechange(OPENED) and loadstart
 * are stopped too. The page sees one ordinary sequence of events ending with the retry's response.
 *
 * Event order measured in Chromium 156 for a preflight refusal (async): readystatechange(4), upload error
 * and loadend (when upload listeners were added or the request was not simple), error, loadend. An abort
 * or timeout fires readystatechange(4), abort|timeout, loadend; a failed synchronous send only throws.
 */
import type { WrapperConfig } from '../../shared/propagation';
import type { RequestHooks } from './request-hooks';

/** One open()..loadend of an XHR object; a new open() starts a new one. */
interface XhrRequest {
  method: string;
  url: string;
  origin: string;
  /** open()'s arguments as the page passed them, for the retry. */
  openArgs: unknown[];
  async: boolean;
  /** The page's own headers (lowercase names; repeated ones combined, as XHR sends them). */
  headers: Map<string, string>;
  /**
   * idle: not sent, or not recorded; sent: on the wire; held: readyState 4 with status 0 stopped, waiting
   * for the next event to tell a network error (retry) from an abort or a timeout; released: it was one of
   * those, and the page got its readystatechange after all; failed: a refused attempt being hidden;
   * retrying: sent again without our headers; ended: reported.
   */
  phase: 'idle' | 'sent' | 'held' | 'released' | 'failed' | 'retrying' | 'ended';
  id: string;
  config: WrapperConfig | null;
  injected: string[];
  sentAt: number;
  aborted: boolean;
  outcome: 'error' | 'abort' | 'timeout' | null;
}

type XhrScope = { XMLHttpRequest: typeof XMLHttpRequest };

const XHR_EVENTS = ['readystatechange', 'loadstart', 'error', 'abort', 'timeout', 'loadend'];
const UPLOAD_EVENTS = ['error', 'abort', 'timeout', 'loadend'];
const TIMEOUT_SLACK_MS = 10;

export function installXhrWrapper(scope: XhrScope, hooks: RequestHooks): void {
  // Captured now: page scripts may replace or patch these later, and we must not call their versions.
  const NativeXhr = scope.XMLHttpRequest;
  const proto = NativeXhr.prototype;
  const xhrOpen = proto.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  const xhrSend = proto.send;
  const xhrSetHeader = proto.setRequestHeader;
  const xhrAbort = proto.abort;
  const uploadOf = Object.getOwnPropertyDescriptor(proto, 'upload')?.get as
    | ((this: XMLHttpRequest) => XMLHttpRequestUpload)
    | undefined;
  const addListener = EventTarget.prototype.addEventListener;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const stopNow = Event.prototype.stopImmediatePropagation;
  const NativeEvent = Event;
  const { now, pageOrigin } = hooks;

  const requests = new WeakMap<XMLHttpRequest, XhrRequest>();
  const uploads = new WeakMap<EventTarget, XMLHttpRequest>();
  /** The XHR whose retry is being opened and sent: its readystatechange(1) and loadstart are ours. */
  let muted: XMLHttpRequest | null = null;

  const stop = (e: Event) => stopNow.call(e);
  const retryable = (xhr: XMLHttpRequest, r: XhrRequest) =>
    r.injected.length > 0 &&
    r.origin !== pageOrigin &&
    (r.method === 'GET' || r.method === 'HEAD') &&
    r.async &&
    !r.aborted &&
    // A timeout fires readystatechange(4) first too: one that ran out of time is the page's. (Timers and
    // Date.now() disagree by a millisecond or two; a miss is caught when the timeout event comes.)
    !(xhr.timeout > 0 && now() - r.sentAt >= xhr.timeout - TIMEOUT_SLACK_MS);

  /** What was stopped turned out not to be a refusal: the page gets its readystatechange after all. */
  const release = (xhr: XMLHttpRequest, r: XhrRequest) => {
    r.phase = 'released';
    dispatch.call(xhr, new NativeEvent('readystatechange'));
  };

  const retry = (xhr: XMLHttpRequest, r: XhrRequest) => {
    r.phase = 'retrying';
    r.outcome = null;
    hooks.refused(r.url, r.method, r.injected, true);
    muted = xhr;
    try {
      // The native methods: the page's own XHR instrumentation must not see a second request.
      // responseType, withCredentials and timeout are not reset by open().
      xhrOpen.apply(xhr, r.openArgs);
      for (const [name, value] of r.headers) xhrSetHeader.call(xhr, name, value);
      xhrSend.call(xhr);
    } catch (e) {
      // Cannot happen with the arguments that worked once; if it does, the page must still hear the end.
      muted = null;
      end(xhr, r, String(e));
      dispatch.call(xhr, new NativeEvent('error'));
      dispatch.call(xhr, new NativeEvent('loadend'));
    } finally {
      muted = null;
    }
  };

  const end = (xhr: XMLHttpRequest, r: XhrRequest, error?: string) => {
    const retried = r.phase === 'retrying';
    r.phase = 'ended';
    const status = xhr.status;
    if (status === 0 && r.outcome === 'error' && !retried && r.injected.length > 0 && r.origin !== pageOrigin)
      hooks.refused(r.url, r.method, r.injected, false);
    const type = status > 0 ? (xhr.getResponseHeader('content-type') ?? '') : '';
    const body =
      status > 0 &&
      r.config &&
      (xhr.responseType === '' || xhr.responseType === 'text') &&
      hooks.keepsBody(r.config, r.url, type)
        ? hooks.cut(r.config, xhr.responseText)
        : undefined;
    const failure = error ?? (status === 0 && r.outcome ? OUTCOME_TEXT[r.outcome] : undefined);
    hooks.report({
      kind: 'request-end',
      id: r.id,
      ts: now(),
      status,
      ...(retried ? { retried } : {}),
      ...(failure ? { error: failure } : {}),
      ...(body !== undefined ? { responseBody: body, responseType: type } : {}),
    });
  };

  // One listener object for every XHR (and upload) of the page: construction adds listeners, no closures.
  const listener = {
    handleEvent(e: Event) {
      const target = e.target as EventTarget;
      const xhr = uploads.get(target) ?? (target as XMLHttpRequest);
      const r = requests.get(xhr);
      if (!r || r.phase === 'idle' || r.phase === 'ended') return;
      const type = e.type;
      if (muted === xhr) {
        if (type === 'readystatechange' || type === 'loadstart') stop(e);
        return;
      }
      const upload = target !== xhr;
      switch (type) {
        case 'readystatechange':
          if (r.phase === 'sent' && xhr.readyState === 4 && xhr.status === 0 && retryable(xhr, r)) {
            r.phase = 'held';
            stop(e);
          }
          return;
        case 'error':
        case 'abort':
        case 'timeout':
          // The first of these after a held readystatechange (on upload or on the XHR) tells what happened.
          if (r.phase === 'held') {
            if (type === 'error') r.phase = 'failed';
            else release(xhr, r);
          }
          if (r.phase === 'failed') return stop(e);
          if (!upload) r.outcome = type;
          return;
        case 'loadend':
          if (r.phase === 'failed') {
            stop(e);
            if (!upload) retry(xhr, r);
            return;
          }
          if (upload) return;
          if (r.phase === 'held') release(xhr, r);
          end(xhr, r);
      }
    },
  };

  const listen = (target: EventTarget, types: string[]) => {
    for (const type of types) addListener.call(target, type, listener);
  };

  // A subclass, not a replacement: statics, instanceof, and prototype patches by page libraries (which land
  // on this prototype and call through to the native methods, wrapped below) keep working.
  class TandemXhr extends NativeXhr {
    constructor() {
      super();
      listen(this, XHR_EVENTS);
    }
  }
  // The bundler may rename the class; pages and libraries read the name.
  Object.defineProperty(TandemXhr, 'name', { value: 'XMLHttpRequest' });
  for (const key of Reflect.ownKeys(NativeXhr)) {
    if (key === 'prototype' || key === 'name' || key === 'length') continue;
    const d = Object.getOwnPropertyDescriptor(NativeXhr, key);
    if (d) Object.defineProperty(TandemXhr, key, d);
  }
  if (uploadOf) {
    // The upload object is created on first access: our listeners go on it then, before the page's.
    Object.defineProperty(TandemXhr.prototype, 'upload', {
      configurable: true,
      enumerable: true,
      get(this: XMLHttpRequest) {
        const upload = uploadOf.call(this);
        if (!uploads.has(upload)) {
          uploads.set(upload, this);
          listen(upload, UPLOAD_EVENTS);
        }
        return upload;
      },
    });
  }
  scope.XMLHttpRequest = TandemXhr;

  proto.open = function tandemOpen(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    let parsed: URL | null = null;
    try {
      // Resolved the way open() resolves it: against the document's base URL.
      parsed = new URL(String(url), document.baseURI);
    } catch {
      // The native open() throws the right error for a URL it cannot parse.
    }
    if (parsed) {
      requests.set(this, {
        method: String(method).toUpperCase(),
        url: parsed.href,
        origin: parsed.origin,
        openArgs: [method, url, ...rest],
        // open(method, url) is asynchronous; with a third argument, that argument decides.
        async: rest.length === 0 || !!rest[0],
        headers: new Map(),
        phase: 'idle',
        id: '',
        config: null,
        injected: [],
        sentAt: 0,
        aborted: false,
        outcome: null,
      });
    } else {
      requests.delete(this);
    }
    return xhrOpen.call(this, method, url, ...rest);
  } as typeof proto.open;

  proto.setRequestHeader = function tandemSetHeader(this: XMLHttpRequest, name: string, value: string) {
    const r = requests.get(this);
    const key = String(name).toLowerCase();
    // The page's baggage is held until send(): Tandem merges its entries into it, and XHR would append a
    // second value (sending the page's entries twice) instead of replacing the first.
    if (r?.phase === 'idle' && key === 'baggage') {
      if (/[\0\r\n]/.test(String(value)))
        throw new DOMException(`'${value}' is not a valid HTTP header field value.`, 'SyntaxError');
    } else {
      xhrSetHeader.call(this, name, value);
    }
    // Recorded after the native call accepted it, so the retry never repeats a header that threw.
    if (r?.phase === 'idle') {
      const before = r.headers.get(key);
      r.headers.set(key, before === undefined ? String(value) : `${before}, ${value}`);
    }
  };

  proto.send = function tandemSend(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const r = requests.get(this);
    const config = hooks.config();
    const ownBaggage = r?.phase === 'idle' ? r.headers.get('baggage') : undefined;
    if (!r || !config || r.phase !== 'idle') {
      if (ownBaggage !== undefined) xhrSetHeader.call(this, 'baggage', ownBaggage);
      return xhrSend.call(this, body);
    }
    const decided = hooks.plan(config, r.url, r.origin, r.headers.size > 0 ? (n) => r.headers.get(n) ?? null : null);
    if (decided) for (const [k, v] of Object.entries(decided.headers)) xhrSetHeader.call(this, k, v);
    // The page's held baggage goes as it was when Tandem adds none (merged, it is in decided.headers).
    if (ownBaggage !== undefined && decided?.headers.baggage === undefined)
      xhrSetHeader.call(this, 'baggage', ownBaggage);
    r.id = hooks.nextId('x');
    r.config = config;
    r.injected = decided ? Object.keys(decided.headers) : [];
    r.sentAt = now();
    r.aborted = false;
    r.phase = 'sent';
    hooks.report({
      kind: 'request-start',
      id: r.id,
      ts: r.sentAt,
      api: 'xhr',
      method: r.method,
      url: r.url,
      ...(decided ? { traceId: decided.traceId, spanId: decided.spanId } : {}),
      injected: r.injected,
      adopted: decided?.adopted ?? false,
    });
    if (r.async) return xhrSend.call(this, body);
    // A synchronous request that fails fires no events, it throws; it is never retried (the page waits on it).
    try {
      return xhrSend.call(this, body);
    } catch (e) {
      if (r.phase === 'sent') {
        r.outcome = e instanceof DOMException && e.name === 'NetworkError' ? 'error' : null;
        end(this, r, String(e).slice(0, 500));
      }
      throw e;
    }
  };

  proto.abort = function tandemAbort(this: XMLHttpRequest) {
    // The readystatechange(4) that abort() fires is the page's: never held for a retry.
    const r = requests.get(this);
    if (r) r.aborted = true;
    return xhrAbort.call(this);
  };
}

const OUTCOME_TEXT = { error: 'network error', abort: 'aborted', timeout: 'timed out' } as const;
