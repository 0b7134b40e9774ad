import { EventType } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { Retention } from '../../../src/background/retention';
import { SessionStore } from '../../../src/background/store/session-store';
import { readSessionEvents, sessionChunks } from '../../../src/shared/db/read';
import type { SessionStatus } from '../../../src/shared/model';
import { freshDb, makeBatch, metaOf, PAGE_1, SESSION_A } from '../fixtures/db';
import {
  clickEvent,
  fullSnapshotEvent,
  metaEvent,
  mutationEvent,
  pageEvents,
  SHOP_URL,
} from '../fixtures/rrweb-events';
import { buildRequestRecord, requestSpan } from '../../../src/background/network/request-record';
import { observation, wrapperRecord } from '../fixtures/network';

const T0 = 1_700_000_000_000;
const MiB = 1024 * 1024;

function setup() {
  const { db } = freshDb();
  const store = new SessionStore(db);
  return { db, store, retention: new Retention(store) };
}

async function sessionWith(
  store: SessionStore,
  id: string,
  o: { startedAt: number; status: SessionStatus; mb?: number; pinned?: boolean },
) {
  await store.create({
    id,
    tabId: 1,
    trigger: 'manual',
    buffer: o.status === 'buffer',
    url: SHOP_URL,
    title: '',
    now: o.startedAt,
  });
  await store.update(id, (s) => ({
    ...s,
    status: o.status,
    storedBytes: (o.mb ?? 1) * MiB,
    pinned: o.pinned ?? false,
  }));
}

/** The stored counters of a session must always equal what its chunks hold. */
async function expectCountersMatchChunks(setupDb: ReturnType<typeof setup>, id: string) {
  const chunks = await sessionChunks(await setupDb.db(), id);
  const session = (await setupDb.store.get(id))!;
  expect({
    chunkCount: session.chunkCount,
    eventCount: session.eventCount,
    storedBytes: session.storedBytes,
    rawBytes: session.rawBytes,
  }).toEqual({
    chunkCount: chunks.length,
    eventCount: chunks.reduce((n, c) => n + c.count, 0),
    storedBytes: chunks.reduce((n, c) => n + c.bytes.byteLength, 0),
    rawBytes: chunks.reduce((n, c) => n + c.rawBytes, 0),
  });
}

describe('Retention.evictOldest', () => {
  it('evicts the oldest finished, unpinned session, never a live or pinned one', async () => {
    const s = setup();
    const ids = ['1', '2', '3', '4', '5', '6'].map((d) => d.repeat(32));
    await sessionWith(s.store, ids[0]!, { startedAt: T0, status: 'recording' });
    await sessionWith(s.store, ids[1]!, { startedAt: T0 + 1, status: 'buffer' });
    await sessionWith(s.store, ids[2]!, { startedAt: T0 + 2, status: 'complete', pinned: true });
    await sessionWith(s.store, ids[3]!, { startedAt: T0 + 4, status: 'complete' });
    await sessionWith(s.store, ids[4]!, { startedAt: T0 + 3, status: 'interrupted' });
    await sessionWith(s.store, ids[5]!, { startedAt: T0 + 5, status: 'complete' });

    expect((await s.retention.evictOldest())?.id).toBe(ids[4]);
    expect((await s.retention.evictOldest())?.id).toBe(ids[3]);
    expect((await s.retention.evictOldest())?.id).toBe(ids[5]);
    expect(await s.retention.evictOldest()).toBeNull();
    expect((await s.store.all()).map((x) => [x.id, x.status, x.pinned])).toEqual([
      [ids[0], 'recording', false],
      [ids[1], 'buffer', false],
      [ids[2], 'complete', true],
    ]);
  });

  it('deletes the chunks of an evicted session', async () => {
    const s = setup();
    await s.store.create({ id: SESSION_A, tabId: 1, trigger: 'manual', url: SHOP_URL, title: '', now: T0 });
    const events = pageEvents(T0, 1);
    await s.store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));
    await s.store.finish(SESSION_A, 'complete', 'stopped', T0 + 10);

    expect((await s.retention.evictOldest())?.id).toBe(SESSION_A);

    expect(await s.store.get(SESSION_A)).toBeUndefined();
    expect(await (await s.db()).count('chunks')).toBe(0);
  });
});

