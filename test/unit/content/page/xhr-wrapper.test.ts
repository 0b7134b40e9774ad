import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestHooks } from '../../../../src/content/page/request-hooks';
import { installXhrWrapper } from '../../../../src/content/page/xhr-wrapper';
import type { WrapperConfig } from '../../../../src/shared/propagation';
import type { NetworkPageEvent } from '../../../../src/shared/protocol';
import { BrowserEvent, fakeXhrClass, type Answer, type FakeRequest } from '../../fixtures/fake-xhr';

const PAGE = 'https://shop.test';
/** A propagation target whose preflight allows no extra headers. */
const API = 'https://api.partner.test';
const REPLAY_ID = '0123456789abcdef0123456789abcdef';
const OK: Answer = { status: 200, body: '{"stock":3}' };

let config: WrapperConfig | null;
let reported: NetworkPageEvent[];
let sent: FakeRequest[];
/** How the scripted network answers; by default like the API: refuses our headers, answers without them. */
let network: (request: FakeRequest) => Answer;
let XHR: typeof XMLHttpRequest;
let NativeXhr: typeof XMLHttpRequest;

const refusesTraceHeaders = (r: FakeRequest): Answer =>
  r.url.startsWith(API) && r.headers.traceparent !== undefined ? 'network-error' : OK;

