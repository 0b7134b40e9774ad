import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../../src/background/store/session-store';
import { encodeChunk } from '../../../../src/shared/chunk-codec';
import {
  listSessions,
  readSessionEvents,
  readSessionEventsAfter,
  readSessionEventsTail,
  sessionChunks,
} from '../../../../src/shared/db/read';
import { freshDb, makeBatch, metaOf, PAGE_1, PAGE_2, SESSION_A, SESSION_B } from '../../fixtures/db';
import { CART_URL, metaEvent, mutationEvent, pageEvents, SHOP_URL } from '../../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;

async function withSession(id = SESSION_A) {
  const { db } = freshDb();
  const store = new SessionStore(db);
  await store.create({ id, tabId: 1, trigger: 'manual', url: SHOP_URL, title: 'Shop', now: T0 });
  return { db, store };
}

describe('readSessionEventsAfter (live mode)', () => {
  it('returns only the chunks stored since the last read, with their keys', async () => {
    const { db, store } = await withSession();
    const first = pageEvents(T0 + 100, 2);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, first), metaOf(first));
    const read = await readSessionEvents(await db(), SESSION_A);
    expect(read.chunks).toEqual([`${PAGE_1}/0`]);
    const later = [mutationEvent(T0 + 120), mutationEvent(T0 + 900)];
    await store.append(makeBatch(SESSION_A, PAGE_1, 1, later), metaOf(later));
    const newest = read.events.at(-1)!.timestamp;
    const after = await readSessionEventsAfter(await db(), SESSION_A, newest, new Set(read.chunks));
    // An event at the same millisecond as the newest one read is still new: chunks, not times, decide.
    expect(after.events).toEqual(later);
    expect(after.chunks).toEqual([`${PAGE_1}/1`]);
    const again = await readSessionEventsAfter(
      await db(),
      SESSION_A,
      T0 + 900,
      new Set([...read.chunks!, ...after.chunks!]),
    );
    expect(again.events).toEqual([]);
  });
});

describe('readSessionEventsAfter on a compacted chunk', () => {
  /** A compacted chunk of batches 0..2 of PAGE_1 (two events each), put directly with `batchCounts` as given. */
  async function compacted(batchCounts: number[]) {
    const { db, store } = await withSession();
    const events = [0, 1, 2, 3, 4, 5].map((i) => mutationEvent(T0 + i * 100, `m${i}`, 100 + i));
    const encoded = await encodeChunk(JSON.stringify(events));
    await (await db()).put('chunks', {
      sessionId: SESSION_A,
      pageId: PAGE_1,
      seq: 0,
      lastSeq: 2,
      batchCounts,
      firstTs: T0,
      lastTs: T0 + 500,
      count: 6,
      snapshotTs: null,
      ...encoded,
    });
    return { db, store, events };
  }

  it('returns only the batches not seen, and names every batch it holds', async () => {
    const { db, events } = await compacted([2, 2, 2]);
    const read = await readSessionEventsAfter(await db(), SESSION_A, T0, new Set([`${PAGE_1}/0`, `${PAGE_1}/2`]));
    expect(read.events).toEqual(events.slice(2, 4));
    expect(read.chunks).toEqual([`${PAGE_1}/0`, `${PAGE_1}/1`, `${PAGE_1}/2`]);
  });

  it('treats it as one unit, seen with its first batch, when its batch counts do not add up', async () => {
    const { db, events } = await compacted([2, 2]);
    const seenFirst = new Set([`${PAGE_1}/0`]);
    expect((await readSessionEventsAfter(await db(), SESSION_A, T0, seenFirst)).events).toEqual([]);
    expect((await readSessionEventsAfter(await db(), SESSION_A, T0, new Set([`${PAGE_1}/1`]))).events).toEqual(events);
  });
});

