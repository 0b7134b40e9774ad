/**
 * Wraps fetch, XMLHttpRequest and sendBeacon in the page's main world, before the page's own scripts:
 * requests to propagation targets get the trace headers of their propagators, and every request is
 * reported (start, end, status, ids). A header the page set itself is never overwritten. A request that
 * fails because a cross-origin server refused our headers (its preflight) stops injection for that origin;
 * a GET or HEAD is retried once without them so the app keeps working (XHR: xhr-wrapper.ts, xhr-lifecycle.ts).
 */
import type { PropagationResult, WrapperConfig } from '../../shared/propagation';
import type { NetworkPageEvent } from '../../shared/protocol';
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
  const { now, report, pageOrigin } = hooks;

  // A root-relative or absolute URL of the page's own origin is classified without parsing it: the fetch()
  // call's synchronous cost is what the page pays (bench/fetch/wrapper.ts), and new URL() was a large part of ours.
  // The full URL is resolved when the record is made, in a later task. A root-relative URL still asks
  // document.baseURI: a <base href> of another origin sends it there.
  const pagePrefix = `${pageOrigin}/`;
  const ownOrigin = (s: string) =>
    s.startsWith(pagePrefix) ||
    (s.charCodeAt(0) === 47 /* / */ &&
      s.charCodeAt(1) !== 47 &&
      s.charCodeAt(1) !== 92 /* \ */ &&
      document.baseURI.startsWith(pagePrefix));

  window.fetch = function tandemFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const config = hooks.config();
    if (!config) return nativeFetch(input, init);
    // Everything here is paid inside the page's call, so the common case (a string URL of the page's own
    // origin, no headers of the page's) parses nothing, looks up no header and allocates little; what the
    // record needs beyond ids and time is worked out when it is made (fetchStart).
    const ts = now();
    const id = hooks.nextId('f');
    let request: Request | null = null;
    let origin = pageOrigin;
    let href: string | null = null;
    if (typeof input !== 'string' || !ownOrigin(input)) {
      request = input instanceof Request ? input : null;
      const parsed = input instanceof URL ? input : new URL(request ? request.url : String(input), document.baseURI);
      origin = parsed.origin;
      href = parsed.href;
    }
    // Only a page that set headers needs them read (adopted trace ids, merged baggage).
    const own = init?.headers ?? request?.headers;
    const base = own === undefined ? null : new Headers(own);
    const decided = hooks.plan(config, href ?? pagePrefix, origin, base ? (n) => base.get(n) : null);
    let sent: Promise<Response>;
    if (decided !== null && hasAny(decided.headers)) {
      let headers: HeadersInit = decided.headers;
      if (base) {
        for (const name in decided.headers) base.set(name, decided.headers[name]!);
        headers = base;
      }
      sent =
        request && !init
          ? nativeFetch(new Request(request, { headers }))
          : nativeFetch(input, init ? { ...init, headers } : { headers });
    } else {
      sent = nativeFetch(input, init);
    }
    const call: FetchCall = { id, ts, input, init, request, href, decided, config };
    report(() => fetchStart(call));
    return sent.then(
      (response) => {
        finish(call, response);
        return response;
      },
      (error: unknown) => failed(call, origin, error),
    );
  };

  function failed(call: FetchCall, origin: string, error: unknown): Promise<Response> {
    const m = methodOf(call);
    const injected = call.decided ? Object.keys(call.decided.headers) : [];
    const retry = injected.length > 0 && origin !== pageOrigin && error instanceof TypeError;
    if (retry) hooks.refused(urlOf(call), m, injected, m === 'GET' || m === 'HEAD');
    if (retry && (m === 'GET' || m === 'HEAD')) {
      return nativeFetch(call.input, call.init).then((response) => {
        finish(call, response, true);
        return response;
      });
    }
    report({ kind: 'request-end', id: call.id, ts: now(), status: 0, error: String(error).slice(0, 500) });
    throw error;
  }

  function finish(call: FetchCall, response: Response, retried = false) {
    const end = {
      kind: 'request-end' as const,
      id: call.id,
      ts: now(),
      status: response.status,
      ...(retried ? { retried } : {}),
    };
    // The response's callback is on the page's path too: nothing is resolved or read without body capture.
    const { config } = call;
    if (config.bodies.urls.length === 0) return report(end);
    const type = response.headers.get('content-type') ?? '';
    if (!hooks.keepsBody(config, urlOf(call), type)) return report(end);
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

/** What one fetch() call leaves for its record, made in a later task. */
interface FetchCall {
  id: string;
  ts: number;
  input: RequestInfo | URL;
  init: RequestInit | undefined;
  request: Request | null;
  /** Resolved in the call unless the URL was a string of the page's own origin. */
  href: string | null;
  decided: PropagationResult | null;
  config: WrapperConfig;
}

const hasAny = (headers: Record<string, string>) => {
  for (const _ in headers) return true;
  return false;
};
const methodOf = (c: FetchCall) => (c.init?.method ?? c.request?.method ?? 'GET').toUpperCase();
const urlOf = (c: FetchCall) => (c.href ??= new URL(c.input as string, document.baseURI).href);

function fetchStart(c: FetchCall): NetworkPageEvent {
  const d = c.decided;
  return {
    kind: 'request-start',
    id: c.id,
    ts: c.ts,
    api: 'fetch',
    method: methodOf(c),
    url: urlOf(c),
    ...(d ? { traceId: d.traceId, spanId: d.spanId } : {}),
    injected: d ? Object.keys(d.headers) : [],
    adopted: d?.adopted ?? false,
  };
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
      hooks.report({
        kind: 'request-start',
        id,
        ts: hooks.now(),
        api: 'beacon',
        method: 'POST',
        url: href,
        injected: [],
        adopted: false,
      });
      hooks.report({ kind: 'request-end', id, ts: hooks.now(), status: ok ? 0 : -1 });
    }
    return ok;
  };
}
