/**
 * The Player's handling of a part of a session (Frames): which Replayer calls it makes when the cursor is
 * inside or outside the part it holds. rrweb's Replayer does not run in happy-dom, so a stand-in records the
 * calls (named so: FakeReplayer); the real Replayer plays parts in test/e2e/segments.test.ts.
 */
import { act, render } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Player } from '../../../../src/devtools/replay/Player';
import type { PlaybackCursor } from '../../../../src/devtools/replay/state';
import type { StoredEvent } from '../../../../src/shared/db/read';
import { pageEvents } from '../../fixtures/rrweb-events';
import { T0 } from '../fixtures';

const fake = vi.hoisted(() => ({ built: [] as FakeReplayerLike[] }));
interface FakeReplayerLike {
  events: { timestamp: number }[];
  calls: string[];
  time: number;
  handlers: Record<string, () => void>;
}

vi.mock('@rrweb/replay', () => ({
  Replayer: class FakeReplayer implements FakeReplayerLike {
    calls: string[] = [];
    time = 0;
    handlers: Record<string, () => void> = {};
    wrapper = document.createElement('div');
    iframe = document.createElement('iframe');
    constructor(public events: { timestamp: number }[]) {
      fake.built.push(this);
    }
    getMetaData() {
      return { totalTime: this.events.at(-1)!.timestamp - this.events[0]!.timestamp };
    }
    on(name: string, handler: () => void) {
      this.handlers[name] = handler;
    }
    play(t: number) {
      this.time = t;
      this.calls.push(`play ${t}`);
    }
    pause(t?: number) {
      if (t !== undefined) this.time = t;
      this.calls.push(t === undefined ? 'pause' : `pause ${t}`);
    }
    getCurrentTime() {
      return this.time;
    }
    addEvent(e: { timestamp: number }) {
      this.events.push(e);
      this.calls.push(`add ${e.timestamp - this.events[0]!.timestamp}`);
    }
    setConfig() {}
    destroy() {
      this.calls.push('destroy');
    }
  },
}));

const MIN = 60_000;
const cursor = (over: Partial<PlaybackCursor> = {}): PlaybackCursor => ({
  time: 0,
  playing: false,
  speed: 1,
  skipInactive: true,
  total: 30 * MIN,
  ...over,
});

/** The session's first event and a part starting with a checkout at `from` minutes. */
const partAt = (origin: StoredEvent, from: number): StoredEvent[] => [origin, ...pageEvents(T0 + from * MIN, 2)];

function player(
  events: StoredEvent[],
  from: number,
  until: number | null,
  c: PlaybackCursor,
  seek: { time: number } | null = null,
) {
  const on = { ready: vi.fn(), time: vi.fn(), finish: vi.fn() };
  const props = {
    events,
    completeFrom: T0 + from * MIN,
    completeUntil: until === null ? null : T0 + until * MIN,
    total: 30 * MIN,
    cursor: c,
    seek,
    onReady: on.ready,
    onTime: on.time,
    onFinish: on.finish,
  };
  const view = render(<Player {...props} />);
  return { on, props, rerender: (p: Partial<typeof props>) => view.rerender(<Player {...props} {...p} />) };
}

beforeEach(() => {
  fake.built = [];
});

/** Two animation frames: the Player's clock reports once per frame while playing. */
const twoFrames = () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));

describe('the Player holding a part of a session', () => {
  const origin = pageEvents(T0, 0)[0]!;

  it('reports the session’s length, not the part’s, and opens inside the part', () => {
    const { on } = player(partAt(origin, 10), 10, 15, cursor(), { time: 12 * MIN });
    expect(on.ready).toHaveBeenCalledWith(30 * MIN);
    expect(fake.built[0]!.calls).toEqual([`pause ${12 * MIN + 1}`]);
  });

  it('leaves a seek outside the part to the part that has it, and stops the playing one from reporting', async () => {
    const events = partAt(origin, 10);
    const t = { time: 11 * MIN };
    const { on, rerender } = player(events, 10, 15, cursor({ time: t.time, playing: true }), t);
    const r = fake.built[0]!;
    await act(() => twoFrames());
    expect(r.calls).toContain(`play ${11 * MIN}`);
    expect(on.time).toHaveBeenCalled();

    // A seek to minute 2, outside [10, 15): the playing part pauses and reports no more.
    on.time.mockClear();
    rerender({ cursor: cursor({ time: 2 * MIN, playing: true }), seek: { time: 2 * MIN } });
    expect(r.calls.at(-1)).toBe('pause');
    await act(() => twoFrames());
    expect(on.time).not.toHaveBeenCalled();

    // The part with minute 2 arrives: a new Replayer plays from the seek.
    rerender({
      events: partAt(origin, 0).slice(1),
      completeFrom: T0,
      completeUntil: T0 + 10 * MIN,
      cursor: cursor({ time: 2 * MIN, playing: true }),
      seek: { time: 2 * MIN },
    });
    expect(r.calls.at(-1)).toBe('destroy');
    expect(fake.built[1]!.calls).toContain(`play ${2 * MIN}`);
  });

  it('waits at the end of a part that is not the session’s end, and plays on once it has grown', async () => {
    const events = partAt(origin, 10);
    const { on, rerender } = player(events, 10, 15, cursor({ time: 10 * MIN, playing: true }));
    const r = fake.built[0]!;
    r.handlers.finish!();
    // Not the session's end: no finish reported.
    expect(on.finish).not.toHaveBeenCalled();
    const next = [...events, ...pageEvents(T0 + 15 * MIN, 1)];
    r.time = 10 * MIN + 20;
    rerender({ events: next, completeUntil: null, cursor: cursor({ time: 10 * MIN + 20, playing: true }) });
    // Grown in place (no new Replayer), then played on from where it waited.
    expect(fake.built).toHaveLength(1);
    expect(r.calls.filter((c) => c.startsWith('add'))).toHaveLength(3);
    expect(r.calls.at(-1)).toBe(`play ${10 * MIN + 20}`);
    // The session's own end is a finish.
    r.handlers.finish!();
    expect(on.finish).toHaveBeenCalledTimes(1);
  });
});
