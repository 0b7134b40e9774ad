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

  window.fetch = function tandemFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const config = hooks.config();
    if (!config) return nativeFetch(input, init);
    const id = hooks.nextId('f');
    const request = input instanceof Request ? input : null;
    const parsed = new URL(request ? request.url : String(input), location.href);
    const url = parsed.href;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const base = new Headers(init?.headers ?? request?.headers ?? undefined);
    const decided = hooks.plan(config, url, parsed.origin, (n) => base.get(n));
    let sent: Promise<Response>;
    if (decided && Object.keys(decided.headers).length > 0) {
      for (const [k, v] of Object.entries(decided.headers)) base.set(k, v);
      sent = request && !init ? nativeFetch(new Request(request, { headers: base })) : nativeFetch(input, { ...init, headers: base });
    } else {
      sent = nativeFetch(input, init);
    }
    const injected = decided ? Object.keys(decided.headers) : [];
    report({ kind: 'request-start', id, ts: now(), api: 'fetch', method, url, ...(decided ? { traceId: decided.traceId, spanId: decided.spanId } : {}), injected, adopted: decided?.adopted ?? false });
    const crossOrigin = parsed.origin !== hooks.pageOrigin;
    return sent.then(
      (response) => {
        finish(id, response, url, config);
        return response;
      },
      (error: unknown) => {
        const retry = injected.length > 0 && crossOrigin && error instanceof TypeError;
        if (retry) hooks.refused(url, method, injected, method === 'GET' || method === 'HEAD');
        if (retry && (method === 'GET' || method === 'HEAD')) {
          return nativeFetch(input, init).then((response) => {
            finish(id, response, url, config, true);
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
      const href = new URL(String(url), location.href).href;
      hooks.report({ kind: 'request-start', id, ts: hooks.now(), api: 'beacon', method: 'POST', url: href, injected: [], adopted: false });
      hooks.report({ kind: 'request-end', id, ts: hooks.now(), status: ok ? 0 : -1 });
    }
    return ok;
  };
}