describe('Retention.enforceBudget', () => {
  it('evicts oldest first until the stored bytes fit the budget', async () => {
    const s = setup();
    const [a, b, c] = ['a', 'b', 'c'].map((d) => d.repeat(32));
    await sessionWith(s.store, a!, { startedAt: T0, status: 'complete', mb: 4 });
    await sessionWith(s.store, b!, { startedAt: T0 + 1, status: 'complete', mb: 4 });
    await sessionWith(s.store, c!, { startedAt: T0 + 2, status: 'complete', mb: 4 });

    const deleted = await s.retention.enforceBudget(8 * MiB);

    expect(deleted.map((d) => d.id)).toEqual([a]);
    expect((await s.store.all()).map((x) => [x.id, x.storedBytes])).toEqual([
      [b, 4 * MiB],
      [c, 4 * MiB],
    ]);
  });

  it('deletes nothing within the budget', async () => {
    const s = setup();
    await sessionWith(s.store, SESSION_A, { startedAt: T0, status: 'complete', mb: 4 });
    expect(await s.retention.enforceBudget(4 * MiB)).toEqual([]);
    expect(await s.store.get(SESSION_A)).toMatchObject({ id: SESSION_A, status: 'complete' });
  });

  it('keeps live and pinned sessions even over the budget, and evicts the others', async () => {
    const s = setup();
    const [live, pinned, old] = ['a', 'b', 'c'].map((d) => d.repeat(32));
    await sessionWith(s.store, live!, { startedAt: T0, status: 'recording', mb: 50 });
    await sessionWith(s.store, pinned!, { startedAt: T0 + 1, status: 'complete', mb: 50, pinned: true });
    await sessionWith(s.store, old!, { startedAt: T0 + 2, status: 'interrupted', mb: 1 });
    expect((await s.retention.enforceBudget(10 * MiB)).map((x) => x.id)).toEqual([old]);
    expect((await s.store.all()).map((x) => x.id)).toEqual([live, pinned]);
  });
});

describe('Retention.cutBuffer', () => {
  /** A buffer of one document: snapshot at 0 s, a checkout (Meta + full snapshot) at 100 s preceded by a click. */
  async function buffer(s: ReturnType<typeof setup>) {
    await s.store.create({ id: SESSION_A, tabId: 1, trigger: 'auto', buffer: true, url: SHOP_URL, title: '', now: T0 });
    const chunks = [
      pageEvents(T0, 1),
      [mutationEvent(T0 + 60_000)],
      [clickEvent(T0 + 95_000), metaEvent(T0 + 100_000), fullSnapshotEvent(T0 + 100_001)],
      [mutationEvent(T0 + 150_000)],
    ];
    for (const [seq, events] of chunks.entries())
      await s.store.append(makeBatch(SESSION_A, PAGE_1, seq, events), metaOf(events));
  }

  it('drops the chunks before the last full snapshot at or before the cutoff, keeping the counters true', async () => {
    const s = setup();
    await buffer(s);

    await s.retention.cutBuffer(SESSION_A, T0 + 130_000, false);

    const chunks = await sessionChunks(await s.db(), SESSION_A);
    expect(chunks.map((c) => c.seq)).toEqual([2, 3]);
    expect((await s.store.get(SESSION_A))!.startedAt).toBe(T0 + 95_000);
    await expectCountersMatchChunks(s, SESSION_A);
  });

  it('with trim, also drops the events before the snapshot inside its chunk', async () => {
    const s = setup();
    await buffer(s);

    await s.retention.cutBuffer(SESSION_A, T0 + 130_000, true);

    const { events, problems } = await readSessionEvents(await s.db(), SESSION_A);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.timestamp)).toEqual([T0 + 100_000, T0 + 100_001, T0 + 150_000]);
    expect((await s.store.get(SESSION_A))!.startedAt).toBe(T0 + 100_000);
    await expectCountersMatchChunks(s, SESSION_A);
  });

  it('drops the performanceSpans of requests made before the cut with the other old events', async () => {
    const s = setup();
    await buffer(s);
    for (const [id, at] of [
      ['13417', T0 + 30_000],
      ['13418', T0 + 140_000],
    ] as const) {
      const r = buildRequestRecord(
        observation({ sessionId: SESSION_A, requestId: id, startTs: at, endTs: at + 40 }),
        null,
        { headers: [], queryParams: [] },
      );
      await s.store.appendRequest(r, requestSpan(r));
    }

    await s.retention.cutBuffer(SESSION_A, T0 + 130_000, true);

    const { events } = await readSessionEvents(await s.db(), SESSION_A);
    expect(events.filter((e) => e.type === EventType.Custom).map((e) => e.timestamp)).toEqual([T0 + 140_000]);
    await expectCountersMatchChunks(s, SESSION_A);
  });

  // Regression: a cut once left the dropped spans' records in the request index, so a buffer kept hours of
  // requests (URLs, headers, bodies) outside its window and outside the storage budget.
  it('drops the request records made before the cut from the request index too', async () => {
    const s = setup();
    await buffer(s);
    for (const [id, at] of [
      ['13417', T0 + 30_000],
      ['13418', T0 + 140_000],
    ] as const) {
      const r = buildRequestRecord(
        observation({ sessionId: SESSION_A, requestId: id, startTs: at, endTs: at + 40 }),
        wrapperRecord({ startTs: at, endTs: at + 40 }),
        { headers: [], queryParams: [] },
      );
      await s.store.appendRequest(r, requestSpan(r));
    }

    await s.retention.cutBuffer(SESSION_A, T0 + 130_000, true);

    expect((await (await s.db()).getAll('requests')).map((r) => r.id)).toEqual(['13418']);
  });

  it('changes nothing when no snapshot is old enough to cut at', async () => {
    const s = setup();
    await buffer(s);
    const before = await s.store.get(SESSION_A);

    await s.retention.cutBuffer(SESSION_A, T0 - 1, true);

    expect(await s.store.get(SESSION_A)).toEqual(before);
    expect((await sessionChunks(await s.db(), SESSION_A)).map((c) => c.seq)).toEqual([0, 1, 2, 3]);
  });
});
