import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Joiner, MAX_WAIT_MS, MAX_WAITING, type Joined } from '../../../../src/background/network/joiner';
import type { Observation, WrapperRecord } from '../../../../src/background/network/observation';
import { SESSION_B } from '../../fixtures/db';
import { CART_API, observation, PAGE_ORIGIN, sentHeaders, T0, TRACE_ID, wrapperRecord } from '../../fixtures/network';

const SPAN_1 = '1111111111111111';
const SPAN_2 = '2222222222222222';

/** webRequest's view of a fetch that carried the wrapper's traceparent with span `spanId`. */
const observed = (requestId: string, spanId: string, overrides: Partial<Observation> = {}): Observation =>
  observation({
    requestId,
    requestHeaders: sentHeaders().map((h) =>
      h.name === 'traceparent' ? { ...h, value: `00-${TRACE_ID}-${spanId}-01` } : h,
    ),
    ...overrides,
  });

/** A request the wrapper added no headers to (a cross-origin CDN that is no target): no span id on either side. */
const CDN_URL = 'https://cdn.shop.test/prices.json';
const plainObservation = (overrides: Partial<Observation> = {}): Observation =>
  observation({
    requestId: '13500',
    url: CDN_URL,
    method: 'GET',
    requestHeaders: [{ name: 'Accept', value: '*/*' }],
    ...overrides,
  });
const plainWrapper = (overrides: Partial<WrapperRecord> = {}): WrapperRecord =>
  wrapperRecord({
    id: '1111111111111111:f9',
    url: CDN_URL,
    method: 'GET',
    traceId: null,
    spanId: null,
    injected: [],
    ...overrides,
  });

let emitted: Joined[];
let joiner: Joiner;
/** What webRequest has in flight (started, not completed), as WebRequestObserver.inFlight() lists it. */
let inFlight: Observation[];
let endedSessions: Set<string>;

beforeEach(() => {
  vi.useFakeTimers();
  emitted = [];
  inFlight = [];
  endedSessions = new Set();
  joiner = new Joiner((j) => emitted.push(j), {
    inFlight: () => inFlight,
    sessionEnded: (id) => endedSessions.has(id),
  });
});

/** webRequest's observation of a request whose response headers came and whose body is still arriving. */
const streaming = (requestId: string, spanId: string, overrides: Partial<Observation> = {}): Observation => {
  const obs = observed(requestId, spanId, { endTs: null, ...overrides });
  inFlight.push(obs);
  return obs;
};
/** webRequest completes it: the observer fills in the same object and hands it on. */
const complete = (obs: Observation, endTs: number, overrides: Partial<Observation> = {}) => {
  inFlight = inFlight.filter((o) => o !== obs);
  Object.assign(obs, { endTs, ...overrides });
  joiner.observation(obs);
};
afterEach(() => {
  vi.useRealTimers();
});

