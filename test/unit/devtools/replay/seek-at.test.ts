import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../../../src/devtools/store/store';
import { A, T0 } from '../fixtures';

const events = [
  { type: 4, timestamp: T0 + 100 },
  { type: 2, timestamp: T0 + 101 },
  { type: 3, timestamp: T0 + 5000 },
];

describe('seeking to an epoch time', () => {
  it('waits for the events when they are not loaded yet, then seeks from the first one', () => {
    let state = reduce(initialState, { type: 'select', sessionId: A });
    state = reduce(state, { type: 'seek-at', at: T0 + 2100 });
    expect(state.replay).toMatchObject({ pendingAt: T0 + 2100, seek: null });
    state = reduce(state, { type: 'replay-loaded', replay: { sessionId: A, events, problems: [] } });
    expect(state.replay).toMatchObject({ pendingAt: null, seek: { time: 2000 }, cursor: { time: 2000 } });
    // The Player's length comes later and keeps the seek.
    state = reduce(state, { type: 'replay-ready', total: 4900 });
    expect(state.replay.cursor).toMatchObject({ time: 2000, total: 4900 });
  });

  it('seeks at once in a loaded session, clamped to its start', () => {
    let state = reduce(initialState, { type: 'select', sessionId: A });
    state = reduce(state, { type: 'replay-loaded', replay: { sessionId: A, events, problems: [] } });
    state = reduce(state, { type: 'seek-at', at: T0 });
    expect(state.replay).toMatchObject({ pendingAt: null, seek: { time: 0 } });
  });

  it('forgets a pending seek and the picked request when another session is selected', () => {
    let state = reduce(initialState, { type: 'select', sessionId: A });
    state = reduce(state, { type: 'seek-at', at: T0 + 2100 });
    state = reduce(state, { type: 'select-request', requestId: '13417' });
    expect(state.requests.selectedId).toBe('13417');
    state = reduce(state, { type: 'select', sessionId: 'b'.repeat(32) });
    expect(state.replay.pendingAt).toBeNull();
    expect(state.requests.selectedId).toBeNull();
  });

  it('keeps a seek when the Replayer reports a finish while paused (it opened on the last frame first)', () => {
    let state = reduce(initialState, { type: 'select', sessionId: A });
    state = reduce(state, { type: 'replay-loaded', replay: { sessionId: A, events, problems: [] } });
    state = reduce(state, { type: 'seek-at', at: T0 + 2100 });
    state = reduce(state, { type: 'replay-ready', total: 4900 });
    state = reduce(state, { type: 'playback-finished' });
    expect(state.replay.cursor).toMatchObject({ time: 2000, playing: false });
  });
});
