import { describe, expect, it } from 'vitest';
import { openReplay, type ReplayState, reduceReplay } from '../../../../src/devtools/replay/state';
import type { Action } from '../../../../src/devtools/store/actions';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, B, T0 } from '../fixtures';

const run = (state: ReplayState, ...actions: Action[]) => actions.reduce(reduceReplay, state);

/** Session A loaded and its Player ready: 10 s long, showing the last frame. */
function ready(): ReplayState {
  return run(
    openReplay(A),
    { type: 'replay-loaded', replay: { sessionId: A, events: pageEvents(T0, 1), problems: [] } },
    { type: 'replay-ready', total: 10_000 },
  );
}

describe('the replay slice', () => {
  it('opens on the last frame once the Player knows the length', () => {
    expect(ready().cursor).toEqual({ time: 10_000, total: 10_000, playing: false, speed: 1, skipInactive: true });
    expect(ready().loading).toBe(false);
  });

  it('drops events that arrive for another session', () => {
    const waiting = openReplay(A);
    const late: Action = { type: 'replay-loaded', replay: { sessionId: B, events: [], problems: [] } };
    expect(reduceReplay(waiting, late)).toBe(waiting);
  });

  it('plays from the start when asked at the end, and from where it is otherwise', () => {
    expect(run(ready(), { type: 'play' }).cursor).toMatchObject({ playing: true, time: 0 });
    const middle = run(ready(), { type: 'seek', time: 4000 }, { type: 'play' });
    expect(middle.cursor).toMatchObject({ playing: true, time: 4000 });
  });

  it('moves with the time the Player reports while playing, and ignores a frame reported after a pause', () => {
    const playing = run(ready(), { type: 'play' }, { type: 'playback-time', time: 2500 });
    expect(playing.cursor.time).toBe(2500);
    const paused = run(playing, { type: 'pause' });
    expect(run(paused, { type: 'playback-time', time: 2600 })).toBe(paused);
    expect(paused.cursor).toMatchObject({ playing: false, time: 2500 });
  });

  it('stops at the end when the Player finishes', () => {
    const done = run(ready(), { type: 'play' }, { type: 'playback-time', time: 9990 }, { type: 'playback-finished' });
    expect(done.cursor).toMatchObject({ playing: false, time: 10_000 });
  });

  it('a seek moves the cursor and asks the Player, once per request, within the session', () => {
    const once = run(ready(), { type: 'seek', time: 3000 });
    expect(once.cursor.time).toBe(3000);
    expect(once.seek).toEqual({ time: 3000 });
    const twice = run(once, { type: 'seek', time: 3000 });
    expect(twice.seek).toEqual({ time: 3000 });
    expect(twice.seek).not.toBe(once.seek);
    expect(run(ready(), { type: 'seek', time: 99_000 }).cursor.time).toBe(10_000);
    expect(run(ready(), { type: 'seek', time: -5 }).cursor.time).toBe(0);
  });

  it('a seek asked before the Player was ready is where it opens', () => {
    const early = run(openReplay(A), { type: 'seek', time: 4000 }, { type: 'replay-ready', total: 10_000 });
    expect(early.cursor).toMatchObject({ time: 4000, total: 10_000 });
    expect(early.seek).toEqual({ time: 4000 });
  });

  it('changes speed without moving', () => {
    expect(run(ready(), { type: 'speed', speed: 4 }).cursor).toMatchObject({ speed: 4, time: 10_000 });
  });

  it('pausing what is paused and playing what plays change nothing', () => {
    const paused = ready();
    expect(reduceReplay(paused, { type: 'pause' })).toBe(paused);
    const playing = run(paused, { type: 'play' });
    expect(reduceReplay(playing, { type: 'play' })).toBe(playing);
  });
});
