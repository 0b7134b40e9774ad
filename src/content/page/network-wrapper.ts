/**
 * Wraps fetch, XMLHttpRequest and sendBeacon in the page's main world, before the page's own scripts:
 * requests to propagation targets get the trace headers of their propagators, and every request is
 * reported (start, end, status, ids). A header the page set itself is never overwritten. A request that
 * fails because a cross-origin server refused our headers (its preflight) stops injection for that origin;
 * a GET or HEAD fetch is retried once without them so the app keeps working.
 */
import { propagationHeaders, propagatorsFor, type WrapperConfig } from '../../shared/propagation';
import type { NetworkPageEvent } from '../../shared/protocol';
import { compileUrlPattern } from '../../shared/url-match';

export interface WrapperContext {
  config: () => WrapperConfig | null;
  /** A record, or a function that makes it when it is sent (a later task, outside the page's call). */
  report: (event: NetworkPageEvent | (() => NetworkPageEvent)) => void;
  /** The origin refused our headers; the recorder tells the background. */
  block: (origin: string) => void;
}

const TEXTUAL = /^(text\/|application\/(json|xml|x-www-form-urlencoded|graphql|javascript)|[^;]*\+(json|xml))/i;

export function installNetworkWrapper(ctx: WrapperContext): void {
  // Captured now: page scripts may replace these later, and we must not call their versions.
  const nativeFetch = window.fetch.bind(window);
  const xhrOpen = XMLHttpRequest.prototype.open;
  const xhrSend = XMLHttpRequest.prototype.send;
  const xhrSetHeader = XMLHttpRequest.prototype.setRequestHeader;
  const nativeBeacon = navigator.sendBeacon?.bind(navigator);
  const getRandomValues = crypto.getRandomValues.bind(crypto);
  const now = Date.now;
  const pageOrigin = location.origin;
  let counter = 0;
  let interaction: { traceId: string; at: number } | null = null;

  // Ids from one random draw per request, through a byte -> hex table: this runs inside fetch().
  const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
  const pool = new Uint8Array(24);
  const hex = (bytes: number, offset = 0) => {
    let out = '';
    for (let i = offset; i < offset + bytes; i++) out += HEX[pool[i]!];
    return out;
  };
  const freshIds = (config: WrapperConfig) => {
    getRandomValues(pool);
    let traceId = hex(16);
    if (config.traceMode === 'interaction') {
      // Requests within 10 s of the last click or key press belong to that interaction's trace.
      if (interaction && now() - interaction.at < 10_000) traceId = interaction.traceId;
      else interaction = null;
    }
    return { traceId, spanId: hex(8, 16) };
  };
  const onInteraction = () => {
    getRandomValues(pool);
    interaction = { traceId: hex(16), at: now() };
  };
  addEventListener('pointerdown', onInteraction, { capture: true, passive: true });
  addEventListener('keydown', onInteraction, { capture: true, passive: true });

  const bodyAllowed = (config: WrapperConfig | null, url: string) =>
    !!config && config.bodies.urls.some((p) => compileUrlPattern(p).test(url));
  const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

  /** Decides the headers for one request; returns what to add and the ids, or null when none. */
  const plan = (url: string, origin: string, get: (name: string) => string | null) => {
    const config = ctx.config();
    if (!config) return null;
    const propagators = propagatorsFor(url, origin, pageOrigin, config);
    if (propagators.length === 0) return null;
    return propagationHeaders(get, propagators, freshIds(config), config.replayId);
  };

  const refused = (url: string, method: string, headers: string[], retried: boolean) => {
    const origin = new URL(url).origin;
    // Blocked at once: the page's next request must not be refused again.
    ctx.block(origin);
    ctx.report({ kind: 'propagation-failed', ts: now(), origin, url, method, headers, retried });
  };

  // A root-relative or absolute URL of the page's own origin is classified without parsing it: the fetch()
  // call's synchronous cost is what the page pays (bench/wrapper.ts), and new URL() was a third of ours.
  // The full URL is resolved when the record is sent, in a later task.
  const pagePrefix = `${pageOrigin}/`;
  const ownOrigin = (s: string) =>
    s.startsWith(pagePrefix) || (s.charCodeAt(0) === 47 /* / */ && s.charCodeAt(1) !== 47 && s.charCodeAt(1) !== 92 /* \ */ && document.baseURI.startsWith(pagePrefix));
  const noHeaders = () => null;

  window.fetch = function tandemFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const config = ctx.config();
    if (!config) return nativeFetch(input, init);
    const ts = now();
    const id = `f${++counter}`;
    const request = input instanceof Request ? input : null;
    let origin = pageOrigin;
    let href: string | null = null;
    if (typeof input !== 'string' || !ownOrigin(input)) {
      const parsed = input instanceof URL ? input : new URL(request ? request.url : String(input), document.baseURI);
      origin = parsed.origin;
      href = parsed.href;
    }
    const url = () => href ?? new URL(input as string, document.baseURI).href;
    const method = () => (init?.method ?? request?.method ?? 'GET').toUpperCase();
    // Only a page that set headers needs them read (adopted trace ids, merged baggage).
    const own = init?.headers ?? request?.headers;
    const base = own === undefined ? null : new Headers(own);
    const decided = plan(href ?? pagePrefix, origin, base ? (n) => base.get(n) : noHeaders);
    let sent: Promise<Response>;
    let injected: string[] = [];
    if (decided && (injected = Object.keys(decided.headers)).length > 0) {
      let headers: HeadersInit = decided.headers;
      if (base) {
        for (const name of injected) base.set(name, decided.headers[name]!);
        headers = base;
      }
      sent = request && !init ? nativeFetch(new Request(request, { headers })) : nativeFetch(input, init ? { ...init, headers } : { headers });
    } else {
      sent = nativeFetch(input, init);
    }
    ctx.report(() => ({ kind: 'request-start', id, ts, api: 'fetch', method: method(), url: url(), ...(decided ? { traceId: decided.traceId, spanId: decided.spanId } : {}), injected, adopted: decided?.adopted ?? false }));
    return sent.then(
      (response) => {
        finishFetch(id, response, href ?? url(), config);
        return response;
      },
      (error: unknown) => {
        const m = method();
        const retry = injected.length > 0 && origin !== pageOrigin && error instanceof TypeError;
        if (retry) refused(url(), m, injected, m === 'GET' || m === 'HEAD');
        if (retry && (m === 'GET' || m === 'HEAD')) {
          return nativeFetch(input, init).then((response) => {
            finishFetch(id, response, url(), config, true);
            return response;
          });
        }
        ctx.report({ kind: 'request-end', id, ts: now(), status: 0, error: String(error).slice(0, 500) });
        throw error;
      },
    );
  };

  function finishFetch(id: string, response: Response, url: string, config: WrapperConfig, retried = false) {
    const end = { kind: 'request-end' as const, id, ts: now(), status: response.status, ...(retried ? { retried } : {}) };
    const type = response.headers.get('content-type') ?? '';
    if (!bodyAllowed(config, url) || !TEXTUAL.test(type)) return ctx.report(end);
    // Read a copy: the page's own response stays unread for the page.
    response
      .clone()
      .text()
      .then(
        (text) => ctx.report({ ...end, responseBody: cut(text, config.bodies.maxBytes), responseType: type }),
        () => ctx.report(end),
      );
  }

  const xhrState = new WeakMap<XMLHttpRequest, { method: string; url: string; origin: string; headers: Map<string, string> }>();
  XMLHttpRequest.prototype.open = function tandemOpen(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    const parsed = new URL(String(url), location.href);
    xhrState.set(this, { method: String(method).toUpperCase(), url: parsed.href, origin: parsed.origin, headers: new Map() });
    return (xhrOpen as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.setRequestHeader = function tandemSetHeader(this: XMLHttpRequest, name: string, value: string) {
    xhrState.get(this)?.headers.set(name.toLowerCase(), value);
    return xhrSetHeader.call(this, name, value);
  };
  XMLHttpRequest.prototype.send = function tandemSend(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const state = xhrState.get(this);
    const config = ctx.config();
    if (!state || !config) return xhrSend.call(this, body);
    const id = `x${++counter}`;
    const decided = plan(state.url, state.origin, (n) => state.headers.get(n) ?? null);
    const injected = decided ? Object.keys(decided.headers) : [];
    if (decided) for (const [k, v] of Object.entries(decided.headers)) xhrSetHeader.call(this, k, v);
    ctx.report({ kind: 'request-start', id, ts: now(), api: 'xhr', method: state.method, url: state.url, ...(decided ? { traceId: decided.traceId, spanId: decided.spanId } : {}), injected, adopted: decided?.adopted ?? false });
    const crossOrigin = state.origin !== pageOrigin;
    this.addEventListener('loadend', () => {
      const status = this.status;
      // XHR cannot be retried behind the page's back (it holds the object): the origin is blocked for the next ones.
      if (status === 0 && injected.length > 0 && crossOrigin) refused(state.url, state.method, injected, false);
      const type = this.getResponseHeader('content-type') ?? '';
      const withBody = status > 0 && bodyAllowed(config, state.url) && TEXTUAL.test(type) && (this.responseType === '' || this.responseType === 'text');
      ctx.report({ kind: 'request-end', id, ts: now(), status, ...(withBody ? { responseBody: cut(this.responseText, config.bodies.maxBytes), responseType: type } : {}) });
    });
    return xhrSend.call(this, body);
  };

  if (nativeBeacon) {
    // Beacons cannot carry headers: recorded, not modified.
    navigator.sendBeacon = function tandemBeacon(url: string | URL, data?: BodyInit | null) {
      const ok = nativeBeacon(url, data);
      if (ctx.config()) {
        const id = `b${++counter}`;
        const href = new URL(String(url), location.href).href;
        ctx.report({ kind: 'request-start', id, ts: now(), api: 'beacon', method: 'POST', url: href, injected: [], adopted: false });
        ctx.report({ kind: 'request-end', id, ts: now(), status: ok ? 0 : -1 });
      }
      return ok;
    };
  }
}
