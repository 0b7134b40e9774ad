import { describe, expect, it } from 'vitest';
import {
  batchSchema,
  callSchema,
  domUpSchema,
  panelDownSchema,
  panelParamSchemas,
  panelResultSchemas,
  recorderDownSchema,
  helloSchema,
  isPanelMethod,
  isWakeMessage,
  pageEventSchema,
  PORT_NAMES,
  PROTOCOL_VERSION,
  recordedEventsSchema,
  recorderUpSchema,
  WAKE_MESSAGE,
  type PageEvent,
} from '../../../src/shared/protocol';
import { eventsJson, pageEvents, SHOP_URL } from '../fixtures/rrweb-events';

const SESSION = 'a'.repeat(32);
const PAGE = 'b'.repeat(16);
const T0 = 1_700_000_000_000;

describe('protocol', () => {
  it('keeps its port names, which the background routes on and the e2e harness uses as they are', () => {
    expect(PORT_NAMES).toEqual({ recorder: 'tandem/recorder', panel: 'tandem/panel' });
  });

  it('accepts a hello and a batch as the content script sends them', () => {
    const hello = {
      type: 'hello',
      v: PROTOCOL_VERSION,
      pageId: PAGE,
      url: SHOP_URL,
      title: 'Shop',
      sessionId: null,
      lastSeq: -1,
    };
    const batch = {
      type: 'batch',
      sessionId: SESSION,
      pageId: PAGE,
      seq: 0,
      url: SHOP_URL,
      title: 'Shop',
      events: eventsJson(pageEvents(T0)),
    };
    expect(recorderUpSchema.parse(hello)).toEqual(hello);
    expect(recorderUpSchema.parse(batch)).toEqual(batch);
  });

  it.each([
    ['another protocol version', { v: PROTOCOL_VERSION + 1 }],
    ['an upper-case page id', { pageId: 'B'.repeat(16) }],
    ['a session id of the wrong length', { sessionId: 'a'.repeat(31) }],
    ['lastSeq below -1', { lastSeq: -2 }],
    ['a fractional lastSeq', { lastSeq: 0.5 }],
  ])('refuses a hello with %s', (_label, change) => {
    const hello = {
      type: 'hello',
      v: PROTOCOL_VERSION,
      pageId: PAGE,
      url: SHOP_URL,
      title: '',
      sessionId: null,
      lastSeq: -1,
      ...change,
    };
    expect(helloSchema.safeParse(hello).success).toBe(false);
  });

  it.each([
    ['a negative seq', { seq: -1 }],
    ['events that are not text', { events: pageEvents(T0) }],
    ['empty events text', { events: '' }],
    ['no session', { sessionId: null }],
  ])('refuses a batch with %s', (_label, change) => {
    const batch = {
      type: 'batch',
      sessionId: SESSION,
      pageId: PAGE,
      seq: 0,
      url: SHOP_URL,
      title: '',
      events: '[]',
      ...change,
    };
    expect(batchSchema.safeParse(batch).success).toBe(false);
  });

  it('accepts real rrweb events and keeps all their data', () => {
    const events = pageEvents(T0, 2);
    expect(recordedEventsSchema.parse(JSON.parse(eventsJson(events)))).toEqual(events);
  });

  it('recognises the wake message and nothing else', () => {
    expect(isWakeMessage(structuredClone(WAKE_MESSAGE))).toBe(true);
    expect(isWakeMessage({ tandem: 'sleep' })).toBe(false);
    expect(isWakeMessage('wake')).toBe(false);
    expect(isWakeMessage(null)).toBe(false);
  });

  it('knows its panel methods, and no inherited names', () => {
    expect(isPanelMethod('listSessions')).toBe(true);
    expect(isPanelMethod('setSettings')).toBe(true);
    expect(isPanelMethod('constructor')).toBe(false);
    expect(isPanelMethod('__proto__')).toBe(false);
    expect(isPanelMethod('dropDatabase')).toBe(false);
  });
});

/**
 * One valid event of every kind the page hooks send, as they send them. Typed so that a new kind in
 * pageEventSchema fails the type check here until it gets an example.
 */
