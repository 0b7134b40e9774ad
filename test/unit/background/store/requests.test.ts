import { afterEach, describe, expect, it, vi } from 'vitest';
import { Database } from '../../../../src/background/store/database';
import { QuotaError, REQUEST_WRITE_DELAY_MS } from '../../../../src/background/store/session-store';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { readSessionEvents } from '../../../../src/shared/db/read';
import type { RequestRecord } from '../../../../src/shared/model';
import { makeBatch, newSession, storeWithFallback, T0, metaOf, PAGE_1, SESSION_A, SESSION_B } from '../../fixtures/db';
import { observation, TRACE_ID, wrapperRecord } from '../../fixtures/network';
import { pageEvents } from '../../fixtures/rrweb-events';

const setup = storeWithFallback;
afterEach(() => {
  vi.restoreAllMocks();
});

/** A request of the shop as network capture stores it (webRequest's observation joined with the wrapper's record). */
function request(sessionId: string, requestId: string, startTs: number): RequestRecord {
  return buildRequestRecord(
    observation({ sessionId, requestId, startTs, endTs: startTs + 40 }),
    wrapperRecord({ sessionId, startTs, endTs: startTs + 40 }),
    { headers: [], queryParams: [] },
  );
}

describe('SessionStore.appendRequest (fake-indexeddb)', () => {
  it('stores the request in the index and its performanceSpan in the session events, and counts it', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0 + 100, 1);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));
    const before = (await store.get(SESSION_A))!;
    const record = request(SESSION_A, '13417', T0 + 150);
    const span = requestSpan(record);

    expect(await store.appendRequest(record, span)).toBe(true);

    const database = await db();
    expect(await database.get('requests', [SESSION_A, '13417'])).toEqual(record);
    expect(await database.getAllFromIndex('requests', 'byTraceId', TRACE_ID)).toEqual([record]);
    expect(
      await database.getAllFromIndex(
        'requests',
        'bySessionTime',
        IDBKeyRange.bound([SESSION_A, T0], [SESSION_A, T0 + 1000]),
      ),
    ).toEqual([record]);
    const { events: stored, problems } = await readSessionEvents(database, SESSION_A);
    expect(problems).toEqual([]);
    expect(stored).toEqual([...events.slice(0, 2), span, ...events.slice(2)].sort((a, b) => a.timestamp - b.timestamp));
    const after = (await store.get(SESSION_A))!;
    expect(after.eventCount).toBe(before.eventCount + 1);
    expect(after.chunkCount).toBe(before.chunkCount + 1);
    expect(after.storedBytes).toBeGreaterThan(before.storedBytes);
    expect(after.rawBytes).toBe(before.rawBytes + new TextEncoder().encode(JSON.stringify([span])).byteLength);
  });

  it('writes each request of a session as its own chunk, numbered from 0 in a document of their own', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    for (const [i, id] of ['1', '2'].entries()) {
      const r = request(SESSION_A, id, T0 + i * 100);
      await store.appendRequest(r, requestSpan(r));
    }
    const other = request(SESSION_B, '3', T0);
    await store.appendRequest(other, requestSpan(other));

    const chunks = await (await db()).getAll('chunks');
    const ofA = chunks.filter((c) => c.sessionId === SESSION_A);
    expect(ofA.map((c) => [c.seq, c.count, c.firstTs, c.snapshotTs])).toEqual([
      [0, 1, T0, null],
      [1, 1, T0 + 100, null],
    ]);
    expect(new Set(chunks.map((c) => c.pageId)).size).toBe(1);
    expect(chunks.find((c) => c.sessionId === SESSION_B)?.seq).toBe(0);
  });

  it('writes the requests that end within the wait as one chunk per session, spans in time order', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const burst = [5, 3, 4, 1, 2].map((i) => request(SESSION_A, String(i), T0 + i * 10));
    const other = request(SESSION_B, '9', T0);
    const started = performance.now();
    // A page's burst: without the wait the first request would be written alone (next test).
    const results = await Promise.all([...burst, other].map((r) => store.appendRequest(r, requestSpan(r))));

    expect(results).toEqual([true, true, true, true, true, true]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(REQUEST_WRITE_DELAY_MS - 1);
    const chunks = await (await db()).getAll('chunks');
    expect(chunks.filter((c) => c.sessionId === SESSION_A).map((c) => [c.seq, c.count])).toEqual([[0, 5]]);
    expect(chunks.filter((c) => c.sessionId === SESSION_B).map((c) => [c.seq, c.count])).toEqual([[0, 1]]);
    const { events, problems } = await readSessionEvents(await db(), SESSION_A);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.timestamp)).toEqual(burst.map((r) => requestSpan(r).timestamp).sort((a, b) => a - b));
    expect((await store.get(SESSION_A))!.chunkCount).toBe(1);
  });

  it('without a wait, groups requests that arrive while a write is in progress into one chunk per session (group commit)', async () => {
    const { db, store } = setup({ requestWriteDelayMs: 0 });
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const burst = [5, 3, 4, 1, 2].map((i) => request(SESSION_A, String(i), T0 + i * 10));
    const other = request(SESSION_B, '9', T0);
    // Not awaited one by one: a page's burst. The first is written at once, the others while it runs.
    const results = await Promise.all([...burst, other].map((r) => store.appendRequest(r, requestSpan(r))));

    expect(results).toEqual([true, true, true, true, true, true]);
    const chunks = (await (await db()).getAll('chunks')).filter((c) => c.sessionId === SESSION_A);
    expect(chunks.map((c) => [c.seq, c.count])).toEqual([
      [0, 1],
      [1, 4],
    ]);
    expect(chunks[1]!.firstTs).toBeLessThan(chunks[1]!.lastTs);
    const { events, problems } = await readSessionEvents(await db(), SESSION_A);
    expect(problems).toEqual([]);
    expect(events.map((e) => e.timestamp)).toEqual(burst.map((r) => requestSpan(r).timestamp).sort((a, b) => a - b));
    const session = (await store.get(SESSION_A))!;
    expect([session.eventCount, session.chunkCount]).toEqual([5, 2]);
    expect(await (await db()).count('requests')).toBe(6);
  });

  it('stores nothing and answers false for a session that is not there', async () => {
    const { db, store } = setup();
    const r = request(SESSION_A, '1', T0);
    expect(await store.appendRequest(r, requestSpan(r))).toBe(false);
    expect(await (await db()).count('requests')).toBe(0);
    expect(await (await db()).count('chunks')).toBe(0);
  });

  it("is deleted with its session, leaving other sessions' requests", async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    for (const [session, id] of [
      [SESSION_A, '1'],
      [SESSION_A, '2'],
      [SESSION_B, '3'],
    ] as const) {
      const r = request(session, id, T0);
      await store.appendRequest(r, requestSpan(r));
    }

    await store.deleteSession(SESSION_A);

    expect(await (await db()).getAllKeys('requests')).toEqual([[SESSION_B, '3']]);
    expect((await (await db()).getAll('chunks')).map((c) => c.sessionId)).toEqual([SESSION_B]);
  });
});