beforeEach(() => {
  vi.stubGlobal('location', { href: `${PAGE}/cart`, origin: PAGE });
  vi.stubGlobal('document', { baseURI: `${PAGE}/cart` });
  config = {
    replayId: REPLAY_ID,
    sameOrigin: ['tracecontext', 'baggage'],
    targets: [{ urls: [`${API}/*`], propagators: ['tracecontext', 'baggage'] }],
    blockedOrigins: [],
    traceMode: 'request',
    bodies: { urls: [], maxBytes: 1000 },
  };
  reported = [];
  sent = [];
  network = refusesTraceHeaders;
  NativeXhr = fakeXhrClass((r) => network(r), sent);
  const scope = { XMLHttpRequest: NativeXhr };
  // As page-hooks.ts does it: a refused origin is blocked in the config the wrapper reads.
  const ctx = {
    config: () => config,
    // As page-hooks.ts does in its flush: a record may come as a function that makes it.
    report: (e: NetworkPageEvent | (() => NetworkPageEvent)) => void reported.push(typeof e === 'function' ? e() : e),
    block: (origin: string) => {
      if (config) config = { ...config, blockedOrigins: [...config.blockedOrigins, origin] };
    },
    soon: (fn: () => void) => queueMicrotask(fn),
  };
  installXhrWrapper(scope, requestHooks(ctx, PAGE));
  XHR = scope.XMLHttpRequest;
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/**
 * A page's XHR with listeners of every kind, added before and after open(): resolves at the page's first
 * loadend with what each of them saw (`rs<readyState>` for readystatechange; `*` marks an event dispatched by
 * script rather than by the browser).
 */
function pageRequest(
  method: string,
  url: string,
  options: { headers?: [string, string][]; setup?: (x: XMLHttpRequest) => void; openArgs?: unknown[] } = {},
) {
  const x = new XHR();
  const early: string[] = [];
  const late: string[] = [];
  const handlers: string[] = [];
  const name = (e: Event) =>
    `${e.type === 'readystatechange' ? `rs${x.readyState}` : e.type}${e instanceof BrowserEvent ? '' : '*'}`;
  for (const type of ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'])
    x.addEventListener(type, (e) => early.push(name(e)));
  x.onreadystatechange = (e) => handlers.push(name(e));
  const done = new Promise<{ early: string[]; late: string[]; handlers: string[]; x: XMLHttpRequest }>((resolve) => {
    x.addEventListener('loadend', () => resolve({ early, late, handlers, x }));
  });
  (x.open as (...a: unknown[]) => void)(method, url, ...(options.openArgs ?? []));
  for (const type of ['readystatechange', 'load', 'error', 'loadend'])
    x.addEventListener(type, (e) => late.push(name(e)));
  x.onload = (e) => handlers.push(name(e));
  x.onerror = (e) => handlers.push(name(e));
  x.onloadend = (e) => handlers.push(name(e));
  for (const [k, v] of options.headers ?? []) x.setRequestHeader(k, v);
  options.setup?.(x);
  x.send();
  return done;
}

const SUCCESS = ['rs1', 'loadstart', 'rs2', 'rs3', 'progress', 'rs4', 'load', 'loadend'];
const kinds = () => reported.map((e) => e.kind);

describe("XHR wrapper: a GET or HEAD refused by a CORS preflight is retried inside the page's object (fake Chromium XHR in Node)", () => {
  it('the page sees one ordinary sequence of events and the response; the server gets the retry without trace headers', async () => {
    const { early, late, handlers, x } = await pageRequest('GET', `${API}/v1/stock?sku=tea`, {
      headers: [
        ['X-Page', 'a'],
        ['x-page', 'b'],
        ['Accept', 'application/json'],
      ],
    });

    expect(early).toEqual(SUCCESS);
    expect(late).toEqual(['rs2', 'rs3', 'rs4', 'load', 'loadend']);
    expect(handlers).toEqual(['rs1', 'rs2', 'rs3', 'rs4', 'load', 'loadend']);
    expect([x.status, x.responseText]).toEqual([200, '{"stock":3}']);

    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sent[0]!.headers.baggage).toBe(`sentry-replay_id=${REPLAY_ID},session.id=${REPLAY_ID}`);
    // The retry: only the page's own headers, repeated ones combined as XHR sends them.
    expect(sent[1]!.headers).toEqual({ 'x-page': 'a, b', accept: 'application/json' });
    expect(sent[1]!.openArgs).toEqual(sent[0]!.openArgs);

    expect(kinds()).toEqual(['request-start', 'propagation-failed', 'request-end']);
    expect(reported[1]).toMatchObject({
      kind: 'propagation-failed',
      origin: API,
      method: 'GET',
      headers: ['traceparent', 'baggage'],
      retried: true,
    });
    expect(reported[2]).toMatchObject({
      kind: 'request-end',
      id: reported[0]!.kind === 'request-start' ? reported[0]!.id : '',
      status: 200,
      retried: true,
    });
    expect(reported[2]).not.toHaveProperty('error');
    expect(config!.blockedOrigins).toEqual([API]);
  });

  it('retries a HEAD, with the same open() arguments (async, user, password) and the same responseType, withCredentials and timeout', async () => {
    const { early, x } = await pageRequest('HEAD', `${API}/v1/stock`, {
      openArgs: [true, 'user', 'secret'],
      setup: (x) => {
        x.responseType = 'json';
        x.withCredentials = true;
        x.timeout = 60_000;
      },
    });
    expect(early).toEqual(SUCCESS);
    expect(x.response).toEqual({ stock: 3 });
    expect(sent.map((r) => [r.method, r.openArgs, r.responseType, r.withCredentials, r.timeout])).toEqual([
      ['HEAD', ['HEAD', `${API}/v1/stock`, true, 'user', 'secret'], 'json', true, 60_000],
      ['HEAD', ['HEAD', `${API}/v1/stock`, true, 'user', 'secret'], 'json', true, 60_000],
    ]);
  });

  it("hides the refused attempt from the page's upload listeners too", async () => {
    const upload: string[] = [];
    const { early } = await pageRequest('GET', `${API}/v1/stock`, {
      setup: (x) => {
        x.upload.addEventListener('error', () => upload.push('error'));
        x.upload.onloadend = () => upload.push('loadend');
      },
    });
    expect(early).toEqual(SUCCESS);
    expect(upload).toEqual([]);
  });

  it('does not retry a POST: the page sees the failure, the origin is blocked, and the warning says it was not retried', async () => {
    const { early, handlers } = await pageRequest('POST', `${API}/v1/cart`);
    expect(early).toEqual(['rs1', 'loadstart', 'rs4', 'error', 'loadend']);
    expect(handlers).toEqual(['rs1', 'rs4', 'error', 'loadend']);
    expect(sent).toHaveLength(1);
    expect(reported).toEqual([
      expect.objectContaining({ kind: 'request-start', method: 'POST' }),
      expect.objectContaining({ kind: 'propagation-failed', origin: API, method: 'POST', retried: false }),
      expect.objectContaining({ kind: 'request-end', status: 0, error: 'network error' }),
    ]);
    expect(reported[2]).not.toHaveProperty('retried');
    expect(config!.blockedOrigins).toEqual([API]);
  });

  it('does not retry a synchronous GET (the page is blocked on it): send() throws as without Tandem', () => {
    const x = new XHR();
    const seen: string[] = [];
    x.onreadystatechange = () => seen.push(`rs${x.readyState}`);
    x.open('GET', `${API}/v1/stock`, false);
    expect(() => x.send()).toThrow(expect.objectContaining({ name: 'NetworkError' }));
    expect(seen).toEqual(['rs1']);
    expect(sent).toHaveLength(1);
    expect(reported.map((e) => [e.kind, 'retried' in e ? e.retried : undefined])).toEqual([
      ['request-start', undefined],
      ['propagation-failed', false],
      ['request-end', undefined],
    ]);
  });

  it('after a refusal, the next request to that origin carries no trace headers and needs no retry', async () => {
    await pageRequest('GET', `${API}/v1/stock?1`);
    const { early } = await pageRequest('GET', `${API}/v1/stock?2`);
    expect(early).toEqual(SUCCESS);
    expect(sent.map((r) => r.headers.traceparent === undefined)).toEqual([false, true, true]);
    expect(kinds().filter((k) => k === 'propagation-failed')).toHaveLength(1);
  });

  it('an abort() by the page during the retry reaches the page as an ordinary abort', async () => {
    network = (r) => (r.headers.traceparent !== undefined ? 'network-error' : 'hang');
    let xhr: XMLHttpRequest | null = null;
    const result = pageRequest('GET', `${API}/v1/stream`, { setup: (x) => (xhr = x) });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    xhr!.abort();
    const { early, handlers } = await result;
    expect(early).toEqual(['rs1', 'loadstart', 'rs4', 'abort', 'loadend']);
    expect(handlers).toEqual(['rs1', 'rs4', 'loadend']);
    expect(reported.at(-1)).toMatchObject({ kind: 'request-end', status: 0, retried: true, error: 'aborted' });
  });

  it("an abort() or a timeout of an attempt with trace headers is the page's: no retry, the origin stays a target", async () => {
    network = () => 'hang';
    const aborted = pageRequest('GET', `${API}/v1/slow?abort`, { setup: (x) => queueMicrotask(() => x.abort()) });
    expect((await aborted).early).toEqual(['rs1', 'loadstart', 'rs4', 'abort', 'loadend']);
    const timedOut = await pageRequest('GET', `${API}/v1/slow?timeout`, { setup: (x) => (x.timeout = 20) });
    expect(timedOut.early).toEqual(['rs1', 'loadstart', 'rs4', 'timeout', 'loadend']);
    expect(timedOut.handlers).toEqual(['rs1', 'rs4', 'loadend']);
    expect(sent).toHaveLength(2);
    expect(kinds()).toEqual(['request-start', 'request-end', 'request-start', 'request-end']);
    expect(reported.filter((e) => e.kind === 'request-end').map((e) => e.kind === 'request-end' && e.error)).toEqual([
      'aborted',
      'timed out',
    ]);
    expect(config!.blockedOrigins).toEqual([]);
  });

  it('a timeout that beats the clock check still reaches the page in order (readystatechange given back)', async () => {
    network = () => 'timeout-now';
    const { early, handlers } = await pageRequest('GET', `${API}/v1/slow`, { setup: (x) => (x.timeout = 60_000) });
    expect(early).toEqual(['rs1', 'loadstart', 'rs4*', 'timeout', 'loadend']);
    expect(handlers).toEqual(['rs1', 'rs4*', 'loadend']);
    expect(sent).toHaveLength(1);
    expect(kinds()).toEqual(['request-start', 'request-end']);
  });

  it('a page that re-opens the same object gets an ordinary second request', async () => {
    const first = await pageRequest('GET', `${API}/v1/stock?first`);
    const x = first.x;
    const seen: string[] = [];
    x.addEventListener('readystatechange', () => seen.push(`rs${x.readyState}`));
    const done = new Promise<void>((resolve) => x.addEventListener('loadend', () => resolve(), { once: true }));
    x.open('GET', `${PAGE}/api/cart`);
    x.send();
    await done;
    expect(seen).toEqual(['rs1', 'rs2', 'rs3', 'rs4']);
    expect(sent[2]!.headers.traceparent).toMatch(/^00-/); // same origin: headers as usual
    expect(
      reported
        .filter((e) => e.kind === 'request-end')
        .map((e) => e.kind === 'request-end' && [e.status, e.retried ?? false]),
    ).toEqual([
      [200, true],
      [200, false],
    ]);
  });

  it("a page that re-opens the object while the retry is in flight gets only its new request's events", async () => {
    network = (r) => (r.headers.traceparent !== undefined ? 'network-error' : r.url.includes('slow') ? 'hang' : OK);
    const x = new XHR();
    const seen: string[] = [];
    x.addEventListener('readystatechange', () => seen.push(`rs${x.readyState}`));
    x.addEventListener('loadstart', () => seen.push('loadstart'));
    x.addEventListener('error', () => seen.push('error'));
    x.open('GET', `${API}/v1/slow`);
    x.send();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    const done = new Promise<void>((resolve) => x.addEventListener('loadend', () => resolve()));
    x.open('GET', `${API}/v1/fast`);
    x.send();
    await done;
    expect(seen).toEqual(['rs1', 'loadstart', 'loadstart', 'rs2', 'rs3', 'rs4']);
    expect(x.status).toBe(200);
  });
});

describe('XHR wrapper: the page keeps its XMLHttpRequest (fake Chromium XHR in Node)', () => {
  it('keeps the name, the statics, instanceof and the prototype chain', () => {
    expect(XHR).not.toBe(NativeXhr);
    expect(XHR.name).toBe('XMLHttpRequest');
    expect([XHR.UNSENT, XHR.OPENED, XHR.HEADERS_RECEIVED, XHR.LOADING, XHR.DONE]).toEqual([0, 1, 2, 3, 4]);
    expect(Object.getOwnPropertyNames(XHR)).toEqual(expect.arrayContaining(['DONE', 'UNSENT']));
    const x = new XHR();
    expect(x).toBeInstanceOf(XHR);
    expect(x).toBeInstanceOf(NativeXhr);
    expect(XHR.prototype.constructor).toBe(XHR);
  });

  it("a library's patch of XMLHttpRequest.prototype sees each page request once, not Tandem's retry", async () => {
    const opened: string[] = [];
    const sends: string[] = [];
    const open = XHR.prototype.open;
    const send = XHR.prototype.send;
    XHR.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      opened.push(String(args[1]));
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof open;
    XHR.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      sends.push('send');
      return send.call(this, body);
    };
    const { early } = await pageRequest('GET', `${API}/v1/stock`);
    expect(early).toEqual(SUCCESS);
    expect([opened, sends, sent.length]).toEqual([[`${API}/v1/stock`], ['send'], 2]);
  });

  it('construction costs six addEventListener calls and nothing else', () => {
    const add = vi.spyOn(EventTarget.prototype, 'addEventListener');
    // The wrapper captured addEventListener at install: install again with the spy in place.
    const scope = { XMLHttpRequest: fakeXhrClass(() => OK, []) };
    installXhrWrapper(
      scope,
      requestHooks({ config: () => config, report: () => {}, block: () => {}, soon: (fn) => queueMicrotask(fn) }, PAGE),
    );
    add.mockClear();
    new scope.XMLHttpRequest();
    expect(add).toHaveBeenCalledTimes(6);
  });

  it('when the tab does not record, adds nothing and reports nothing', async () => {
    config = null;
    network = () => 'network-error';
    const { early } = await pageRequest('GET', `${API}/v1/stock`);
    expect(early).toEqual(['rs1', 'loadstart', 'rs4', 'error', 'loadend']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.traceparent).toBeUndefined();
    expect(reported).toEqual([]);
  });
});

describe("XHR wrapper: the page's own baggage (fake Chromium XHR in Node)", () => {
  it('is sent once, with the replay entries merged into it, not as a second appended value', async () => {
    await pageRequest('GET', `${PAGE}/api/cart`, {
      headers: [
        ['Baggage', 'team=web'],
        ['baggage', 'tier=gold'],
      ],
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.baggage).toBe(`team=web,tier=gold,sentry-replay_id=${REPLAY_ID},session.id=${REPLAY_ID}`);
  });

  it('goes as the page set it when Tandem adds none (not recording)', async () => {
    config = null;
    await pageRequest('GET', `${PAGE}/api/cart`, { headers: [['baggage', 'team=web']] });
    expect(sent[0]!.headers.baggage).toBe('team=web');
  });

  it('with a line break is refused at setRequestHeader, as the browser refuses it', () => {
    const x = new XHR();
    x.open('GET', `${PAGE}/api/cart`);
    expect(() => x.setRequestHeader('baggage', 'a=1\r\nx: y')).toThrow(/not a valid HTTP header field value/);
  });
});
