/**
 * XMLHttpRequest in the page's main world: trace headers for propagation targets (as for fetch), a record
 * of every request, and a GET or HEAD sent again without our headers when a cross-origin server's
 * preflight refused them.
 *
 * The page holds the XHR object, so the retry happens inside that object: `XMLHttpRequest` becomes a
 * subclass whose constructor adds Tandem's listeners (xhr-lifecycle.ts) before the page can add any, and
 * the prototype's open, setRequestHeader, send and abort note what the retry needs and add the headers.
 */
import { type XhrNatives, type XhrRequest, xhrLifecycle } from './xhr-lifecycle';
import type { RequestHooks } from './request-hooks';

type XhrScope = { XMLHttpRequest: typeof XMLHttpRequest };

const XHR_EVENTS = ['readystatechange', 'loadstart', 'error', 'abort', 'timeout', 'loadend'];
const UPLOAD_EVENTS = ['error', 'abort', 'timeout', 'loadend'];

export function installXhrWrapper(scope: XhrScope, hooks: RequestHooks): void {
  // Captured now: page scripts may replace or patch these later, and we must not call their versions.
  const NativeXhr = scope.XMLHttpRequest;
  const proto = NativeXhr.prototype;
  const natives: XhrNatives = {
    open: proto.open as (this: XMLHttpRequest, ...args: unknown[]) => void,
    send: proto.send,
    setHeader: proto.setRequestHeader,
    dispatch: EventTarget.prototype.dispatchEvent,
    stopNow: Event.prototype.stopImmediatePropagation,
    Event,
  };
  const { open: xhrOpen, send: xhrSend, setHeader: xhrSetHeader } = natives;
  const xhrAbort = proto.abort;
  const uploadOf = Object.getOwnPropertyDescriptor(proto, 'upload')?.get as
    | ((this: XMLHttpRequest) => XMLHttpRequestUpload)
    | undefined;
  const addListener = EventTarget.prototype.addEventListener;
  const { now } = hooks;

  const requests = new WeakMap<XMLHttpRequest, XhrRequest>();
  const uploads = new WeakMap<EventTarget, XMLHttpRequest>();
  const { listener, end } = xhrLifecycle(natives, hooks, requests, uploads);

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
