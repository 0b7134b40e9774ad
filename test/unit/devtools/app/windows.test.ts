import type { eventWithTime } from '@rrweb/types';
import { EventType } from '@rrweb/types';
import { describe, expect, it, vi } from 'vitest';
import { GROW_LEAD_MS, windowAround } from '../../../../src/devtools/app/windows';
import type { SessionEvents } from '../../../../src/shared/db/read';
import { listEvents, type Segment, type SessionOutline } from '../../../../src/shared/db/segments';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, summary, T0 } from '../fixtures';
import { testPanel } from '../test-panel';

const MB = 2 ** 20;
const TEN_MIN = 600_000;
const crumb = (timestamp: number, message: string): eventWithTime => ({
  type: EventType.Custom,
  timestamp,
  data: { tag: 'breadcrumb', payload: { category: 'console', level: 'log', message } },
});

/** A 30-minute session of three 10-minute segments, each starting with a checkout (Meta + full snapshot). */
function session(rawBytes: number) {
  const parts = [0, 1, 2].map((i) => [...pageEvents(T0 + i * TEN_MIN, 3), crumb(T0 + i * TEN_MIN + 100, `part ${i}`)]);
  const whole = parts.flat();
  const segments: Segment[] = parts.map((_, i) => ({
    firstTs: T0 + i * TEN_MIN,
    from: T0 + i * TEN_MIN,
    until: i < 2 ? T0 + (i + 1) * TEN_MIN : null,
    rawBytes,
  }));
  // The tail read: the first chunk (its first two events) and the last segment.
  const tail: SessionEvents = {
    events: [whole[0]!, whole[1]!, ...parts[2]!],
    problems: [],
    completeFrom: T0 + 2 * TEN_MIN,
  };
  const outline: SessionOutline = {
    events: listEvents(whole),
    problems: [],
    segments,
    end: whole.at(-1)!.timestamp,
    // The one-pass read kept the last segment decoded (the one the player opens on).
    decoded: new Map([[2, parts[2]!]]),
  };
  const reads: number[] = [];
  const panel = testPanel(
    { listSessions: async () => [summary(A)], getTraceSources: async () => ({ sources: [] }) },
    {
      tabId: null,
      tail: { [A]: tail },
      outline: { [A]: outline },
      segments: { [A]: Object.fromEntries(parts.map((events, i) => [T0 + i * TEN_MIN, { events, problems: [] }])) },
    },
  );
  const read = panel.host.readSegment.bind(panel.host);
  panel.host.readSegment = (id, segment) => {
    reads.push(segments.indexOf(segments.find((s) => s.firstTs === segment.firstTs)!));
    return read(id, segment);
  };
  const stop = panel.controller.connect();
  panel.store.dispatch({ type: 'sessions', sessions: [summary(A)] });
  panel.controller.select(A);
  const state = () => panel.store.getState();
  const frames = () => state().replay.loaded?.frames;
  return { panel, parts, whole, tail, outline, reads, stop, state, frames };
}

describe('windowAround', () => {
  const seg = (rawBytes: number): Segment => ({ firstTs: 0, from: 0, until: null, rawBytes });
  it('holds the segment asked for, then later ones, then earlier ones, within the budget', () => {
    const segments = [seg(10), seg(10), seg(10), seg(10), seg(10)];
    expect(windowAround(segments, 2, 30)).toEqual([2, 4]);
    expect(windowAround(segments, 3, 30)).toEqual([2, 4]);
    expect(windowAround(segments, 0, 1000)).toEqual([0, 4]);
    // A segment larger than the budget is still held, alone.
    expect(windowAround([seg(10), seg(99), seg(10)], 1, 30)).toEqual([1, 1]);
  });
});

