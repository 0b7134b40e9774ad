import { describe, expect, it, vi } from 'vitest';
import {
  isQuotaError,
  QuotaError,
  REQUEST_WRITE_DELAY_MS,
  SessionStore,
  type NewSession,
  type SessionStoreOptions,
} from '../../../src/background/session-store';
import { decodeChunk } from '../../../src/shared/chunk-codec';
import { readSessionEvents } from '../../../src/shared/db/read';
import { freshDb, makeBatch, metaOf, PAGE_1, PAGE_2, SESSION_A, SESSION_B } from '../fixtures/db';
import { CART_URL, clickEvent, mutationEvent, pageEvents, SHOP_URL } from '../fixtures/rrweb-events';
import { buildRequestRecord, requestSpan } from '../../../src/background/network/request-record';
import type { RequestRecord } from '../../../src/shared/model';
import { observation, TRACE_ID, wrapperRecord } from '../fixtures/network';

const T0 = 1_700_000_000_000;

function newSession(id: string, overrides: Partial<NewSession> = {}): NewSession {
  return { id, tabId: 7, trigger: 'manual', url: SHOP_URL, title: 'Shop', now: T0, ...overrides };
}

function setup(options: SessionStoreOptions = {}) {
  const { db } = freshDb();
  const onFallback = vi.fn<(reason: string) => void>();
  return { db, store: new SessionStore(db, undefined, onFallback, options), onFallback };
}

describe('SessionStore.create', () => {
  it('stores a recording session with empty counters', async () => {
    const { store } = setup();
    const created = await store.create(newSession(SESSION_A));

    expect(await store.get(SESSION_A)).toEqual(created);
    expect(created).toEqual({
      id: SESSION_A,
      tabId: 7,
      trigger: 'manual',
      status: 'recording',
      startedAt: T0,
      endedAt: null,
      lastEventAt: T0,
      lastActivityAt: T0,
      endReason: null,
      firstUrl: SHOP_URL,
      title: 'Shop',
      urls: [SHOP_URL],
      pageCount: 0,
      eventCount: 0,
      chunkCount: 0,
      storedBytes: 0,
      rawBytes: 0,
      pinned: false,
    });
  });

  it("stores an instant-replay buffer as a 'buffer' session", async () => {
    const { store } = setup();
    const created = await store.create(newSession(SESSION_A, { trigger: 'auto', buffer: true }));
    expect(created.status).toBe('buffer');
    expect((await store.get(SESSION_A))!.status).toBe('buffer');
  });

  it('starts with no URL when the tab had none', async () => {
    const { store } = setup();
    const created = await store.create(newSession(SESSION_A, { url: '', title: '' }));
    expect(created.urls).toEqual([]);
  });
});

