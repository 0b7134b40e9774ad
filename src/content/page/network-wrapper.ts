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
  report: (event: NetworkPageEvent) => void;
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
    ctx.block(origin);
    ctx.report({ kind: 'propagation-failed', ts: now(), origin, url, method, headers, retried });
  };

  window.fetch = function tandemFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const config = ctx.config();
    if (!config) return nativeFetch(input, init);
    const id = `f${++counter}`;
    const request = input instanceof Request ? input : null;
    const parsed = new URL(request ? request.url : String(input), location.href);
    const url = parsed.href;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const base = new Headers(init?.headers ?? request?.headers ?? undefined);
    const decided = plan(url, parsed.origin, (n) => base.get(n));
    let sent: Promise<Response>;
    if (decided && Object.keys(decided.headers).length > 0) {
      for (const [k, v] of Object.entries(decided.headers)) base.set(k, v);
      sent = request && !init ? nativeFetch(new Request(request, { headers: base })) : nativeFetch(input, { ...init, headers: base });
    } else {
      sent = nativeFetch(input, init);
    }
    const injected = decided ? Object.keys(decided.headers) : [];
    ctx.report({ kind: 'request-start', id, ts: now(), api: 'fetch', method, url, ...(decided ? { traceId: decided.traceId, spanId: decided.spanId } : {}), injected, adopted: decided?.adopted ?? false });
    const crossOrigin = parsed.origin !== pageOrigin;
    return sent.then(
      (response) => {
        finishFetch(id, response, url, config);
        return response;
      },
      (error: unknown) => {
        const retry = injected.length > 0 && crossOrigin && error instanceof TypeError;
        if (retry) refused(url, method, injected, method === 'GET' || method === 'HEAD');
        if (retry && (method === 'GET' || method === 'HEAD')) {
          return nativeFetch(input, init).then((response) => {
            finishFetch(id, response, url, config, true);
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
