/** Sessions and tab states as the background reports them, for the panel's tests. */
import type { SessionSummary } from '../../../src/shared/model';
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