describe('SessionStore.append', () => {
  it('stores the chunk compressed and updates the session counters in the same write', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0 + 100, 3);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);

    expect(await store.append(batch, metaOf(events))).toBe('stored');

    const chunk = await (await db()).get('chunks', [SESSION_A, PAGE_1, 0]);
    expect(chunk).toMatchObject({
      sessionId: SESSION_A,
      pageId: PAGE_1,
      seq: 0,
      count: 5,
      firstTs: T0 + 100,
      lastTs: T0 + 130,
      codec: 'gzip',
    });
    expect(chunk!.rawBytes).toBe(new TextEncoder().encode(batch.events).byteLength);
    expect(await decodeChunk(chunk!)).toBe(batch.events);

    const session = await store.get(SESSION_A);
    expect(session).toMatchObject({
      eventCount: 5,
      chunkCount: 1,
      pageCount: 1,
      urls: [SHOP_URL],
      storedBytes: chunk!.bytes.byteLength,
      rawBytes: chunk!.rawBytes,
      lastEventAt: T0 + 130,
      status: 'recording',
    });
  });

  it('counts a page only for seq 0, sums events and bytes, and keeps each URL once in visit order', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    const page1 = pageEvents(T0 + 100, 2); // 4 events
    const page1More = [mutationEvent(T0 + 500)]; // pushState to the cart, same document
    const page2 = pageEvents(T0 + 1000, 1, SHOP_URL); // back to the shop: a new document

    await store.append(makeBatch(SESSION_A, PAGE_1, 0, page1), metaOf(page1));
    await store.append(makeBatch(SESSION_A, PAGE_1, 1, page1More, { url: CART_URL, title: 'Cart' }), metaOf(page1More));
    await store.append(makeBatch(SESSION_A, PAGE_2, 0, page2), metaOf(page2));

    const session = (await store.get(SESSION_A))!;
    expect(session.pageCount).toBe(2);
    expect(session.chunkCount).toBe(3);
    expect(session.eventCount).toBe(4 + 1 + 3);
    expect(session.urls).toEqual([SHOP_URL, CART_URL]);
    expect(session.lastEventAt).toBe(T0 + 1010);
    expect(session.title).toBe('Shop');
  });

  it('remembers where the first full snapshot of a chunk is, so buffers can be cut there', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    const withSnapshot = pageEvents(T0 + 100, 1); // Meta at +100, FullSnapshot at +101
    const without = [mutationEvent(T0 + 500)];
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, withSnapshot), metaOf(withSnapshot));
    await store.append(makeBatch(SESSION_A, PAGE_1, 1, without), metaOf(without));

    expect((await (await db()).get('chunks', [SESSION_A, PAGE_1, 0]))!.snapshotTs).toBe(T0 + 100);
    expect((await (await db()).get('chunks', [SESSION_A, PAGE_1, 1]))!.snapshotTs).toBeNull();
  });

  it('moves lastActivityAt with user actions only, not with DOM changes', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A, { now: T0 }));
    const click = [clickEvent(T0 + 4000)];
    const laterMutations = [mutationEvent(T0 + 9000)];
    await store.append(makeBatch(SESSION_A, PAGE_1, 1, click), metaOf(click));
    await store.append(makeBatch(SESSION_A, PAGE_1, 2, laterMutations), metaOf(laterMutations));

    const session = (await store.get(SESSION_A))!;
    expect(session.lastActivityAt).toBe(T0 + 4000);
    expect(session.lastEventAt).toBe(T0 + 9000);
  });

  it('keeps lastEventAt at the newest event when a late batch carries older events', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    const late = pageEvents(T0 + 5000, 1);
    const early = [mutationEvent(T0 + 200)];
    await store.append(makeBatch(SESSION_A, PAGE_2, 0, late), metaOf(late));
    await store.append(makeBatch(SESSION_A, PAGE_1, 3, early), metaOf(early));
    expect((await store.get(SESSION_A))!.lastEventAt).toBe(T0 + 5010);
  });

  it('fills firstUrl and title from the first batch when the session started without them', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A, { url: '', title: '' }));
    const events = pageEvents(T0, 1);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events, { url: CART_URL, title: 'Cart' }), metaOf(events));
    const session = (await store.get(SESSION_A))!;
    expect(session.firstUrl).toBe(CART_URL);
    expect(session.title).toBe('Cart');
    expect(session.urls).toEqual([CART_URL]);
  });

  it("answers 'duplicate' for a batch stored before and leaves counters and chunk unchanged", async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0, 2);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);
    await store.append(batch, metaOf(events));
    const before = await store.get(SESSION_A);
    const chunkBefore = await (await db()).get('chunks', [SESSION_A, PAGE_1, 0]);

    // A resend after a reconnect: same key; even different content must not replace what was acknowledged.
    const resent = [mutationEvent(T0 + 999)];
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 0, resent), metaOf(resent))).toBe('duplicate');

    expect(await store.get(SESSION_A)).toEqual(before);
    expect(await (await db()).get('chunks', [SESSION_A, PAGE_1, 0])).toEqual(chunkBefore);
  });

  it('stores a batch resent while the first copy is still being written only once', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0, 1);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);

    const results = await Promise.all([store.append(batch, metaOf(events)), store.append(batch, metaOf(events))]);

    expect(results.sort()).toEqual(['duplicate', 'stored']);
    expect((await store.get(SESSION_A))!).toMatchObject({ chunkCount: 1, eventCount: 3, pageCount: 1 });
    expect(await (await db()).count('chunks')).toBe(1);
  });

  it("answers 'unknown-session' for a session that does not exist and stores nothing", async () => {
    const { db, store } = setup();
    const events = pageEvents(T0, 1);
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).toBe('unknown-session');
    expect(await (await db()).count('chunks')).toBe(0);
    expect(await store.get(SESSION_A)).toBeUndefined();
  });

  it('stores uncompressed and reports the reason when compression fails, losing no event', async () => {
    const { db } = freshDb();
    const onFallback = vi.fn<(reason: string) => void>();
    const broken = async (): Promise<Uint8Array> => {
      throw new Error('no CompressionStream');
    };
    const store = new SessionStore(db, broken, onFallback);
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0, 2);

    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).toBe('stored');

    expect(onFallback).toHaveBeenCalledExactlyOnceWith('no CompressionStream');
    expect((await (await db()).get('chunks', [SESSION_A, PAGE_1, 0]))!.codec).toBe('none');
    expect((await readSessionEvents(await db(), SESSION_A)).events).toEqual(events);
  });

  it('does not report a fallback when compression works', async () => {
    const { store, onFallback } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0, 1);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));
    expect(onFallback).not.toHaveBeenCalled();
  });
});

