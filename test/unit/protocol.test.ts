import { describe, expect, it } from 'vitest';
import {
  batchSchema,
  helloSchema,
  isPanelMethod,
  isWakeMessage,
  PORT_NAMES,
  PROTOCOL_VERSION,
  recordedEventsSchema,
  recorderUpSchema,
  WAKE_MESSAGE,
} from '../../src/shared/protocol';
import { eventsJson, pageEvents, SHOP_URL } from './fixtures/rrweb-events';

const SESSION = 'a'.repeat(32);
const PAGE = 'b'.repeat(16);
const T0 = 1_700_000_000_000;

describe('protocol', () => {
  it('has distinct port names', () => {
    expect(PORT_NAMES.recorder).not.toBe(PORT_NAMES.panel);
  });

  it('accepts a hello and a batch as the content script sends them', () => {
    const hello = { type: 'hello', v: PROTOCOL_VERSION, pageId: PAGE, url: SHOP_URL, title: 'Shop', sessionId: null, lastSeq: -1 };
    const batch = { type: 'batch', sessionId: SESSION, pageId: PAGE, seq: 0, url: SHOP_URL, title: 'Shop', events: eventsJson(pageEvents(T0)) };
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
    const hello = { type: 'hello', v: PROTOCOL_VERSION, pageId: PAGE, url: SHOP_URL, title: '', sessionId: null, lastSeq: -1, ...change };
    expect(helloSchema.safeParse(hello).success).toBe(false);
  });

  it.each([
    ['a negative seq', { seq: -1 }],
    ['events that are not text', { events: pageEvents(T0) }],
    ['empty events text', { events: '' }],
    ['no session', { sessionId: null }],
  ])('refuses a batch with %s', (_label, change) => {
    const batch = { type: 'batch', sessionId: SESSION, pageId: PAGE, seq: 0, url: SHOP_URL, title: '', events: '[]', ...change };
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
