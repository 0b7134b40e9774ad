import { describe, expect, it } from 'vitest';
import { initialState, reduce, type PanelState, type Replay } from '../../../../src/devtools/store/store';
import type { SessionSummary } from '../../../../src/shared/model';
import { pageEvents, SHOP_URL } from '../../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

function summary(id: string, startedAt = T0): SessionSummary {
  return {
    id,
    tabId: 1,
    trigger: 'manual',
    status: 'complete',
    startedAt,
    endedAt: startedAt + 1000,
    lastEventAt: startedAt + 1000,
    lastActivityAt: startedAt + 500,
    endReason: 'stopped',
    firstUrl: SHOP_URL,
    title: 'Shop',
    urls: [SHOP_URL],
    pageCount: 1,
    eventCount: 3,
    chunkCount: 1,
    storedBytes: 100,
    rawBytes: 900,
    pinned: false,
  };
}

const replay = (sessionId: string): Replay => ({ sessionId, events: pageEvents(T0, 1), problems: [] });

/** A panel showing sessions A and B with A selected and its replay loaded. */
function showingA(): PanelState {
  let s = reduce(initialState, { type: 'sessions', sessions: [summary(B, T0 + 5000), summary(A)] });
  s = reduce(s, { type: 'select', sessionId: A });
  return reduce(s, { type: 'replay-loaded', replay: replay(A) });
}

describe('reduce', () => {
  it('selecting a session starts loading its replay and drops the previous one', () => {
    const s = reduce(showingA(), { type: 'select', sessionId: B });
    expect(s.library.selectedId).toBe(B);
    expect(s.replay.loading).toBe(true);
    expect(s.replay.loaded).toBeNull();
    expect(s.requests).toEqual({ sessionId: B, loading: true, records: [], selectedId: null });
  });

  it('selecting the selected session again changes nothing (no reload)', () => {
    const before = showingA();
    expect(reduce(before, { type: 'select', sessionId: A })).toBe(before);
  });

  it('clearing the selection loads nothing', () => {
    const s = reduce(showingA(), { type: 'select', sessionId: null });
    expect(s).toMatchObject({
      library: { selectedId: null },
      replay: { loaded: null, loading: false },
      requests: { loading: false },
    });
  });

  it('shows a loaded replay of the selected session', () => {
    let s = reduce(initialState, { type: 'sessions', sessions: [summary(A)] });
    s = reduce(s, { type: 'select', sessionId: A });
    s = reduce(s, { type: 'replay-loaded', replay: replay(A) });
    expect(s.replay.loaded).toEqual(replay(A));
    expect(s.replay.loading).toBe(false);
  });

  it('drops a replay that arrives for a session no longer selected', () => {
    let s = reduce(showingA(), { type: 'select', sessionId: B });
    const waitingForB = s;
    s = reduce(s, { type: 'replay-loaded', replay: replay(A) });
    expect(s).toBe(waitingForB);
    expect(s.replay.loaded).toBeNull();
    expect(s.replay.loading).toBe(true);
  });

  it('clears the selection when the new session list no longer has it (deleted elsewhere)', () => {
    const s = reduce(showingA(), { type: 'sessions', sessions: [summary(B, T0 + 5000)] });
    expect(s).toMatchObject({ library: { selectedId: null }, replay: { loaded: null, loading: false } });
    expect(s.requests.sessionId).toBeNull();
    expect(s.library.sessions.map((x) => x.id)).toEqual([B]);
  });

  it('keeps the selection and its replay when the list still has it', () => {
    const before = showingA();
    const updated = { ...summary(A), eventCount: 99 };
    const s = reduce(before, { type: 'sessions', sessions: [updated] });
    expect(s.library.selectedId).toBe(A);
    expect(s.replay).toBe(before.replay);
    expect(s.requests).toBe(before.requests);
    expect(s.library.sessions).toEqual([updated]);
  });

  it('stores the tab state', () => {
    const tab = { tabId: 3, recording: true, sessionId: A, buffering: false, bufferMinutes: null };
    expect(reduce(initialState, { type: 'tab', tab }).tab.state).toEqual(tab);
  });

  it('an error ends the loading; clearing the error keeps the loading state', () => {
    let s = reduce(initialState, { type: 'sessions', sessions: [summary(A)] });
    s = reduce(s, { type: 'select', sessionId: A });
    const failed = reduce(s, { type: 'error', message: 'IndexedDB: quota exceeded' });
    expect(failed).toMatchObject({
      notices: { error: 'IndexedDB: quota exceeded' },
      replay: { loading: false },
      requests: { loading: false },
    });

    const stillLoading = reduce(s, { type: 'error', message: null });
    expect(stillLoading).toMatchObject({ notices: { error: null }, replay: { loading: true } });
  });

  it('keeps the three newest distinct warnings from the background, oldest first, leaving the rest alone', () => {
    const before = showingA();
    let s = before;
    for (const message of ['evicted 1', 'evicted 2', 'storage full', 'evicted 2', 'evicted 3'])
      s = reduce(s, { type: 'warning', message });
    expect(s.notices.warnings).toEqual(['storage full', 'evicted 2', 'evicted 3']);
    expect({ ...s, notices: { ...s.notices, warnings: before.notices.warnings } }).toEqual(before);
  });

  it('dismissing clears every warning', () => {
    const warned = reduce(initialState, { type: 'warning', message: 'Storage is full' });
    expect(reduce(warned, { type: 'dismiss-warnings' }).notices.warnings).toEqual([]);
  });

  it('never mutates the state it is given', () => {
    const before = showingA();
    const snapshot = structuredClone(before);
    reduce(before, { type: 'select', sessionId: B });
    reduce(before, { type: 'sessions', sessions: [] });
    reduce(before, { type: 'error', message: 'x' });
    expect(before).toEqual(snapshot);
  });
});