describe('SessionStore.finish', () => {
  it('marks a session complete at the given time', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    await store.finish(SESSION_A, 'complete', 'stopped', T0 + 60_000);
    expect(await store.get(SESSION_A)).toMatchObject({
      status: 'complete',
      endReason: 'stopped',
      endedAt: T0 + 60_000,
    });
  });

  it('ends an interrupted session at its last stored event, not at the time of noticing', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0 + 100, 2);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));

    await store.finish(SESSION_A, 'interrupted', 'interrupted', T0 + 3_600_000);

    expect(await store.get(SESSION_A)).toMatchObject({
      status: 'interrupted',
      endReason: 'interrupted',
      endedAt: T0 + 120,
    });
  });

  it('does not change a session that already ended', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    await store.finish(SESSION_A, 'complete', 'idle', T0 + 1000);
    await store.finish(SESSION_A, 'interrupted', 'interrupted', T0 + 2000);
    await store.finish(SESSION_A, 'complete', 'stopped', T0 + 3000);
    expect(await store.get(SESSION_A)).toMatchObject({ status: 'complete', endReason: 'idle', endedAt: T0 + 1000 });
  });

  it('ignores a session that does not exist', async () => {
    const { store } = setup();
    await expect(store.finish(SESSION_A, 'complete', 'stopped', T0)).resolves.toBeUndefined();
    expect(await store.get(SESSION_A)).toBeUndefined();
  });
});

describe('SessionStore.setPinned / update', () => {
  it('pins and unpins a session', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    expect(await store.setPinned(SESSION_A, true)).toBe(true);
    expect((await store.get(SESSION_A))!.pinned).toBe(true);
    expect(await store.setPinned(SESSION_A, false)).toBe(true);
    expect((await store.get(SESSION_A))!.pinned).toBe(false);
  });

  it('answers false when pinning a session that is not there', async () => {
    const { store } = setup();
    expect(await store.setPinned(SESSION_A, true)).toBe(false);
  });

  it('writes nothing when the change declines', async () => {
    const { store } = setup();
    const created = await store.create(newSession(SESSION_A));
    expect(await store.update(SESSION_A, () => null)).toBeUndefined();
    expect(await store.get(SESSION_A)).toEqual(created);
  });
});

