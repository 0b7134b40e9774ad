import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import type { PlanOptions } from '../../../../src/background/compaction/plan';
import { Retention } from '../../../../src/background/retention';
import { SessionStore, type SessionStoreOptions } from '../../../../src/background/store/session-store';
import { decodeChunk } from '../../../../src/shared/chunk-codec';
import { readSessionEvents, readSessionEventsAfter, readSessionEventsTail } from '../../../../src/shared/db/read';
import type { TandemDb } from '../../../../src/shared/db/schema';
import type { ChunkRecord } from '../../../../src/shared/model';
import { freshDb, makeBatch, metaOf, newSession, PAGE_1, PAGE_2, SESSION_A, SESSION_B, T0 } from '../../fixtures/db';
import { clickEvent, mutationEvent, pageEvents } from '../../fixtures/rrweb-events';

const FINISHED: PlanOptions = { finished: true, olderThan: 0, maxRawBytes: 1024 * 1024 };

/** One document: a snapshot, then a batch a second of mutations and clicks; `checkouts` adds replay starts. */
function batches(n: number, checkouts: number[] = []): eventWithTime[][] {
  return Array.from({ length: n }, (_, seq) => {
    const at = T0 + seq * 1000;
    if (seq === 0 || checkouts.includes(seq)) return pageEvents(at, 2);
    return [mutationEvent(at, `item ${seq}`, 100 + seq), clickEvent(at + 300), mutationEvent(at + 600, 'x', 200 + seq)];
  });
}

async function setup(o: { n?: number; checkouts?: number[]; options?: SessionStoreOptions; id?: string } = {}) {
  const { db } = freshDb();
  const store = new SessionStore(db, o.options);
  const list = batches(o.n ?? 6, o.checkouts);
  await record(store, o.id ?? SESSION_A, list);
  return { db, store, list };
}

async function record(store: SessionStore, id: string, list: eventWithTime[][], status = 'recording') {
  await store.create(newSession(id, { buffer: status === 'buffer' }));
  for (const [seq, events] of list.entries()) await store.append(makeBatch(id, PAGE_1, seq, events), metaOf(events));
}

const chunksOf = async (db: () => Promise<TandemDb>, id = SESSION_A): Promise<ChunkRecord[]> =>
  (await db()).getAll('chunks', IDBKeyRange.bound([id], [id, []]));

