import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '../../../../src/background/network/observation';
import { WebRequestObserver } from '../../../../src/background/network/web-request';
import { SESSION_A, SESSION_B } from '../../fixtures/db';
import { CART_API, PAGE_ORIGIN, PAGE_URL, receivedHeaders, sentHeaders, T0 } from '../../fixtures/network';
import {
  base,
  completed,
  errorOccurred,
  fakeWebRequestEvents,
  headersReceived,
  sendHeaders,
  TAB,
  type ChromeDetails,
} from '../../fixtures/network-fakes';

const OTHER_TAB = 6;
const UNRECORDED_TAB = 9;

let events: ReturnType<typeof fakeWebRequestEvents>;
let done: ReturnType<typeof vi.fn<(obs: Observation) => void>>;
let sessions: Map<number, string>;
let observer: WebRequestObserver;

beforeEach(() => {
  events = fakeWebRequestEvents();
  done = vi.fn<(obs: Observation) => void>();
  sessions = new Map([
    [TAB, SESSION_A],
    [OTHER_TAB, SESSION_B],
  ]);
  observer = new WebRequestObserver((tabId) => sessions.get(tabId) ?? null, done);
  observer.listen(events);
});

/** The whole life of one successful request, in Chrome's order. */
function fetchLifecycle(
  requestId: string,
  overrides: Partial<ChromeDetails<chrome.webRequest.WebRequestDetails>> = {},
) {
  events.onBeforeRequest.fire(base(requestId, overrides));
  events.onSendHeaders.fire(sendHeaders(requestId, T0 + 1, sentHeaders(), overrides));
  events.onHeadersReceived.fire(headersReceived(requestId, T0 + 30, 201, 'HTTP/1.1 201 Created', overrides));
  events.onCompleted.fire(completed(requestId, T0 + 41.5, 201, 'HTTP/1.1 201 Created', false, overrides));
}