const ONE_OF_EACH_KIND: { [K in PageEvent['kind']]: Extract<PageEvent, { kind: K }> } = {
  console: { kind: 'console', ts: T0, level: 'warn', args: ['Cart total mismatch', '{"expected":42,"got":41}'] },
  error: {
    kind: 'error',
    ts: T0 + 1,
    message: "Uncaught TypeError: Cannot read properties of undefined (reading 'price')",
    stack:
      "TypeError: Cannot read properties of undefined (reading 'price')\n    at total (http://127.0.0.1:8080/app.js:12:31)",
    filename: 'http://127.0.0.1:8080/app.js',
    lineno: 12,
    colno: 31,
  },
  rejection: {
    kind: 'rejection',
    ts: T0 + 2,
    message: 'Error: 503 Service Unavailable',
    stack: 'Error: 503 Service Unavailable\n    at checkout (http://127.0.0.1:8080/app.js:40:11)',
  },
  history: { kind: 'history', ts: T0 + 3, from: 'http://127.0.0.1:8080/shop?x=1', to: 'http://127.0.0.1:8080/cart' },
  'request-start': {
    kind: 'request-start',
    id: 'f1',
    ts: T0 + 4,
    api: 'fetch',
    method: 'POST',
    url: 'http://127.0.0.1:8080/api/cart',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    injected: ['traceparent', 'baggage', 'sentry-trace', 'x-session-replay-id'],
    adopted: false,
  },
  'request-end': {
    kind: 'request-end',
    id: 'f1',
    ts: T0 + 40,
    status: 201,
    responseBody: '{"items":1}',
    responseType: 'application/json; charset=utf-8',
  },
  'propagation-failed': {
    kind: 'propagation-failed',
    ts: T0 + 50,
    origin: 'https://api.partner.test',
    url: 'https://api.partner.test/v1/stock?sku=tea',
    method: 'GET',
    headers: ['traceparent', 'baggage'],
    retried: true,
  },
};

describe('pageEventSchema', () => {
  // A discriminated union with a duplicate discriminator throws only when it parses: parsing one event of
  // every kind is what catches it (the recorder dropped every page event silently when it happened).
  it.each(Object.values(ONE_OF_EACH_KIND))('parses a valid $kind event unchanged', (event) => {
    expect(pageEventSchema.parse(structuredClone(event))).toEqual(event);
  });

  it('has an example here for every kind it accepts, and each kind once', () => {
    const kinds = pageEventSchema.options.map((option) => option.shape.kind.value);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect([...kinds].sort()).toEqual(Object.keys(ONE_OF_EACH_KIND).sort());
  });

  it.each([
    ['an unknown kind', { kind: 'websocket', ts: T0 }],
    [
      'a request-start with an upper-case trace id',
      { ...ONE_OF_EACH_KIND['request-start'], traceId: '4BF92F3577B34DA6A3CE929D0E0E4736' },
    ],
    [
      'a request-start from an API the wrapper does not have',
      { ...ONE_OF_EACH_KIND['request-start'], api: 'websocket' },
    ],
    ['a request-end with a fractional status', { ...ONE_OF_EACH_KIND['request-end'], status: 200.5 }],
    [
      'a propagation-failed with more than 20 headers',
      { ...ONE_OF_EACH_KIND['propagation-failed'], headers: Array.from({ length: 21 }, (_, i) => `x-h${i}`) },
    ],
    ['a negative timestamp', { ...ONE_OF_EACH_KIND.history, ts: -1 }],
  ])('refuses %s', (_label, event) => {
    expect(pageEventSchema.safeParse(event).success).toBe(false);
  });
});

describe('recorderUpSchema network messages', () => {
  it("accepts the recorder's network message and leaves its events for the background to check one by one", () => {
    const message = {
      type: 'network',
      sessionId: SESSION,
      pageId: PAGE,
      events: [ONE_OF_EACH_KIND['request-start'], { kind: 'garbage' }],
    };
    expect(recorderUpSchema.parse(message)).toEqual(message);
  });

  it('refuses more than 500 events in one message', () => {
    const events = Array.from({ length: 501 }, () => ONE_OF_EACH_KIND['request-end']);
    expect(recorderUpSchema.safeParse({ type: 'network', sessionId: SESSION, pageId: PAGE, events }).success).toBe(
      false,
    );
  });
});

describe('schemas on values that break comparisons', () => {
  // zod 4 compares a `length` it finds on any value with the bounds of `.min`/`.max`, even after the type
  // check failed; an object there without a callable toString made safeParse throw a TypeError.
  const hostile = { length: { toString: 1 } };
  const valid = { sessionId: SESSION, pageId: PAGE };

  it.each([
    [
      'recorder port up (hello url)',
      recorderUpSchema,
      { type: 'hello', v: 1, pageId: PAGE, url: hostile, title: 't', sessionId: null, lastSeq: -1 },
    ],
    ['recorder port up (network events)', recorderUpSchema, { type: 'network', ...valid, events: hostile }],
    ["a batch's events", recordedEventsSchema, hostile],
    ['recorder port down', recorderDownSchema, { type: 'reject', ...valid, seq: 1, error: hostile }],
    ['page bridge (console args)', pageEventSchema, { kind: 'console', ts: 1, level: 'log', args: hostile }],
    ['page bridge (error message)', pageEventSchema, { kind: 'error', ts: 1, message: hostile }],
    ['DOM bridge', domUpSchema, { kind: 'events', events: hostile }],
    ['panel call', callSchema, { kind: 'call', id: 1, method: hostile, params: {} }],
    ['panel params (tags)', panelParamSchemas.labelSession, { sessionId: SESSION, name: 'n', tags: hostile }],
    ['panel answer', panelResultSchemas.listSessions, hostile],
    ['panel down', panelDownSchema, { kind: 'notice', notice: { type: 'warning', message: hostile } }],
  ] as const)('%s: refused with a reason, not thrown', (_, schema, value) => {
    const parsed = schema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/\S/);
  });
});
