import { EventType } from '@rrweb/types';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Diagnostics } from '../../../../src/background/diagnostics';
import { patternToRegexFilter } from '../../../../src/background/network/dnr';
import { MAX_STARTED_PER_TAB, RequestCapture } from '../../../../src/background/network/request-capture';
import { MAX_BLOCKED_ORIGINS } from '../../../../src/background/network/refusal';
import type { SessionStore } from '../../../../src/background/store/session-store';
import type { OriginBlocked } from '../../../../src/background/tab-events';
import { readSessionEvents } from '../../../../src/shared/db/read';
import type { TandemDb } from '../../../../src/shared/db/schema';
import type { RequestRecord } from '../../../../src/shared/model';
import type { NetworkPageEvent, NetworkUp, PanelNotice } from '../../../../src/shared/protocol';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { PAGE_1, SESSION_A, SESSION_B, testDeps, type TestDeps } from '../../fixtures/db';
import { CART_API, PAGE_ORIGIN, PAGE_URL, sentHeaders, SPAN_ID, T0, TRACE_ID } from '../../fixtures/network';
import {
  base,
  completed,
  errorOccurred,
  FakeDnrApi,
  fakeWebRequestEvents,
  headersReceived,
  sendHeaders,
  TAB,
} from '../../fixtures/network-fakes';

const OTHER_TAB = 6;
const PARTNER = 'https://api.partner.test';
/** The user's settings with the partner's API as a propagation target (its server refuses the headers). */
const withPartnerTarget = () => {
  settings.current = {
    ...DEFAULT_SETTINGS,
    network: { ...DEFAULT_SETTINGS.network, targets: [{ urls: [`${PARTNER}/*`], propagators: ['tracecontext'] }] },
  };
};

const requestStart = (
  id: string,
  ts: number,
  overrides: Partial<Extract<NetworkPageEvent, { kind: 'request-start' }>> = {},
): NetworkPageEvent => ({
  kind: 'request-start',
  id,
  ts,
  api: 'fetch',
  method: 'POST',
  url: CART_API,
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  injected: ['traceparent', 'baggage', 'sentry-trace', 'x-session-replay-id'],
  adopted: false,
  ...overrides,
});
const requestEnd = (id: string, ts: number, status = 201): NetworkPageEvent => ({
  kind: 'request-end',
  id,
  ts,
  status,
});
const beaconEvents = (id: string, ts: number): NetworkPageEvent[] => [
  {
    kind: 'request-start',
    id,
    ts,
    api: 'beacon',
    method: 'POST',
    url: `${PAGE_ORIGIN}/analytics`,
    injected: [],
    adopted: false,
  },
  { kind: 'request-end', id, ts, status: 0 },
];
const network = (events: unknown[], sessionId = SESSION_A): NetworkUp => ({
  type: 'network',
  sessionId,
  pageId: PAGE_1,
  events,
});

let t: TestDeps;
let db: () => Promise<TandemDb>;
let store: SessionStore;
let append: MockInstance<SessionStore['appendRequest']>;
let diagnostics: Diagnostics;
let dnr: FakeDnrApi;
let notify: ReturnType<typeof vi.fn<(notice: PanelNotice) => void>>;
let blocked: ReturnType<typeof vi.fn<(event: OriginBlocked) => Promise<void>>>;
let settings: TestDeps['settings'];
let events: ReturnType<typeof fakeWebRequestEvents>;
let capture: RequestCapture;

/** What TabRecordings announces: the tab records into `sessionId` (null: it stopped), its document at `pageUrl`. */
function recordTab(tabId: number, sessionId: string | null, pageUrl?: string): Promise<void> {
  return t.events.recordingChanged.emit({
    tabId,
    rec: sessionId ? { sessionId, startedAt: T0, mode: 'record' } : undefined,
    ...(pageUrl ? { pageUrl } : {}),
  });
}