describe('readSessionEventsTail (first frame of a long session)', () => {
  it('reads the first chunk and the chunks from the last replay start on, and says from when it is complete', async () => {
    const { db, store } = await withSession();
    // Three checkouts: 0-2 s, 10 s, 20 s; batches in between hold only mutations.
    const batches = [
      pageEvents(T0, 1),
      [mutationEvent(T0 + 5000)],
      pageEvents(T0 + 10_000, 1),
      [mutationEvent(T0 + 15_000)],
      pageEvents(T0 + 20_000, 1),
      [mutationEvent(T0 + 25_000), mutationEvent(T0 + 26_000)],
    ];
    for (const [seq, events] of batches.entries())
      await store.append(makeBatch(SESSION_A, PAGE_1, seq, events), metaOf(events));

    const tail = await readSessionEventsTail(await db(), SESSION_A);
    const whole = await readSessionEvents(await db(), SESSION_A);

    expect(tail.chunks).toEqual([`${PAGE_1}/0`, `${PAGE_1}/4`, `${PAGE_1}/5`]);
    expect(tail.completeFrom).toBe(T0 + 20_000);
    // The same time origin and end as the whole session, and every event from the last replay start on.
    expect(tail.events[0]).toEqual(whole.events[0]);
    expect(tail.events.at(-1)).toEqual(whole.events.at(-1));
    expect(tail.events.filter((e) => e.timestamp >= T0 + 20_000)).toEqual(
      whole.events.filter((e) => e.timestamp >= T0 + 20_000),
    );
    expect(tail.events.some((e) => e.timestamp === T0 + 15_000)).toBe(false);
  });

  it('is the whole session, with no completeFrom, when its only replay start is in the first chunk', async () => {
    const { db, store } = await withSession();
    const first = pageEvents(T0, 1);
    const later = [mutationEvent(T0 + 5000)];
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, first), metaOf(first));
    await store.append(makeBatch(SESSION_A, PAGE_1, 1, later), metaOf(later));
    const tail = await readSessionEventsTail(await db(), SESSION_A);
    expect(tail.completeFrom).toBeUndefined();
    expect(tail.events).toEqual((await readSessionEvents(await db(), SESSION_A)).events);
  });
});