describe('WebRequestObserver (fake webRequest events)', () => {
  it('listens to http(s) requests (basic: request and response headers, no extraHeaders) from the top level', () => {
    for (const event of Object.values(events)) expect(event.filter).toEqual({ urls: ['http://*/*', 'https://*/*'] });
    expect(events.onSendHeaders.extraInfoSpec).toEqual(['requestHeaders']);
    expect(events.onHeadersReceived.extraInfoSpec).toEqual(['responseHeaders']);
    expect(observer.mode).toBe('basic');
  });

  it('detailed: one registration per recording tab, filtered by its tabId, with extraHeaders (Cookie and Set-Cookie included)', () => {
    observer.follow([TAB, OTHER_TAB]);
    expect(observer.mode).toBe('detailed');
    expect(observer.tabs).toEqual([TAB, OTHER_TAB]);
    for (const event of Object.values(events)) {
      expect(event.registrations.map((r) => r.filter)).toEqual([
        { urls: ['http://*/*', 'https://*/*'], tabId: TAB },
        { urls: ['http://*/*', 'https://*/*'], tabId: OTHER_TAB },
      ]);
    }
    for (const r of events.onSendHeaders.registrations)
      expect(r.extraInfoSpec).toEqual(['requestHeaders', 'extraHeaders']);
    for (const r of events.onHeadersReceived.registrations)
      expect(r.extraInfoSpec).toEqual(['responseHeaders', 'extraHeaders']);
    fetchLifecycle('13417');
    fetchLifecycle('13418', { tabId: OTHER_TAB });
    expect(
      done.mock.calls.map(([obs]) => [obs.requestId, obs.sessionId, obs.requestHeaders, obs.responseHeaders]),
    ).toEqual([
      ['13417', SESSION_A, sentHeaders(), receivedHeaders()],
      ['13418', SESSION_B, sentHeaders(), receivedHeaders()],
    ]);
  });

  it('detailed: Chrome sends no event of a tab that does not record (its filter matches no registration)', () => {
    observer.follow([TAB]);
    expect(events.onBeforeRequest.fire(base('13419', { tabId: UNRECORDED_TAB }))).toBe(0);
    expect(events.onBeforeRequest.fire(base('13420'))).toBe(1);
  });

  it('a request seen before the switch from basic goes on in the same observation', () => {
    events.onBeforeRequest.fire(base('13417'));
    events.onSendHeaders.fire(sendHeaders('13417', T0 + 1, sentHeaders()));
    observer.follow([TAB]);
    for (const event of Object.values(events)) expect(event.registrations).toHaveLength(1);
    events.onHeadersReceived.fire(headersReceived('13417', T0 + 30, 201, 'HTTP/1.1 201 Created'));
    events.onCompleted.fire(completed('13417', T0 + 41.5, 201, 'HTTP/1.1 201 Created'));
    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ requestId: '13417', requestHeaders: sentHeaders(), status: 201 }),
    );
  });

  it('a tab that keeps recording keeps its registration while others come and go; one that stops loses it and its open requests', () => {
    observer.follow([TAB]);
    const kept = events.onCompleted.registrations[0]!.callback;
    events.onBeforeRequest.fire(base('13417'));
    observer.follow([TAB, OTHER_TAB]);
    events.onBeforeRequest.fire(base('13418', { tabId: OTHER_TAB }));
    observer.follow([OTHER_TAB]);
    expect(events.onCompleted.hasListener(kept)).toBe(false);
    expect(observer.tabs).toEqual([OTHER_TAB]);
    observer.follow([OTHER_TAB, TAB]);
    expect(events.onCompleted.fire(completed('13417', T0 + 41.5, 201, 'HTTP/1.1 201 Created'))).toBe(1);
    expect(
      events.onCompleted.fire(completed('13418', T0 + 41.5, 201, 'HTTP/1.1 201 Created', false, { tabId: OTHER_TAB })),
    ).toBe(1);
    // 13417 was forgotten when its tab stopped; 13418's tab never stopped.
    expect(done.mock.calls.map(([obs]) => obs.requestId)).toEqual(['13418']);
  });

  it('off: no listener at all (Chrome then routes no event to the worker), and back on with all of them', () => {
    events.onBeforeRequest.fire(base('13417'));
    observer.follow([]);
    expect(observer.mode).toBe('off');
    for (const event of Object.values(events)) expect(event.registrations).toEqual([]);

    observer.follow([TAB]);
    for (const event of Object.values(events)) expect(event.registrations).toHaveLength(1);
    // What was open when listening stopped is forgotten: its end came unseen.
    events.onCompleted.fire(completed('13417', T0 + 41.5, 201, 'HTTP/1.1 201 Created'));
    expect(done).not.toHaveBeenCalled();
    fetchLifecycle('13418');
    expect(done).toHaveBeenCalledOnce();
  });

  it('collects one request of a recorded tab into exactly one Observation', () => {
    fetchLifecycle('13417');

    expect(done).toHaveBeenCalledExactlyOnceWith({
      requestId: '13417',
      tabId: TAB,
      sessionId: SESSION_A,
      url: CART_API,
      method: 'POST',
      type: 'xmlhttprequest',
      startTs: T0 + 0.25,
      endTs: T0 + 41.5,
      requestHeaders: sentHeaders(),
      responseHeaders: receivedHeaders(),
      status: 201,
      fromCache: false,
      error: null,
      redirects: [],
    });
  });

  it('files each tab under its own session', () => {
    fetchLifecycle('13417');
    fetchLifecycle('13418', { tabId: OTHER_TAB });
    expect(done.mock.calls.map(([obs]) => [obs.requestId, obs.sessionId])).toEqual([
      ['13417', SESSION_A],
      ['13418', SESSION_B],
    ]);
  });

  it('ignores tabs that do not record, and requests of no tab (tabId -1: service workers, the extension)', () => {
    fetchLifecycle('13419', { tabId: UNRECORDED_TAB });
    fetchLifecycle('13420', { tabId: -1, frameId: -1, initiator: PAGE_ORIGIN });
    fetchLifecycle('13421');
    expect(done.mock.calls.map(([obs]) => [obs.requestId, obs.tabId])).toEqual([['13421', TAB]]);
  });

  it('ignores events of a request whose start it did not see', () => {
    events.onSendHeaders.fire(sendHeaders('13421', T0));
    events.onCompleted.fire(completed('13421', T0 + 5, 200, 'HTTP/1.1 200 OK'));
    expect(done).not.toHaveBeenCalled();
    // The same request id seen from its start is observed in full.
    fetchLifecycle('13421');
    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ requestId: '13421', requestHeaders: sentHeaders(), status: 201, endTs: T0 + 41.5 }),
    );
  });

  it('keeps recording a request that started while the tab recorded, after the recording stopped', () => {
    events.onBeforeRequest.fire(base('13422'));
    sessions.delete(TAB);
    events.onCompleted.fire(completed('13422', T0 + 40, 201, 'HTTP/1.1 201 Created'));
    expect(done).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ requestId: '13422', sessionId: SESSION_A }));
  });

  it('takes status and fromCache from completion (a response served from the disk cache)', () => {
    events.onBeforeRequest.fire(base('13423', { method: 'GET', type: 'script', url: `${PAGE_ORIGIN}/app.js` }));
    events.onHeadersReceived.fire(
      headersReceived('13423', T0 + 2, 200, 'HTTP/1.1 200 OK', {
        method: 'GET',
        type: 'script',
        url: `${PAGE_ORIGIN}/app.js`,
      }),
    );
    events.onCompleted.fire(
      completed('13423', T0 + 3, 200, 'HTTP/1.1 200 OK', true, {
        method: 'GET',
        type: 'script',
        url: `${PAGE_ORIGIN}/app.js`,
      }),
    );
    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ type: 'script', status: 200, fromCache: true, endTs: T0 + 3 }),
    );
  });

  it('records an error, keeping the status of a response that had arrived', () => {
    events.onBeforeRequest.fire(base('13424'));
    events.onSendHeaders.fire(sendHeaders('13424', T0 + 1));
    events.onErrorOccurred.fire(errorOccurred('13424', T0 + 3, 'net::ERR_CONNECTION_REFUSED'));

    events.onBeforeRequest.fire(base('13425'));
    events.onHeadersReceived.fire(headersReceived('13425', T0 + 30, 200, 'HTTP/1.1 200 OK'));
    events.onErrorOccurred.fire(errorOccurred('13425', T0 + 900, 'net::ERR_ABORTED'));

    expect(done.mock.calls.map(([obs]) => [obs.requestId, obs.status, obs.error, obs.endTs])).toEqual([
      ['13424', 0, 'net::ERR_CONNECTION_REFUSED', T0 + 3],
      ['13425', 200, 'net::ERR_ABORTED', T0 + 900],
    ]);
    expect(done.mock.calls[0]![0].requestHeaders).toEqual(sentHeaders());
  });

  it('emits nothing more for a request after its end', () => {
    fetchLifecycle('13426');
    events.onErrorOccurred.fire(errorOccurred('13426', T0 + 50, 'net::ERR_ABORTED'));
    events.onCompleted.fire(completed('13426', T0 + 60, 201, 'HTTP/1.1 201 Created'));
    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ requestId: '13426', status: 201, error: null, endTs: T0 + 41.5 }),
    );
  });

  it('notes each redirect with its status', () => {
    const login = `${PAGE_ORIGIN}/login?next=%2Fcart`;
    const details = { method: 'GET', type: 'main_frame' as const, url: `${PAGE_ORIGIN}/cart` };
    events.onBeforeRequest.fire(base('13427', details));
    events.onBeforeRedirect.fire({
      ...base('13427', { ...details, timeStamp: T0 + 5 }),
      fromCache: false,
      ip: '127.0.0.1',
      redirectUrl: login,
      statusCode: 302,
      statusLine: 'HTTP/1.1 302 Found',
      responseHeaders: [{ name: 'Location', value: '/login?next=%2Fcart' }],
    });
    events.onCompleted.fire(completed('13427', T0 + 20, 200, 'HTTP/1.1 200 OK', false, details));

    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ requestId: '13427', redirects: [{ url: login, status: 302 }], status: 200 }),
    );
  });

  // Regression: Chrome fires onBeforeRequest again, same requestId, for each redirect target (as Chromium's own
  // webRequest tests expect); that once replaced the observation, losing its redirects, first URL and start.
  it("keeps the redirect list, original URL and start through Chrome's second onBeforeRequest", () => {
    const login = `${PAGE_ORIGIN}/login?next=%2Fcart`;
    const details = { method: 'GET', type: 'main_frame' as const, url: `${PAGE_ORIGIN}/cart` };
    events.onBeforeRequest.fire(base('13428', details));
    events.onHeadersReceived.fire(headersReceived('13428', T0 + 4, 302, 'HTTP/1.1 302 Found', details));
    events.onBeforeRedirect.fire({
      ...base('13428', { ...details, timeStamp: T0 + 5 }),
      fromCache: false,
      ip: '127.0.0.1',
      redirectUrl: login,
      statusCode: 302,
      statusLine: 'HTTP/1.1 302 Found',
      responseHeaders: [{ name: 'Location', value: '/login?next=%2Fcart' }],
    });
    events.onBeforeRequest.fire(base('13428', { ...details, url: login, timeStamp: T0 + 6 }));
    events.onSendHeaders.fire(
      sendHeaders('13428', T0 + 7, [{ name: 'Accept', value: 'text/html' }], { ...details, url: login }),
    );
    events.onCompleted.fire(completed('13428', T0 + 20, 200, 'HTTP/1.1 200 OK', false, { ...details, url: login }));

    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({
        url: `${PAGE_ORIGIN}/cart`,
        startTs: T0 + 0.25,
        redirects: [{ url: login, status: 302 }],
        status: 200,
      }),
    );
  });

  it('collects a navigation of the tab like any other request', () => {
    const details = { method: 'GET', type: 'main_frame' as const, url: PAGE_URL };
    events.onBeforeRequest.fire(base('13429', details));
    events.onCompleted.fire(completed('13429', T0 + 80, 200, 'HTTP/1.1 200 OK', false, details));
    expect(done).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ type: 'main_frame', url: PAGE_URL, method: 'GET' }),
    );
  });
});
