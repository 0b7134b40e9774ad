/** Sessions and tab states as the background reports them, for the panel's tests. */
import type { RequestRecord, SessionSummary } from '../../../src/shared/model';
import type { TabState } from '../../../src/shared/protocol';
import { SHOP_URL } from '../fixtures/rrweb-events';

export const T0 = 1_700_000_000_000;
export const A = 'a'.repeat(32);
export const B = 'b'.repeat(32);
export const TAB = 7;

export function summary(id: string, overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    tabId: TAB,
    trigger: 'manual',
    status: 'complete',
    startedAt: T0,
    endedAt: T0 + 61_000,
    lastEventAt: T0 + 61_000,
    lastActivityAt: T0 + 500,
    endReason: 'stopped',
    firstUrl: SHOP_URL,
    title: 'Shop',
    urls: [SHOP_URL],
    pageCount: 1,
    eventCount: 3,
    chunkCount: 1,
    storedBytes: 2048,
    rawBytes: 9000,
    pinned: false,
    ...overrides,
  };
}

export function tabState(overrides: Partial<TabState> = {}): TabState {
  return { tabId: TAB, recording: false, sessionId: null, buffering: false, bufferMinutes: null, ...overrides };
}

/** A stored request record in the shape the network capture writes (src/background/network/request-record.ts). */
export function request(id: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    sessionId: A,
    id,
    tabId: TAB,
    url: `http://127.0.0.1:5173/api/${id}`,
    method: 'GET',
    type: 'xmlhttprequest',
    api: 'fetch',
    op: 'resource.fetch',
    startTs: T0 + 1000,
    endTs: T0 + 1100,
    status: 200,
    error: null,
    fromCache: false,
    requestHeaders: {},
    responseHeaders: {},
    traceId: null,
    spanId: null,
    traceSource: null,
    responseTraceId: null,
    responseSpanId: null,
    correlationId: null,
    serverTiming: [],
    injectedHeaders: [],
    adopted: false,
    retriedWithoutHeaders: false,
    redirects: [],
    ...overrides,
  };
}