describe('SessionStore quota failures (IndexedDB put replaced by one that throws QuotaExceededError)', () => {
  it('turns a QuotaExceededError into a QuotaError the caller can act on', async () => {
    const { db } = freshDb();
    const opened = await db();
    opened.put = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const store = new SessionStore(db);

    const error = await store.create(newSession(SESSION_A)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(QuotaError);
    expect((error as QuotaError).message).toBe('The quota has been exceeded.');
  });

  it('passes other errors through unchanged', async () => {
    const { db } = freshDb();
    const opened = await db();
    const boom = new DOMException('The database connection is closing.', 'InvalidStateError');
    opened.put = async () => {
      throw boom;
    };
    const store = new SessionStore(db);
    await expect(store.create(newSession(SESSION_A))).rejects.toBe(boom);
  });

  it.each([
    [new DOMException('x', 'QuotaExceededError'), true],
    [new Error('QuotaExceededError: disk full'), true],
    [new DOMException('x', 'AbortError'), false],
    [new Error('network'), false],
    ['quota', false],
  ])('isQuotaError(%s) is %s', (e, expected) => {
    expect(isQuotaError(e)).toBe(expected);
  });
});

describe('SessionStore.interruptAllExcept', () => {
  it('interrupts recording sessions that are not live and leaves live and finished ones alone', async () => {
    const { store } = setup();
    const SESSION_C = 'c'.repeat(32);
    await store.create(newSession(SESSION_A, { tabId: 1 }));
    await store.create(newSession(SESSION_B, { tabId: 2, now: T0 + 10 }));
    await store.create(newSession(SESSION_C, { tabId: 3 }));
    await store.finish(SESSION_C, 'complete', 'stopped', T0 + 50);
    const events = pageEvents(T0 + 100, 1);
    await store.append(makeBatch(SESSION_B, PAGE_1, 0, events), metaOf(events));

    const interrupted = await store.interruptAllExcept(new Set([SESSION_A]));

    expect(interrupted).toEqual([SESSION_B]);
    expect(await store.get(SESSION_A)).toMatchObject({ status: 'recording', endedAt: null });
    expect(await store.get(SESSION_B)).toMatchObject({ status: 'interrupted', endedAt: T0 + 110 });
    expect(await store.get(SESSION_C)).toMatchObject({ status: 'complete', endedAt: T0 + 50 });
  });

  it('drops instant-replay buffers that are not live instead of keeping them as interrupted', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A, { trigger: 'auto', buffer: true }));
    const events = pageEvents(T0, 1);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));

    expect(await store.interruptAllExcept(new Set())).toEqual([]);

    expect(await store.get(SESSION_A)).toBeUndefined();
    expect(await (await db()).count('chunks')).toBe(0);
  });

  it('keeps a live buffer', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A, { trigger: 'auto', buffer: true }));
    await store.interruptAllExcept(new Set([SESSION_A]));
    expect((await store.get(SESSION_A))!.status).toBe('buffer');
  });

  it('returns nothing when every recording session is live', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    expect(await store.interruptAllExcept(new Set([SESSION_A]))).toEqual([]);
  });
});

describe('SessionStore.delete', () => {
  it('removes the session and only its chunks', async () => {
    const { db, store } = setup();
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const a1 = pageEvents(T0, 1);
    const a2 = pageEvents(T0 + 1000, 1);
    const b1 = pageEvents(T0 + 2000, 2);
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, a1), metaOf(a1));
    await store.append(makeBatch(SESSION_A, PAGE_2, 0, a2), metaOf(a2));
    await store.append(makeBatch(SESSION_B, PAGE_1, 0, b1), metaOf(b1));

    expect(await store.delete(SESSION_A)).toBe(true);

    expect(await store.get(SESSION_A)).toBeUndefined();
    expect(await store.get(SESSION_B)).toBeDefined();
    const keys = await (await db()).getAllKeys('chunks');
    expect(keys).toEqual([[SESSION_B, PAGE_1, 0]]);
    expect((await readSessionEvents(await db(), SESSION_B)).events).toEqual(b1);
  });

  it('answers false for a session that is not there', async () => {
    const { store } = setup();
    expect(await store.delete(SESSION_A)).toBe(false);
  });

  it('makes a later batch of the deleted session an unknown session', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    await store.delete(SESSION_A);
    const events = pageEvents(T0, 1);
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 1, events), metaOf(events))).toBe('unknown-session');
  });
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

    await store.delete(SESSION_A);

    expect(await (await db()).getAllKeys('requests')).toEqual([[SESSION_B, '3']]);
    expect((await (await db()).getAll('chunks')).map((c) => c.sessionId)).toEqual([SESSION_B]);
  });
});