describe('Joiner (fake timers)', () => {
  it('pairs by the injected span id, even when two requests share method and URL', () => {
    const first = wrapperRecord({ id: 'p:f1', spanId: SPAN_1 });
    const second = wrapperRecord({ id: 'p:f2', spanId: SPAN_2, startTs: T0 + 5 });
    joiner.wrapper(first);
    joiner.wrapper(second);

    // The second request finished first on the wire.
    joiner.observation(observed('13418', SPAN_2, { startTs: T0 + 6 }));
    joiner.observation(observed('13417', SPAN_1, { startTs: T0 + 1 }));

    expect(emitted.map((j) => [j.obs?.requestId, j.wrapper?.id])).toEqual([
      ['13418', 'p:f2'],
      ['13417', 'p:f1'],
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not pair a span id with another one, however close method, URL and time are', () => {
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    joiner.observation(observed('13417', SPAN_2));
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1500);
    expect(emitted.map((j) => [j.obs !== null, j.wrapper !== null])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('pairs by method and URL when neither side has a span id, if they started less than 2 s apart', () => {
    joiner.observation(plainObservation({ startTs: T0 + 1999 }));
    joiner.wrapper(plainWrapper({ startTs: T0 }));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ obs: { requestId: '13500' }, wrapper: { id: '1111111111111111:f9' } });
  });

  it('does not pair requests to the same URL that started 2 s apart or more, or with another method', () => {
    joiner.observation(plainObservation({ startTs: T0 + 2000 }));
    joiner.wrapper(plainWrapper({ startTs: T0 }));
    joiner.observation(plainObservation({ requestId: '13501', method: 'POST', startTs: T0 + 10 }));
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1500);
    expect(emitted).toHaveLength(3);
    expect(emitted.every((j) => j.obs === null || j.wrapper === null)).toBe(true);
  });

  it('ignores the fragment when comparing URLs (webRequest never sees it)', () => {
    joiner.wrapper(plainWrapper({ url: `${CDN_URL}#today` }));
    joiner.observation(plainObservation());
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.wrapper).not.toBeNull();
  });

  it('pairs whichever side comes first', () => {
    joiner.observation(observed('13417', SPAN_1));
    expect(emitted).toEqual([]);
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ obs: { requestId: '13417' }, wrapper: { spanId: SPAN_1 } });
  });

  it('never pairs sides of two different sessions', () => {
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1, sessionId: SESSION_B }));
    joiner.observation(observed('13417', SPAN_1));
    expect(emitted).toEqual([]);
  });

  it('emits an observation alone once the grace period passed without a wrapper record', () => {
    joiner.observation(observed('13417', SPAN_1));
    vi.advanceTimersByTime(1499);
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([{ obs: expect.objectContaining({ requestId: '13417' }), wrapper: null }]);

    // A late wrapper record no longer finds it: it waits, then goes alone too.
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    vi.advanceTimersByTime(1500);
    expect(emitted).toHaveLength(2);
    expect(emitted[1]).toEqual({ obs: null, wrapper: expect.objectContaining({ spanId: SPAN_1 }) });
  });

  it('emits a beacon (no observation ever) alone after the grace period', () => {
    joiner.wrapper(
      wrapperRecord({ api: 'beacon', url: `${PAGE_ORIGIN}/analytics`, traceId: null, spanId: null, injected: [] }),
    );
    vi.advanceTimersByTime(1499);
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([{ obs: null, wrapper: expect.objectContaining({ api: 'beacon' }) }]);
  });

  it('honours a custom grace period', () => {
    const custom: Joined[] = [];
    const short = new Joiner((j) => custom.push(j), { graceMs: 200 });
    short.observation(observed('13417', SPAN_1));
    vi.advanceTimersByTime(200);
    expect(custom).toHaveLength(1);
  });

  it.each(['script', 'image', 'stylesheet', 'font', 'main_frame', 'sub_frame', 'media'])(
    'emits a %s observation at once: no wrapper record can come for it',
    (type) => {
      joiner.observation(observation({ type, url: `${PAGE_ORIGIN}/static/app.js`, method: 'GET' }));
      expect(emitted).toEqual([{ obs: expect.objectContaining({ type }), wrapper: null }]);
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('waits for a wrapper record for xmlhttprequest, ping and other observations', () => {
    for (const type of ['xmlhttprequest', 'ping', 'other'])
      joiner.observation(observation({ type, requestId: type, url: `${CART_API}?${type}` }));
    expect(emitted).toEqual([]);
    expect(vi.getTimerCount()).toBe(3);
  });

  // The wrapper reports a fetch's end when fetch() resolves (response headers), webRequest when the body
  // is done: for a streamed or large response, seconds or minutes later.
  it('pairs a streamed fetch whose body arrives long after the wrapper saw its headers', () => {
    const obs = streaming('13417', SPAN_1);
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1, endTs: T0 + 300 }));
    vi.advanceTimersByTime(5000);
    expect(emitted).toEqual([]);
    complete(obs, T0 + 5300);
    vi.advanceTimersByTime(1500);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.obs).not.toBeNull();
    expect(emitted[0]!.wrapper).not.toBeNull();
    expect(emitted[0]!.obs!.endTs).toBe(T0 + 5300);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for a request in flight even when webRequest reports it only after the record came', () => {
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    vi.advanceTimersByTime(1000);
    const obs = streaming('13417', SPAN_1);
    vi.advanceTimersByTime(60_000);
    complete(obs, T0 + 61_000);
    expect(emitted.map((j) => [j.obs?.requestId, j.wrapper?.spanId])).toEqual([['13417', SPAN_1]]);
  });

  it(`waits at most ${MAX_WAIT_MS / 60_000} minutes: then the record is stored with what webRequest saw so far, and the request's end is not stored again`, () => {
    const obs = streaming('13417', SPAN_1, { status: 200 });
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    vi.advanceTimersByTime(MAX_WAIT_MS - 1);
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([
      {
        obs: expect.objectContaining({ requestId: '13417', status: 200, endTs: null }),
        wrapper: expect.objectContaining({ spanId: SPAN_1 }),
      },
    ]);
    expect(emitted[0]!.obs).not.toBe(obs); // a copy: webRequest goes on filling in its own

    complete(obs, T0 + MAX_WAIT_MS + 10_000);
    vi.advanceTimersByTime(1500);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.obs!.endTs).toBeNull();
  });

  it('does not keep a record of a request that never completes, nor a timer, past the cap', () => {
    streaming('13417', SPAN_1);
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.wrapper).not.toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * MAX_WAIT_MS);
    expect(emitted).toHaveLength(1);
  });

  it('a request in flight with another span id does not hold a record', () => {
    streaming('13418', SPAN_2);
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    vi.advanceTimersByTime(1500);
    expect(emitted).toEqual([{ obs: null, wrapper: expect.objectContaining({ spanId: SPAN_1 }) }]);
  });

  it("when its session ends, a record waiting for a request in flight is stored at once; other sessions' are not", () => {
    streaming('13417', SPAN_1);
    streaming('13418', SPAN_2, { sessionId: SESSION_B });
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1 }));
    joiner.wrapper(wrapperRecord({ spanId: SPAN_2, sessionId: SESSION_B }));
    vi.advanceTimersByTime(3000);

    joiner.flush(SESSION_B);
    expect(emitted.map((j) => [j.obs?.requestId, j.wrapper?.sessionId])).toEqual([['13418', SESSION_B]]);
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(emitted.map((j) => j.obs?.requestId)).toEqual(['13418', '13417']);
  });

  it('a record of an ended session does not wait for its request in flight', () => {
    endedSessions.add(SESSION_B);
    streaming('13418', SPAN_2, { sessionId: SESSION_B });
    joiner.wrapper(wrapperRecord({ spanId: SPAN_2, sessionId: SESSION_B }));
    vi.advanceTimersByTime(1500);
    expect(emitted).toEqual([
      { obs: expect.objectContaining({ requestId: '13418' }), wrapper: expect.objectContaining({ spanId: SPAN_2 }) },
    ]);
  });

  // A GET retried without the headers a preflight refused: webRequest saw the refused attempt (no request
  // headers, an error) and the retry; neither carries the span id, so both match by method, URL and time.
  describe('a request retried without our headers', () => {
    const refused = () =>
      observed('13500', SPAN_1, {
        method: 'GET',
        requestHeaders: [],
        status: 0,
        error: 'net::ERR_FAILED',
        startTs: T0 + 1,
        endTs: T0 + 5,
      });
    const retryOf = (overrides: Partial<Observation> = {}) =>
      observed('13501', SPAN_1, {
        method: 'GET',
        requestHeaders: [{ name: 'Accept', value: '*/*' }],
        status: 200,
        startTs: T0 + 6,
        ...overrides,
      });
    const retriedRecord = () => wrapperRecord({ method: 'GET', spanId: SPAN_1, retried: true, status: 200 });

    it("pairs with the retry's observation (it has the response); the refused attempt is stored alone", () => {
      joiner.observation(refused());
      joiner.observation(retryOf());
      joiner.wrapper(retriedRecord());
      vi.advanceTimersByTime(1500);
      expect(emitted.map((j) => [j.obs?.requestId ?? null, j.wrapper?.retried ?? null])).toEqual([
        ['13501', true],
        ['13500', null],
      ]);
    });

    it('waits for a retry still receiving its response', () => {
      joiner.observation(refused());
      const retry = retryOf({ endTs: null });
      inFlight.push(retry);
      joiner.wrapper(retriedRecord());
      vi.advanceTimersByTime(10_000);
      expect(emitted.map((j) => [j.obs?.requestId ?? null, j.wrapper !== null])).toEqual([['13500', false]]);
      complete(retry, T0 + 10_000);
      expect(emitted.map((j) => [j.obs?.requestId ?? null, j.wrapper !== null])).toEqual([
        ['13500', false],
        ['13501', true],
      ]);
    });
  });
});

describe('Joiner against a page that reports requests webRequest never saw', () => {
  it('keeps at most MAX_WAITING records of a session waiting; the rest are stored alone at once', () => {
    for (let i = 0; i < MAX_WAITING + 10; i++) joiner.wrapper(plainWrapper({ id: `p:f${i}`, url: `${CDN_URL}?${i}` }));
    expect(emitted.map((j) => j.wrapper?.id)).toEqual(Array.from({ length: 10 }, (_, i) => `p:f${MAX_WAITING + i}`));
    // The ones that wait still pair with what webRequest sees.
    joiner.observation(plainObservation({ url: `${CDN_URL}?0` }));
    expect(emitted.at(-1)).toMatchObject({ obs: { url: `${CDN_URL}?0` }, wrapper: { id: 'p:f0' } });
  });
});