describe('readSessionEvents', () => {
  it("returns every event of a session's two documents in time order", async () => {
    const { db, store } = await withSession();
    // Document 1 records two batches; document 2 (after a navigation) starts while document 1's last
    // batch is still in flight, so their events interleave in time.
    const page1a = pageEvents(T0 + 100, 2); // 100, 101, 110, 120
    const page1b = [mutationEvent(T0 + 300), mutationEvent(T0 + 320)];
    const page2 = [metaEvent(T0 + 310, CART_URL), ...pageEvents(T0 + 311, 1, CART_URL).slice(1)]; // 310, 312, 321
    await store.append(makeBatch(SESSION_A, PAGE_2, 0, page2, { url: CART_URL, title: 'Cart' }), metaOf(page2));
    await store.append(makeBatch(SESSION_A, PAGE_1, 1, page1b), metaOf(page1b));
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, page1a), metaOf(page1a));

    const { events, problems } = await readSessionEvents(await db(), SESSION_A);

    expect(problems).toEqual([]);
    expect(events.map((e) => e.timestamp)).toEqual([100, 101, 110, 120, 300, 310, 312, 320, 321].map((t) => T0 + t));
    expect(events).toHaveLength(page1a.length + page1b.length + page2.length);
    // The events come back whole, not just their type and timestamp.
    expect(events[0]).toEqual(page1a[0]);
    expect(events.find((e) => e.timestamp === T0 + 310)).toEqual(page2[0]);
  });

  it('returns only the asked session', async () => {
    const { db, store } = await withSession();
    await store.create({ id: SESSION_B, tabId: 2, trigger: 'auto', url: CART_URL, title: 'Cart', now: T0 });
    const a = pageEvents(T0, 1);
    const b = pageEvents(T0 + 5, 3);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, a), metaOf(a));
    await store.append(makeBatch(SESSION_B, PAGE_1, 0, b), metaOf(b));

    expect((await readSessionEvents(await db(), SESSION_A)).events).toEqual(a);
    expect((await readSessionEvents(await db(), SESSION_B)).events).toEqual(b);
  });

  it('returns nothing and no problem for a session without chunks', async () => {
    const { db } = await withSession();
    expect(await readSessionEvents(await db(), SESSION_A)).toEqual({ events: [], problems: [], gaps: [], chunks: [] });
  });

  it('skips a corrupt chunk with one problem line and returns the events of the others', async () => {
    const { db, store } = await withSession();
    const good1 = pageEvents(T0, 1);
    const good2 = [mutationEvent(T0 + 900)];
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, good1), metaOf(good1));
    await store.append(makeBatch(SESSION_A, PAGE_1, 2, good2), metaOf(good2));
    // Seq 1 was damaged on disk: its bytes are not gzip at all.
    await (await db()).put('chunks', {
      sessionId: SESSION_A,
      pageId: PAGE_1,
      seq: 1,
      firstTs: T0 + 500,
      lastTs: T0 + 600,
      count: 4,
      codec: 'gzip',
      bytes: new Uint8Array([0x1f, 0x8b, 0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef]),
      rawBytes: 400,
    });

    const { events, problems, gaps } = await readSessionEvents(await db(), SESSION_A);

    // The mutation after the hole changes nodes the lost chunk may have made: dropped until a full snapshot.
    expect(events).toEqual(good1);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^chunk ${PAGE_1}/1: `));
    expect(gaps).toEqual([{ from: T0 + 500, to: T0 + 600, resumesAt: null, chunks: 1 }]);
  });

  it('reports a chunk that decodes but is not a list of rrweb events', async () => {
    const { db, store } = await withSession();
    const good = pageEvents(T0, 1);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, good), metaOf(good));
    const put = async (seq: number, json: string) => {
      const encoded = await encodeChunk(json);
      await (await db()).put('chunks', {
        sessionId: SESSION_A,
        pageId: PAGE_2,
        seq,
        firstTs: T0 + seq,
        lastTs: T0 + seq,
        count: 1,
        codec: encoded.codec,
        bytes: encoded.bytes,
        rawBytes: encoded.rawBytes,
      });
    };
    await put(0, '[{"type":"meta","timestamp":1}]');
    await put(1, '{"not":"an array"');
    await put(2, '[]');

    const { events, problems } = await readSessionEvents(await db(), SESSION_A);

    expect(events).toEqual(good);
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([0, 1, 2].map((seq) => `chunk ${PAGE_2}/${seq}`));
  });
});

describe('sessionChunks', () => {
  it("returns one session's chunks ordered by their first event", async () => {
    const { db, store } = await withSession();
    const late = pageEvents(T0 + 2000, 1);
    const early = pageEvents(T0 + 1000, 1);
    await store.append(makeBatch(SESSION_A, PAGE_2, 0, late), metaOf(late));
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, early), metaOf(early));

    const chunks = await sessionChunks(await db(), SESSION_A);
    expect(chunks.map((c) => [c.pageId, c.firstTs])).toEqual([
      [PAGE_1, T0 + 1000],
      [PAGE_2, T0 + 2000],
    ]);
  });
});

describe('listSessions', () => {
  it('lists sessions newest first', async () => {
    const { db } = freshDb();
    const store = new SessionStore(db);
    const ids = ['1', '2', '3'].map((d) => d.repeat(32));
    // Created out of order: the list is ordered by start time, not by insertion.
    await store.create({ id: ids[1]!, tabId: 1, trigger: 'manual', url: SHOP_URL, title: '', now: T0 + 2000 });
    await store.create({ id: ids[0]!, tabId: 1, trigger: 'manual', url: SHOP_URL, title: '', now: T0 + 1000 });
    await store.create({ id: ids[2]!, tabId: 1, trigger: 'auto', url: SHOP_URL, title: '', now: T0 + 3000 });

    const list = await listSessions(await db());
    expect(list.map((s) => s.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('is empty for a new database', async () => {
    const { db } = freshDb();
    expect(await listSessions(await db())).toEqual([]);
  });
});