describe('a long session, read in segments', () => {
  it('gives the lists the whole session while the player keeps the tail it opened on', async () => {
    const { tail, outline, stop, state, frames } = session(30 * MB);
    await vi.waitFor(() => expect(frames()).toBeDefined());
    expect(frames()!.events).toBe(tail.events);
    expect(frames()!.from).toBe(T0 + 2 * TEN_MIN);
    expect(frames()!.until).toBeNull();
    expect(state().replay.loaded!.events).toBe(outline.events);
    expect(state().replay.loaded!.end).toBe(outline.end);
    stop();
  });

  it('holds only the part around the playhead: a seek elsewhere reads that part, the origin event first', async () => {
    const { parts, outline, reads, stop, state, frames, panel } = session(30 * MB);
    await vi.waitFor(() => expect(frames()).toBeDefined());
    panel.store.dispatch({ type: 'replay-ready', total: outline.end - T0 });

    panel.store.dispatch({ type: 'seek', time: 1000 });
    await vi.waitFor(() => expect(frames()!.from).toBe(T0));
    expect(frames()!.events).toEqual(parts[0]);
    expect(frames()!.until).toBe(T0 + TEN_MIN);

    panel.store.dispatch({ type: 'seek', time: TEN_MIN + 5000 });
    await vi.waitFor(() => expect(frames()!.from).toBe(T0 + TEN_MIN));
    // The session's first event keeps the player's clock at the session's start.
    expect(frames()!.events[0]).toBe(outline.events[0]);
    expect(frames()!.events.slice(1)).toEqual(parts[1]);
    expect(frames()!.until).toBe(T0 + 2 * TEN_MIN);
    // The lists never changed.
    expect(state().replay.loaded!.events).toBe(outline.events);

    // Back to the first part: decoded already, not read again; the last part was never read (the outline kept it).
    panel.store.dispatch({ type: 'seek', time: 2000 });
    await vi.waitFor(() => expect(frames()!.from).toBe(T0));
    expect(reads).toEqual([0, 1]);
    stop();
  });

  it('grows the part as playback nears its end, so playing on needs no rebuild', async () => {
    const { parts, outline, reads, stop, frames, panel } = session(30 * MB);
    await vi.waitFor(() => expect(frames()).toBeDefined());
    panel.store.dispatch({ type: 'replay-ready', total: outline.end - T0 });
    panel.store.dispatch({ type: 'seek', time: TEN_MIN + 1000 });
    await vi.waitFor(() => expect(frames()!.from).toBe(T0 + TEN_MIN));
    const before = frames()!;

    panel.store.dispatch({ type: 'play' });
    panel.store.dispatch({ type: 'playback-time', time: 2 * TEN_MIN - GROW_LEAD_MS - 1000 });
    expect(frames()).toBe(before);
    panel.store.dispatch({ type: 'playback-time', time: 2 * TEN_MIN - GROW_LEAD_MS + 1000 });
    await vi.waitFor(() => expect(frames()!.until).toBeNull());
    const grown = frames()!;
    expect(grown.from).toBe(before.from);
    // The same events first (the Player adds only the new ones to its Replayer), then the next part.
    expect(grown.events.slice(0, before.events.length)).toEqual(before.events);
    expect(grown.events.slice(0, before.events.length).every((e, i) => e === before.events[i])).toBe(true);
    expect(grown.events.slice(before.events.length)).toEqual(parts[2]);
    expect(reads).toEqual([1]);
    stop();
  });

  it('holds the whole session when it fits', async () => {
    const { whole, stop, frames, panel, outline } = session(1000);
    await vi.waitFor(() => expect(frames()).toBeDefined());
    panel.store.dispatch({ type: 'replay-ready', total: outline.end - T0 });
    panel.store.dispatch({ type: 'seek', time: 1000 });
    await vi.waitFor(() => expect(frames()!.from).toBe(T0));
    expect(frames()!.events).toEqual(whole);
    expect(frames()!.until).toBeNull();
    stop();
  });

  it('says so when a part cannot be read, and keeps what it holds', async () => {
    const { stop, state, frames, panel, outline } = session(30 * MB);
    await vi.waitFor(() => expect(frames()).toBeDefined());
    let attempts = 0;
    panel.host.readSegment = async () => {
      attempts++;
      throw new Error('chunk store gone');
    };
    panel.store.dispatch({ type: 'replay-ready', total: outline.end - T0 });
    const held = frames();
    panel.store.dispatch({ type: 'seek', time: 1000 });
    await vi.waitFor(() => expect(state().notices.error).toContain('chunk store gone'));
    expect(state().notices.error).toContain('Could not read this part of the session');
    expect(frames()).toBe(held);
    // Not tried again on every change of the store (the clock ticks many times a second), only for another part.
    panel.store.dispatch({ type: 'speed', speed: 2 });
    expect(attempts).toBe(1);
    panel.store.dispatch({ type: 'seek', time: TEN_MIN + 1000 });
    await vi.waitFor(() => expect(attempts).toBe(2));
    stop();
  });
});