describe('SessionStore.requestsOf / cutChunks with requests (fake-indexeddb)', () => {
  it("returns a session's request records, and no other session's", async () => {
    const { store } = setup({ requestWriteDelayMs: 0 });
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const mine = [request(SESSION_A, '1', T0), request(SESSION_A, '2', T0 + 10)];
    for (const r of [...mine, request(SESSION_B, '3', T0)]) await store.appendRequest(r, requestSpan(r));

    expect(await store.requestsOf(SESSION_A)).toEqual(mine);
    expect(await store.requestsOf('c'.repeat(32))).toEqual([]);
  });

  it("a cut deletes the requests that started before it, with their spans, and only that session's", async () => {
    const { store } = setup({ requestWriteDelayMs: 0 });
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const early = request(SESSION_A, '1', T0);
    const late = request(SESSION_A, '2', T0 + 5000);
    const other = request(SESSION_B, '3', T0);
    for (const r of [early, late, other]) await store.appendRequest(r, requestSpan(r));
    const [earlyChunk] = await store.chunksOf(SESSION_A);

    await store.cutChunks(SESSION_A, {
      drop: [earlyChunk!],
      replace: null,
      requestsBefore: T0 + 5000,
      startedAt: T0 + 5000,
    });

    expect(await store.requestsOf(SESSION_A)).toEqual([late]);
    expect(await store.requestsOf(SESSION_B)).toEqual([other]);
    expect((await store.chunksOf(SESSION_A)).map((c) => c.firstTs)).toEqual([requestSpan(late).timestamp]);
    expect(await store.get(SESSION_A)).toMatchObject({ chunkCount: 1, eventCount: 1, startedAt: T0 + 5000 });
  });
});

describe('SessionStore.appendRequest out of quota (one write made to throw QuotaError)', () => {
  it('makes room (makeRoom evicts) and stores the request instead of dropping it', async () => {
    const makeRoom = vi.fn(async () => true);
    const { db, store } = setup({ makeRoom, requestWriteDelayMs: 0 });
    await store.create(newSession(SESSION_A));
    vi.spyOn(Database.prototype, 'write').mockRejectedValueOnce(new QuotaError('QuotaExceededError'));
    const record = request(SESSION_A, '13417', T0 + 150);

    expect(await store.appendRequest(record, requestSpan(record))).toBe(true);

    expect(makeRoom).toHaveBeenCalledOnce();
    expect(await (await db()).get('requests', [SESSION_A, '13417'])).toEqual(record);
  });

  it('fails with the quota error when nothing can be evicted', async () => {
    const { store } = setup({ makeRoom: async () => false, requestWriteDelayMs: 0 });
    await store.create(newSession(SESSION_A));
    vi.spyOn(Database.prototype, 'write').mockRejectedValueOnce(new QuotaError('QuotaExceededError'));
    const record = request(SESSION_A, '13417', T0 + 150);
    await expect(store.appendRequest(record, requestSpan(record))).rejects.toThrow('QuotaExceededError');
  });
});
