import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Joiner, type Joined } from '../../../src/background/network/joiner';
import type { Observation, WrapperRecord } from '../../../src/background/network/observation';
import { SESSION_B } from '../fixtures/db';
import { CART_API, observation, PAGE_ORIGIN, sentHeaders, T0, TRACE_ID, wrapperRecord } from '../fixtures/network';

const SPAN_1 = '1111111111111111';
const SPAN_2 = '2222222222222222';

/** webRequest's view of a fetch that carried the wrapper's traceparent with span `spanId`. */
const observed = (requestId: string, spanId: string, overrides: Partial<Observation> = {}): Observation =>
  observation({
    requestId,
    requestHeaders: sentHeaders().map((h) => (h.name === 'traceparent' ? { ...h, value: `00-${TRACE_ID}-${spanId}-01` } : h)),
    ...overrides,
  });

/** A request the wrapper added no headers to (a cross-origin CDN that is no target): no span id on either side. */
const CDN_URL = 'https://cdn.shop.test/prices.json';
const plainObservation = (overrides: Partial<Observation> = {}): Observation =>
  observation({ requestId: '13500', url: CDN_URL, method: 'GET', requestHeaders: [{ name: 'Accept', value: '*/*' }], ...overrides });
const plainWrapper = (overrides: Partial<WrapperRecord> = {}): WrapperRecord =>
  wrapperRecord({ id: '1111111111111111:f9', url: CDN_URL, method: 'GET', traceId: null, spanId: null, injected: [], ...overrides });

let emitted: Joined[];
let joiner: Joiner;

beforeEach(() => {
  vi.useFakeTimers();
  emitted = [];
  joiner = new Joiner((j) => emitted.push(j));
});
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
    joiner.wrapper(wrapperRecord({ api: 'beacon', url: `${PAGE_ORIGIN}/analytics`, traceId: null, spanId: null, injected: [] }));
    vi.advanceTimersByTime(1499);
    expect(emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(emitted).toEqual([{ obs: null, wrapper: expect.objectContaining({ api: 'beacon' }) }]);
  });

  it('honours a custom grace period', () => {
    const custom: Joined[] = [];
    const short = new Joiner((j) => custom.push(j), 200);
    short.observation(observed('13417', SPAN_1));
    vi.advanceTimersByTime(200);
    expect(custom).toHaveLength(1);
  });

  it.each(['script', 'image', 'stylesheet', 'font', 'main_frame', 'sub_frame', 'media'])('emits a %s observation at once: no wrapper record can come for it', (type) => {
    joiner.observation(observation({ type, url: `${PAGE_ORIGIN}/static/app.js`, method: 'GET' }));
    expect(emitted).toEqual([{ obs: expect.objectContaining({ type }), wrapper: null }]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits for a wrapper record for xmlhttprequest, ping and other observations', () => {
    for (const type of ['xmlhttprequest', 'ping', 'other']) joiner.observation(observation({ type, requestId: type, url: `${CART_API}?${type}` }));
    expect(emitted).toEqual([]);
    expect(vi.getTimerCount()).toBe(3);
  });

  // BUG (src/background/network/joiner.ts with capture.ts: the wrapper reports request-end when fetch()
  // resolves, i.e. when the response headers arrive, but webRequest's onCompleted comes when the body is
  // done. For a streamed or large response taking longer than the 1.5 s grace, both sides are emitted alone
  // and the request is stored twice (once without api/injected headers, once with tabId -1).
  // Fix: keep a wrapper record while webRequest still has an open request that matches it (e.g. let the
  // observer report request starts, or extend the wrapper's grace until the observation completes).
  it.fails('pairs a streamed fetch whose body arrives long after the wrapper saw its headers', () => {
    joiner.wrapper(wrapperRecord({ spanId: SPAN_1, endTs: T0 + 300 }));
    vi.advanceTimersByTime(5000);
    joiner.observation(observed('13417', SPAN_1, { endTs: T0 + 5300 }));
    vi.advanceTimersByTime(1500);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.obs).not.toBeNull();
    expect(emitted[0]!.wrapper).not.toBeNull();
  });
});
