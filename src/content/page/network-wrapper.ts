/**
 * Wraps fetch, XMLHttpRequest and sendBeacon in the page's main world, before the page's own scripts:
 * requests to propagation targets get the trace headers of their propagators, and every request is
 * reported (start, end, status, ids). A header the page set itself is never overwritten. A request that
 * fails because a cross-origin server refused our headers (its preflight) stops injection for that origin;
 * a GET or HEAD is retried once without them so the app keeps working (XHR: see xhr-wrapper.ts).
 */
import type { WrapperConfig } from '../../shared/propagation';
import { requestHooks, type RequestHooks, type WrapperContext } from './request-hooks';
import { installXhrWrapper } from './xhr-wrapper';

export type { WrapperContext } from './request-hooks';

export function installNetworkWrapper(ctx: WrapperContext): void {
  const hooks = requestHooks(ctx, location.origin);
  addEventListener('pointerdown', hooks.interaction, { capture: true, passive: true });
  addEventListener('keydown', hooks.interaction, { capture: true, passive: true });
  wrapFetch(hooks);
  installXhrWrapper(window, hooks);
  wrapBeacon(hooks);
}

function wrapFetch(hooks: RequestHooks): void {
  // Captured now: page scripts may replace fetch later, and we must not call their version.
  const nativeFetch = window.fetch.bind(window);
  const { now, report } = hooks;

  // A root-relative or absolute URL of the page's own origin is classified without parsing it: the fetch()
  // call's synchronous cost is what the page pays (bench/wrapper.ts), and new URL() was a third of ours.
  // The full URL is resolved when the record is sent, in a later task.
  const pageOrigin = hooks.pageOrigin;
  const pagePrefix = `${pageOrigin}/`;
  const ownOrigin = (s: string) =>
    s.startsWith(pagePrefix) || (s.charCodeAt(0) === 47 /* / */ && s.charCodeAt(1) !== 47 && s.charCodeAt(1) !== 92 /* \ */ && document.baseURI.startsWith(pagePrefix));
  const noHeaders = () => null;

  window.fetch = function tandemFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const config = hooks.config();
    if (!config) return nativeFetch(input, init);
    const ts = now();
    const id = hooks.nextId('f');
    const request = input instanceof Request ? input : null;
    let origin = pageOrigin;
    let href: string | null = null;
    if (typeof input !== 'string' || !ownOrigin(input)) {
      const parsed = input instanceof URL ? input : new URL(request ? request.url : String(input), document.baseURI);
      origin = parsed.origin;
      href = parsed.href;
    }
    const url = () => (href ??= new URL(input as string, document.baseURI).href);
    const method = () => (init?.method ?? request?.method ?? 'GET').toUpperCase();
    // Only a page that set headers needs them read (adopted trace ids, merged baggage).
    const own = init?.headers ?? request?.headers;
    const base = own === undefined ? null : new Headers(own);
    const decided = hooks.plan(config, href ?? pagePrefix, origin, base ? (n) => base.get(n) : noHeaders);
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
    // Made in the page hooks' flush task, not inside this call.
    report(() => ({ kind: 'request-start', id, ts, api: 'fetch', method: method(), url: url(), ...(decided ? { traceId: decided.traceId, spanId: decided.spanId } : {}), injected, adopted: decided?.adopted ?? false }));
    return sent.then(
      (response) => {
        finish(id, response, url(), config);
        return response;
      },
      (error: unknown) => {
        const m = method();
        const retry = injected.length > 0 && origin !== pageOrigin && error instanceof TypeError;
        if (retry) hooks.refused(url(), m, injected, m === 'GET' || m === 'HEAD');
        if (retry && (m === 'GET' || m === 'HEAD')) {
          return nativeFetch(input, init).then((response) => {
            finish(id, response, url(), config, true);
            return response;
          });
        }
        report({ kind: 'request-end', id, ts: now(), status: 0, error: String(error).slice(0, 500) });
        throw error;
      },
    );
  };

  function finish(id: string, response: Response, url: string, config: WrapperConfig, retried = false) {
    const end = { kind: 'request-end' as const, id, ts: now(), status: response.status, ...(retried ? { retried } : {}) };
    const type = response.headers.get('content-type') ?? '';
    if (!hooks.keepsBody(config, url, type)) return report(end);
    // Read a copy: the page's own response stays unread for the page.
    response
      .clone()
      .text()
      .then(
        (text) => report({ ...end, responseBody: hooks.cut(config, text), responseType: type }),
        () => report(end),
      );
  }
}

function wrapBeacon(hooks: RequestHooks): void {
  const nativeBeacon = navigator.sendBeacon?.bind(navigator);
  if (!nativeBeacon) return;
  // Beacons cannot carry headers: recorded, not modified.
  navigator.sendBeacon = function tandemBeacon(url: string | URL, data?: BodyInit | null) {
    const ok = nativeBeacon(url, data);
    if (hooks.config()) {
      const id = hooks.nextId('b');
      const href = new URL(String(url), document.baseURI).href;
      hooks.report({ kind: 'request-start', id, ts: hooks.now(), api: 'beacon', method: 'POST', url: href, injected: [], adopted: false });
      hooks.report({ kind: 'request-end', id, ts: hooks.now(), status: ok ? 0 : -1 });
    }
    return ok;
  };
}