/** Lets IndexedDB (fake-indexeddb runs on the real setImmediate) and pending promises finish; the fake clock stays. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Waits until `n` requests were written, and returns what the request index holds. */
async function written(n: number): Promise<RequestRecord[]> {
  for (let i = 0; i < 200 && append.mock.calls.length < n; i++) await turn();
  expect(append).toHaveBeenCalledTimes(n);
  await Promise.all(append.mock.results.map((r) => r.value));
  return (await db()).getAll('requests');
}

/** The life of the page's POST /api/cart in webRequest, carrying the wrapper's traceparent. */
function wire(requestId: string, tabId = TAB): void {
  events.onBeforeRequest.fire(base(requestId, { tabId }));
  events.onSendHeaders.fire(sendHeaders(requestId, T0 + 1, sentHeaders(), { tabId }));
  events.onHeadersReceived.fire(headersReceived(requestId, T0 + 30, 201, 'HTTP/1.1 201 Created', { tabId }));
  events.onCompleted.fire(completed(requestId, T0 + 41.5, 201, 'HTTP/1.1 201 Created', false, { tabId }));
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  // Written as they come (no wait): these tests are about joining, not about how writes are grouped.
  t = testDeps(T0, { requestWriteDelayMs: 0 });
  ({ db, store, diagnostics, notify, settings } = t);
  append = vi.spyOn(store, 'appendRequest');
  dnr = new FakeDnrApi();
  blocked = vi.fn<(event: OriginBlocked) => Promise<void>>(async () => {});
  t.events.originBlocked.on(blocked);
  capture = new RequestCapture({ ...t.deps, dnr });
  events = fakeWebRequestEvents();
  capture.listen(events);
  for (const [id, tabId] of [
    [SESSION_A, TAB],
    [SESSION_B, OTHER_TAB],
  ] as const) {
    await store.create({ id, tabId, trigger: 'manual', url: PAGE_URL, title: 'Shop', now: T0 });
  }
  await recordTab(TAB, SESSION_A, PAGE_URL);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('RequestCapture (real store on fake-indexeddb, fake webRequest, fake DNR, fake settings)', () => {
  it("joins the page wrapper's events with webRequest's observation into one stored request and its span", async () => {
    await capture.pageEvents(TAB, network([requestStart('f1', T0), requestEnd('f1', T0 + 40)]));
    wire('13417');

    const [record] = await written(1);

    expect(record).toMatchObject({
      sessionId: SESSION_A,
      id: '13417',
      tabId: TAB,
      api: 'fetch',
      op: 'resource.fetch',
      status: 201,
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceSource: 'injected',
      injectedHeaders: ['traceparent', 'baggage', 'sentry-trace', 'x-session-replay-id'],
      requestHeaders: expect.objectContaining({ authorization: '[redacted]', cookie: '[redacted]' }),
    });
    const { events: stored } = await readSessionEvents(await db(), SESSION_A);
    expect(stored).toEqual([
      expect.objectContaining({ type: EventType.Custom, data: expect.objectContaining({ tag: 'performanceSpan' }) }),
    ]);
  });

  it('stores a streamed fetch once, with its end, when its body ends long after the headers the wrapper saw', async () => {
    events.onBeforeRequest.fire(base('13417'));
    events.onSendHeaders.fire(sendHeaders('13417', T0 + 1));
    events.onHeadersReceived.fire(headersReceived('13417', T0 + 30, 201, 'HTTP/1.1 201 Created'));
    // fetch() resolved with the headers: the wrapper's record is complete, webRequest's is not.
    await capture.pageEvents(TAB, network([requestStart('f1', T0), requestEnd('f1', T0 + 35)]));
    await vi.advanceTimersByTimeAsync(20_000);
    await turn();
    expect(append).not.toHaveBeenCalled();

    events.onCompleted.fire(completed('13417', T0 + 20_000, 201, 'HTTP/1.1 201 Created'));
    const [record] = await written(1);
    expect(record).toMatchObject({
      id: '13417',
      api: 'fetch',
      status: 201,
      startTs: T0,
      endTs: T0 + 20_000,
      spanId: SPAN_ID,
      traceSource: 'injected',
    });
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).toHaveBeenCalledTimes(1);
  });

  it('when recording stops, a stream still open is stored at once and once, with what webRequest saw of it', async () => {
    // Another tab goes on recording, so webRequest goes on listening and does see the stream's end.
    await recordTab(OTHER_TAB, SESSION_B, PAGE_URL);
    events.onBeforeRequest.fire(base('13417'));
    events.onSendHeaders.fire(sendHeaders('13417', T0 + 1));
    events.onHeadersReceived.fire(headersReceived('13417', T0 + 30, 201, 'HTTP/1.1 201 Created'));
    await capture.pageEvents(TAB, network([requestStart('f1', T0), requestEnd('f1', T0 + 35)]));
    await vi.advanceTimersByTimeAsync(3000);
    await turn();
    expect(append).not.toHaveBeenCalled();

    await recordTab(TAB, null);
    const [record] = await written(1);
    expect(record).toMatchObject({ id: '13417', api: 'fetch', status: 201, endTs: T0 + 35, responseTraceId: TRACE_ID });

    // The tab's stream ends later (or Chrome cancels it): already stored.
    events.onErrorOccurred.fire(errorOccurred('13417', T0 + 9000, 'net::ERR_ABORTED'));
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).toHaveBeenCalledTimes(1);
  });

  it('applies the redaction settings', async () => {
    settings.current = {
      ...DEFAULT_SETTINGS,
      network: { ...DEFAULT_SETTINGS.network, redactHeaders: ['User-Agent'], redactQueryParams: ['sku'] },
    };
    await capture.pageEvents(
      TAB,
      network([requestStart('f1', T0, { url: `${CART_API}?sku=tea` }), requestEnd('f1', T0 + 40)]),
    );
    await vi.advanceTimersByTimeAsync(1500);
    const [record] = await written(1);
    expect(new URL(record!.url).searchParams.get('sku')).toBe('[redacted]');

    wire('13417'); // no wrapper record: stored alone after the grace period
    await vi.advanceTimersByTimeAsync(1500);
    const records = await written(2);
    expect(records.find((r) => r.id === '13417')!.requestHeaders['user-agent']).toBe('[redacted]');
  });

  it('keeps a body the page sent only under the body settings (the page may ignore them)', async () => {
    const body = '{"items":[{"sku":"tea","qty":1}],"total":4.5}';
    const withBody = (id: string, ts: number): NetworkPageEvent[] => [
      requestStart(id, ts),
      { kind: 'request-end', id, ts: ts + 40, status: 201, responseBody: body, responseType: 'application/json' },
    ];
    await capture.pageEvents(TAB, network(withBody('f1', T0)));
    await vi.advanceTimersByTimeAsync(1500);
    const [refused] = await written(1);
    expect(refused).not.toHaveProperty('responseBody');

    settings.current = {
      ...DEFAULT_SETTINGS,
      network: { ...DEFAULT_SETTINGS.network, bodies: { urls: [CART_API], maxBytes: 1024 } },
    };
    await capture.pageEvents(TAB, network(withBody('f2', T0 + 5000)));
    await vi.advanceTimersByTimeAsync(1500);
    const records = await written(2);
    expect(records.find((r) => r.id === 'w:1111111111111111:f2')?.responseBody).toBe(body);
  });

  it("stores the wrapper's record alone after the grace period when webRequest never reports the request (a beacon)", async () => {
    await capture.pageEvents(TAB, network(beaconEvents('b1', T0)));
    await vi.advanceTimersByTimeAsync(1499);
    await turn();
    expect(append).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    const [record] = await written(1);
    expect(record).toMatchObject({ id: `w:${PAGE_1}:b1`, api: 'beacon', op: 'resource.beacon', sessionId: SESSION_A });
  });

  it("ignores page events for a session that is not the tab's", async () => {
    await recordTab(OTHER_TAB, SESSION_B, PAGE_URL);
    await capture.pageEvents(OTHER_TAB, network(beaconEvents('b1', T0), SESSION_A)); // another tab's session
    await capture.pageEvents(TAB, network(beaconEvents('b2', T0), SESSION_B)); // the other way round
    await capture.pageEvents(TAB, network(beaconEvents('b3', T0), 'cccccccccccccccccccccccccccccccc')); // no tab's
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).not.toHaveBeenCalled();

    await capture.pageEvents(TAB, network(beaconEvents('b4', T0), SESSION_A));
    await vi.advanceTimersByTimeAsync(1500);
    expect((await written(1)).map((r) => r.id)).toEqual([`w:${PAGE_1}:b4`]);
  });

  it('listens to each recording tab with extraHeaders, and not at all once the last one stops (and says which)', async () => {
    expect(events.onSendHeaders.extraInfoSpec).toEqual(['requestHeaders', 'extraHeaders']);
    expect(capture.webRequest).toEqual({ webRequest: 'detailed', webRequestTabs: [TAB], webRequestEvents: 0 });
    await recordTab(OTHER_TAB, SESSION_B, PAGE_URL);
    expect(capture.webRequest.webRequestTabs).toEqual([TAB, OTHER_TAB]);
    await recordTab(TAB, null);
    expect(capture.webRequest.webRequestTabs).toEqual([OTHER_TAB]);
    expect(events.onHeadersReceived.filter).toEqual({ urls: ['http://*/*', 'https://*/*'], tabId: OTHER_TAB });
    expect(events.onHeadersReceived.extraInfoSpec).toEqual(['responseHeaders', 'extraHeaders']);
    await recordTab(OTHER_TAB, null);
    for (const event of Object.values(events)) expect(event.listener).toBeNull();
    expect(capture.webRequest).toMatchObject({ webRequest: 'off', webRequestTabs: [] });
    await recordTab(TAB, SESSION_A, PAGE_URL);
    expect(capture.webRequest).toMatchObject({ webRequest: 'detailed', webRequestTabs: [TAB] });
    wire('13417');
    expect(capture.webRequest.webRequestEvents).toBe(4);
  });

  it('listens as registered (basic) until the worker start is over, then not at all if no tab records', () => {
    const fresh = new RequestCapture({ ...testDeps(T0).deps, dnr });
    const freshEvents = fakeWebRequestEvents();
    fresh.listen(freshEvents);
    expect(freshEvents.onSendHeaders.extraInfoSpec).toEqual(['requestHeaders']);
    expect(freshEvents.onBeforeRequest.filter).toEqual({ urls: ['http://*/*', 'https://*/*'] });
    expect(fresh.webRequest.webRequest).toBe('basic');
    fresh.settled();
    for (const event of Object.values(freshEvents)) expect(event.listener).toBeNull();
    expect(fresh.webRequest.webRequest).toBe('off');
  });

  it('ignores webRequest events of tabs that do not record, and stores those of the tab that does', async () => {
    wire('13417', OTHER_TAB);
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).not.toHaveBeenCalled();

    wire('13418', TAB);
    await vi.advanceTimersByTimeAsync(1500);
    expect((await written(1)).map((r) => [r.id, r.tabId, r.sessionId])).toEqual([['13418', TAB, SESSION_A]]);
  });

  it('still accepts late events of a session that just ended, for 30 s', async () => {
    await recordTab(TAB, null);

    await vi.advanceTimersByTimeAsync(29_000);
    await capture.pageEvents(TAB, network(beaconEvents('b1', Date.now())));
    await vi.advanceTimersByTimeAsync(1500);
    expect((await written(1)).map((r) => r.id)).toEqual([`w:${PAGE_1}:b1`]);

    await vi.advanceTimersByTimeAsync(1000); // 31.5 s after the end
    await capture.pageEvents(TAB, network(beaconEvents('b2', Date.now())));
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).toHaveBeenCalledTimes(1);
  });

  it("does not accept a just-ended session's events from another tab, only from its own", async () => {
    await recordTab(TAB, null);
    await capture.pageEvents(OTHER_TAB, network(beaconEvents('b1', T0)));
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).not.toHaveBeenCalled();

    await capture.pageEvents(TAB, network(beaconEvents('b2', T0)));
    await vi.advanceTimersByTimeAsync(1500);
    expect((await written(1)).map((r) => r.id)).toEqual([`w:${PAGE_1}:b2`]);
  });

  it('counts malformed events in the diagnostics and still stores the valid ones of the same message', async () => {
    await capture.pageEvents(
      TAB,
      network([
        requestStart('f1', T0),
        {
          kind: 'request-start',
          id: 'f2',
          ts: -5,
          api: 'fetch',
          method: 'GET',
          url: CART_API,
          injected: [],
          adopted: false,
        },
        { kind: 'request-end', id: 'f1', ts: T0 + 40, status: 'OK' },
        { kind: 'keylogger', ts: T0 },
        requestEnd('f1', T0 + 40),
      ]),
    );
    await vi.advanceTimersByTimeAsync(1500);

    expect(diagnostics.snapshot().errors['malformed-network-event']).toBe(3);
    expect((await written(1)).map((r) => r.id)).toEqual([`w:${PAGE_1}:f1`]);
  });

  it('ignores a request-end whose start it never got, and still pairs the next start with its end', async () => {
    await capture.pageEvents(TAB, network([requestEnd('f7', T0 + 40)]));
    await vi.advanceTimersByTimeAsync(1500);
    await turn();
    expect(append).not.toHaveBeenCalled();
    expect(diagnostics.snapshot().errors).toEqual({});

    await capture.pageEvents(TAB, network([requestStart('f8', T0 + 50), requestEnd('f8', T0 + 90)]));
    await vi.advanceTimersByTimeAsync(1500);
    expect((await written(1)).map((r) => [r.id, r.startTs, r.endTs])).toEqual([[`w:${PAGE_1}:f8`, T0 + 50, T0 + 90]]);
  });

  it('on propagation-failed, blocks the origin for the tab and warns with the Access-Control-Allow-Headers the server must send', async () => {
    const failed: NetworkPageEvent = {
      kind: 'propagation-failed',
      ts: T0,
      origin: PARTNER,
      url: `${PARTNER}/v1/stock?sku=tea`,
      method: 'GET',
      headers: ['traceparent', 'baggage'],
      retried: true,
    };
    withPartnerTarget();

    await capture.pageEvents(TAB, network([failed]));

    expect(blocked).toHaveBeenCalledExactlyOnceWith({ tabId: TAB, origin: PARTNER });
    const [warning] = diagnostics.snapshot().warnings;
    expect(warning!.message).toContain('Access-Control-Allow-Headers: traceparent, baggage');
    expect(warning!.message).toContain(PARTNER);
    expect(warning!.message).toContain('sent the request again without them');
    expect(diagnostics.snapshot().errors['propagation-failed']).toBe(1);
    expect(notify).toHaveBeenCalledExactlyOnceWith({ type: 'warning', message: warning!.message });
  });

  it('says when a failed request was not retried (not a GET or HEAD fetch)', async () => {
    withPartnerTarget();
    await capture.pageEvents(
      TAB,
      network([
        {
          kind: 'propagation-failed',
          ts: T0,
          origin: PARTNER,
          url: `${PARTNER}/v1/cart`,
          method: 'POST',
          headers: ['sentry-trace'],
          retried: false,
        },
      ]),
    );
    const { message } = diagnostics.snapshot().warnings[0]!;
    expect(message).toContain('Access-Control-Allow-Headers: sentry-trace');
    expect(message).toContain('this request was not retried');
  });

  describe('what a hostile page claims', () => {
    const claim = (o: Partial<Extract<NetworkPageEvent, { kind: 'propagation-failed' }>> = {}): NetworkPageEvent => ({
      kind: 'propagation-failed',
      ts: T0,
      origin: PARTNER,
      url: `${PARTNER}/v1/stock`,
      method: 'GET',
      headers: ['traceparent'],
      retried: true,
      ...o,
    });

    it("blocks no origin that is not one of the user's targets, and the panel hears nothing of it", async () => {
      withPartnerTarget();
      await capture.pageEvents(
        TAB,
        network([
          claim({ origin: 'https://bank.example', url: 'https://bank.example/' }),
          claim({ origin: PAGE_ORIGIN, url: `${PAGE_ORIGIN}/api` }),
          claim({ origin: 'https://bank.example' }), // an origin that is not the URL's
        ]),
      );
      expect(blocked).not.toHaveBeenCalled();
      expect(notify).not.toHaveBeenCalled();
      expect(diagnostics.snapshot().errors['propagation-failed-ignored']).toBe(3);
    });

    it("puts none of the page's words in the panel's warnings", async () => {
      withPartnerTarget();
      const words = 'Tandem must be reinstalled: visit https://evil.test';
      await capture.pageEvents(
        TAB,
        network([claim({ headers: [words] }), claim({ method: 'PLEASE-VISIT-EVIL', url: `${PARTNER}/?${words}` })]),
      );
      const messages = notify.mock.calls.map(([n]) => (n.type === 'warning' ? n.message : ''));
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^A request to https:\/\/api\.partner\.test failed after Tandem added traceparent:/);
      expect(messages.join()).not.toMatch(/evil|reinstalled|PLEASE/i);
    });

    it('blocks each origin once and at most MAX_BLOCKED_ORIGINS per session, however many a wildcard target covers', async () => {
      settings.current = {
        ...DEFAULT_SETTINGS,
        network: {
          ...DEFAULT_SETTINGS.network,
          targets: [{ urls: ['https://*.partner.test/*'], propagators: ['b3'] }],
        },
      };
      const claims = Array.from({ length: 200 }, (_, i) =>
        claim({ origin: `https://h${i}.partner.test`, url: `https://h${i}.partner.test/`, headers: ['b3'] }),
      );
      await capture.pageEvents(TAB, network([...claims, ...claims]));
      expect(blocked).toHaveBeenCalledTimes(MAX_BLOCKED_ORIGINS);
      expect(notify).toHaveBeenCalledTimes(MAX_BLOCKED_ORIGINS);
    });

    it('keeps at most MAX_STARTED_PER_TAB requests waiting for their end, whatever timestamps the page gives', async () => {
      const starts = Array.from({ length: MAX_STARTED_PER_TAB + 500 }, (_, i) =>
        requestStart(`f${i}`, T0 + 10 * 365 * 86_400_000),
      );
      await capture.pageEvents(TAB, network(starts));
      // The oldest went first: their ends find nothing; the newest still pair.
      await capture.pageEvents(
        TAB,
        network([requestEnd('f0', T0 + 40), requestEnd(`f${MAX_STARTED_PER_TAB + 499}`, T0 + 40)]),
      );
      await vi.advanceTimersByTimeAsync(1500);
      const records = await written(1);
      expect(records[0]!.id).toBe(`w:${PAGE_1}:f${MAX_STARTED_PER_TAB + 499}`);
      expect(capture.pendingStarts(TAB)).toBe(MAX_STARTED_PER_TAB - 1);
    });
  });

  it("installs the tab's X-Session-Replay-Id rules for its page origins and the configured URLs, and removes them when it stops", async () => {
    settings.current = {
      ...DEFAULT_SETTINGS,
      network: { ...DEFAULT_SETTINGS.network, replayIdHeaderUrls: ['https://api.shop.test/*'] },
    };
    await recordTab(OTHER_TAB, SESSION_B, 'http://localhost:3000/');
    await recordTab(OTHER_TAB, SESSION_B, 'http://localhost:3000/cart'); // same origin: nothing to change
    const updates = dnr.updates.length;
    await recordTab(OTHER_TAB, SESSION_B, 'https://shop.test/checkout'); // a second origin

    expect(dnr.updates.length).toBe(updates + 1);
    expect(dnr.ofTab(OTHER_TAB).map((r) => r.condition.regexFilter)).toEqual(
      ['http://localhost:3000/*', 'https://shop.test/*', 'https://api.shop.test/*'].map(patternToRegexFilter),
    );
    expect(dnr.ofTab(OTHER_TAB).every((r) => r.action.requestHeaders?.[0]?.value === SESSION_B)).toBe(true);
    expect(dnr.ofTab(TAB)).toHaveLength(1);

    await recordTab(OTHER_TAB, null);
    expect(dnr.ofTab(OTHER_TAB)).toEqual([]);
    expect(dnr.ofTab(TAB)).toHaveLength(1);
  });

  it('with documentTraceparent, gives the next document a traceparent and a fresh one after each navigation', async () => {
    settings.current = { ...DEFAULT_SETTINGS, network: { ...DEFAULT_SETTINGS.network, documentTraceparent: true } };
    await recordTab(OTHER_TAB, SESSION_B, PAGE_URL);
    const docRule = () =>
      dnr.ofTab(OTHER_TAB).find((r) => r.condition.resourceTypes?.join() === 'main_frame')?.action.requestHeaders?.[0]
        ?.value;
    const first = docRule();
    expect(first).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const updates = dnr.updates.length;
    const nav = { tabId: OTHER_TAB, method: 'GET', type: 'main_frame' as const, url: `${PAGE_ORIGIN}/cart` };
    events.onBeforeRequest.fire(base('13500', nav));
    events.onCompleted.fire(completed('13500', T0 + 80, 200, 'HTTP/1.1 200 OK', false, nav));
    for (let i = 0; i < 50 && dnr.updates.length === updates; i++) await turn();

    expect(docRule()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(docRule()).not.toBe(first);
    // Without the setting, no document rule at all.
    expect(dnr.ofTab(TAB).some((r) => r.condition.resourceTypes?.join() === 'main_frame')).toBe(false);
  });

  it('counts a DNR failure instead of throwing it at the recording', async () => {
    dnr.failNext = new Error('Internal error while updating the session rules.');
    await expect(recordTab(OTHER_TAB, SESSION_B, PAGE_URL)).resolves.toBeUndefined();
    expect(diagnostics.snapshot().errors.dnr).toBe(1);
  });

  // Regression: a tab switching straight to a new session (a saved instant replay, Start replacing the buffer)
  // once refused the old session's last request records, and the saved replay lost them.
  it("still accepts the previous session's late events when the tab switches straight to a new session", async () => {
    await recordTab(TAB, SESSION_B, PAGE_URL);
    await capture.pageEvents(TAB, network(beaconEvents('b1', T0), SESSION_A));
    await vi.advanceTimersByTimeAsync(1500);
    expect((await written(1)).map((r) => [r.sessionId, r.id])).toEqual([[SESSION_A, `w:${PAGE_1}:b1`]]);
  });

  // Regression: a request webRequest did not report (a beacon) was once stored with tabId -1.
  it('stores a beacon with the tab it came from', async () => {
    await capture.pageEvents(TAB, network(beaconEvents('b1', T0)));
    await vi.advanceTimersByTimeAsync(1500);
    const [record] = await written(1);
    expect(record!.tabId).toBe(TAB);
  });
});