describe('SessionStore.compact (fake-indexeddb)', () => {
  it("merges a document's batches into one chunk: the same events in order, counters and bytes right", async () => {
    const { db, store, list } = await setup({ n: 6 });
    const before = await readSessionEvents(await db(), SESSION_A);
    const sessionBefore = (await store.get(SESSION_A))!;

    const result = await store.compact(SESSION_A, FINISHED);

    const chunks = await chunksOf(db);
    expect(result).toMatchObject({ replaced: 6, merged: 1, unreadable: [] });
    expect(chunks).toHaveLength(1);
    const merged = chunks[0]!;
    expect(merged).toMatchObject({
      pageId: PAGE_1,
      seq: 0,
      lastSeq: 5,
      batchCounts: list.map((b) => b.length),
      count: list.flat().length,
      firstTs: T0,
      lastTs: T0 + 5600,
      snapshotTs: T0,
      codec: 'gzip-columns',
    });
    // Byte for byte the batches' JSON, key order included: compaction re-encodes, it does not rewrite events.
    expect(await decodeChunk(merged)).toBe(JSON.stringify(list.flat()));
    const after = await readSessionEvents(await db(), SESSION_A);
    expect(after.problems).toEqual([]);
    expect(after.events).toEqual(before.events);
    expect(after.chunks).toEqual(before.chunks);
    const session = (await store.get(SESSION_A))!;
    expect(session).toMatchObject({
      chunkCount: 1,
      eventCount: sessionBefore.eventCount,
      storedBytes: merged.bytes.byteLength,
      rawBytes: merged.rawBytes,
    });
    expect(session.storedBytes).toBeLessThan(sessionBefore.storedBytes);
  });

  it('leaves the old chunks and counters as they were when the merge fails inside its transaction', async () => {
    // The merged chunk cannot be stored (a function is not cloneable): put throws after the delete was asked for.
    const broken: SessionStoreOptions['encodeMerged'] = () =>
      ({ codec: 'gzip', bytes: () => 0, rawBytes: 1 }) as unknown as ReturnType<
        NonNullable<SessionStoreOptions['encodeMerged']>
      >;
    const { db, store } = await setup({ n: 4, options: { encodeMerged: broken } });
    const chunksBefore = await chunksOf(db);
    const sessionBefore = await store.get(SESSION_A);

    await expect(store.compact(SESSION_A, FINISHED)).rejects.toThrow();

    expect(await chunksOf(db)).toEqual(chunksBefore);
    expect(await store.get(SESSION_A)).toEqual(sessionBefore);
  });

  it('lets a live reader that read before the merge get exactly the batches stored since, once', async () => {
    const { db, store, list } = await setup({ n: 6 });
    const first = await readSessionEvents(await db(), SESSION_A);
    const seen = new Set(first.chunks);
    const later = [[mutationEvent(T0 + 6000, 'new', 300)], [clickEvent(T0 + 7000), mutationEvent(T0 + 7100, 'y', 301)]];
    for (const [i, events] of later.entries())
      await store.append(makeBatch(SESSION_A, PAGE_1, list.length + i, events), metaOf(events));

    // Merged between two polls: the new batches are inside the same chunk as the ones already read.
    await store.compact(SESSION_A, FINISHED);
    expect(await chunksOf(db)).toHaveLength(1);

    const newest = first.events.at(-1)!.timestamp;
    const read = await readSessionEventsAfter(await db(), SESSION_A, newest, seen);
    expect(read.events).toEqual(later.flat());
    for (const key of read.chunks!) seen.add(key);
    expect((await readSessionEventsAfter(await db(), SESSION_A, T0 + 7100, seen)).events).toEqual([]);
  });

  it('answers duplicate for a batch resent after its chunk was merged, and stores the next one', async () => {
    const { db, store, list } = await setup({ n: 6 });
    await store.compact(SESSION_A, FINISHED);
    const before = await store.get(SESSION_A);

    const resent = [mutationEvent(T0 + 2000, 'resent', 400)];
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 3, resent), metaOf(resent))).toBe('duplicate');
    expect(await store.get(SESSION_A)).toEqual(before);
    expect(await chunksOf(db)).toHaveLength(1);

    const next = [mutationEvent(T0 + 9000, 'next', 401)];
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, list.length, next), metaOf(next))).toBe('stored');
    // Another document's batch of the same seq is its own.
    expect(await store.append(makeBatch(SESSION_A, PAGE_2, 3, next), metaOf(next))).toBe('stored');
  });

  it('keeps the tail read (first chunk and the last replay start on) the same after the merge', async () => {
    const { db, store } = await setup({ n: 9, checkouts: [3, 6] });
    const tailBefore = await readSessionEventsTail(await db(), SESSION_A);

    await store.compact(SESSION_A, FINISHED);

    expect(await chunksOf(db)).toHaveLength(3);
    const tail = await readSessionEventsTail(await db(), SESSION_A);
    expect(tail.completeFrom).toBe(T0 + 6000);
    expect(tail.completeFrom).toBe(tailBefore.completeFrom);
    expect(tail.events[0]).toEqual(tailBefore.events[0]);
    const from = (e: { timestamp: number }) => e.timestamp >= T0 + 6000;
    expect(tail.events.filter(from)).toEqual(tailBefore.events.filter(from));
  });

  it('keeps a buffer cut at the same full snapshot after the merge', async () => {
    const { db } = freshDb();
    const store = new SessionStore(db);
    const list = batches(9, [3, 6]);
    await record(store, SESSION_A, list);
    await record(store, SESSION_B, list);
    await store.compact(SESSION_A, FINISHED);

    const retention = new Retention(store);
    for (const id of [SESSION_A, SESSION_B]) await retention.cutBuffer(id, T0 + 7000, false);

    const a = await readSessionEvents(await db(), SESSION_A);
    const b = await readSessionEvents(await db(), SESSION_B);
    expect(a.events).toEqual(b.events);
    expect(a.events[0]!.timestamp).toBe(T0 + 6000);
    const [sa, sb] = [(await store.get(SESSION_A))!, (await store.get(SESSION_B))!];
    expect(sa.eventCount).toBe(sb.eventCount);
    expect(sa.startedAt).toBe(sb.startedAt);
  });

  it('never compacts a buffer', async () => {
    const { db } = freshDb();
    const store = new SessionStore(db);
    await record(store, SESSION_A, batches(5), 'buffer');
    expect((await store.compact(SESSION_A, FINISHED)).merged).toBe(0);
    expect(await chunksOf(db)).toHaveLength(5);
  });

  it('leaves a chunk that does not decode as it is, and merges around it', async () => {
    const { db, store } = await setup({ n: 6 });
    const bad = (await (await db()).get('chunks', [SESSION_A, PAGE_1, 2]))!;
    await (await db()).put('chunks', { ...bad, bytes: new Uint8Array([1, 2, 3]) });

    const result = await store.compact(SESSION_A, FINISHED);

    expect(result.unreadable).toEqual([`${PAGE_1}/2`]);
    const chunks = await chunksOf(db);
    expect(chunks.map((c) => [c.seq, c.lastSeq])).toEqual([
      [0, 1],
      [2, undefined],
      [3, 5],
    ]);
    const read = await readSessionEvents(await db(), SESSION_A);
    expect(read.problems).toHaveLength(1);
    expect((await store.get(SESSION_A))!.chunkCount).toBe(3);
  });

  it('records where it got to, so a finished session is not looked at again until a chunk arrives', async () => {
    const { store } = await setup({ n: 3 });
    await store.compact(SESSION_A, FINISHED);
    expect((await store.get(SESSION_A))!.compaction).toEqual({ through: T0 + 2001, chunkCount: 1 });
  });
});
