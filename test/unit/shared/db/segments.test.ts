import { EventType, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../../src/background/store/session-store';
import { readSessionEvents } from '../../../../src/shared/db/read';
import { drawsUntil, readSegment, readSessionOutline, segmentAt, segmentsOf } from '../../../../src/shared/db/segments';
import { freshDb, makeBatch, metaOf, PAGE_1, SESSION_A } from '../../fixtures/db';
import { mutationEvent, pageEvents, SHOP_URL } from '../../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;

const crumb = (timestamp: number, message: string): eventWithTime => ({
  type: EventType.Custom,
  timestamp,
  data: { tag: 'breadcrumb', payload: { category: 'console', level: 'log', message } },
});

/** Three checkouts (0, 10 s, 20 s) of one document, a console line in each part, mutations between. */
const BATCHES: eventWithTime[][] = [
  [...pageEvents(T0, 1), crumb(T0 + 50, 'one')],
  [mutationEvent(T0 + 5000)],
  [...pageEvents(T0 + 10_000, 1), crumb(T0 + 10_050, 'two')],
  [mutationEvent(T0 + 15_000)],
  [...pageEvents(T0 + 20_000, 1), crumb(T0 + 20_050, 'three')],
  [mutationEvent(T0 + 25_000), mutationEvent(T0 + 26_000)],
];

async function recorded() {
  const { db } = freshDb();
  const store = new SessionStore(db);
  await store.create({ id: SESSION_A, tabId: 1, trigger: 'manual', url: SHOP_URL, title: 'Shop', now: T0 });
  for (const [seq, events] of BATCHES.entries())
    await store.append(makeBatch(SESSION_A, PAGE_1, seq, events), metaOf(events));
  return db;
}

describe('segmentsOf', () => {
  it('starts a segment at every chunk holding a replay start, and sums its chunks’ sizes', () => {
    const chunk = (firstTs: number, snapshotTs: number | null, rawBytes = 10) => ({
      firstTs,
      lastTs: firstTs + 500,
      rawBytes,
      snapshotTs,
    });
    const segments = segmentsOf([chunk(0, 1), chunk(1000, null), chunk(2000, 2100, 5), chunk(3000, null, 7)]);
    expect(segments).toEqual([
      { firstTs: 0, from: 0, until: 2000, rawBytes: 20 },
      { firstTs: 2000, from: 2100, until: null, rawBytes: 12 },
    ]);
    // A time between a segment's first chunk and its snapshot is drawn by the segment before.
    expect(segmentAt(segments, 2050)).toBe(0);
    expect(segmentAt(segments, 2100)).toBe(1);
    expect(drawsUntil(segments, 0)).toBe(2100);
    expect(drawsUntil(segments, 1)).toBeNull();
    // A session whose first chunk has no snapshot still has a first segment from its start.
    expect(segmentsOf([chunk(5, null)])).toEqual([{ firstTs: 5, from: 5, until: null, rawBytes: 10 }]);
  });
});

describe('readSessionOutline', () => {
  it('gives every list event of the whole session, its segments, its end, and keeps what fits decoded', async () => {
    const db = await recorded();
    const whole = await readSessionEvents(await db(), SESSION_A);
    const everything = await readSessionOutline(await db(), SESSION_A, Infinity);

    expect(everything.segments.map((s) => [s.firstTs - T0, s.from - T0, s.until && s.until - T0])).toEqual([
      [0, 0, 10_000],
      [10_000, 10_000, 20_000],
      [20_000, 20_000, null],
    ]);
    expect(everything.end).toBe(T0 + 26_000);
    // The lists' events: no snapshots, except the session's own first event (the time origin), which is Meta.
    expect(everything.events[0]).toEqual(whole.events[0]);
    expect(everything.events.filter((e) => e.type === EventType.FullSnapshot)).toEqual([]);
    expect(everything.events.filter((e) => e.type === EventType.IncrementalSnapshot)).toEqual([]);
    expect(everything.events.filter((e) => e.type === EventType.Custom)).toEqual(
      whole.events.filter((e) => e.type === EventType.Custom),
    );
    expect(everything.chunks).toEqual(whole.chunks);
    // Every segment kept decoded: together they are the whole session.
    expect([...everything.decoded.keys()].sort()).toEqual([0, 1, 2]);
    expect([0, 1, 2].flatMap((i) => everything.decoded.get(i)!)).toEqual(whole.events);

    // A budget for one segment keeps only the last (where the player opens); a segment read later is what the
    // outline would have kept.
    const one = await readSessionOutline(await db(), SESSION_A, everything.segments[2]!.rawBytes);
    expect([...one.decoded.keys()]).toEqual([2]);
    expect(one.events).toEqual(everything.events);
    const second = await readSegment(await db(), SESSION_A, one.segments[1]!);
    expect(second.events).toEqual(everything.decoded.get(1));
    expect(second.events.every((e) => e.timestamp >= T0 + 10_000 && e.timestamp < T0 + 20_000)).toBe(true);
  });

  it('marks where the replay draws again after an unreadable chunk at a segment’s end: the next segment', async () => {
    const db = await recorded();
    const chunk = (await (await db()).getAllFromIndex('chunks', 'bySessionTime')).find((c) => c.seq === 3)!;
    await (await db()).put('chunks', { ...chunk, bytes: new Uint8Array([0x1f, 0x8b, 0x00, 0x13]) });

    const outline = await readSessionOutline(await db(), SESSION_A, Infinity);

    expect(outline.problems).toHaveLength(1);
    expect(outline.gaps).toEqual([{ from: T0 + 15_000, to: T0 + 15_000, resumesAt: T0 + 20_000, chunks: 1 }]);
    expect(outline.gaps).toEqual((await readSessionEvents(await db(), SESSION_A)).gaps);
  });
});
