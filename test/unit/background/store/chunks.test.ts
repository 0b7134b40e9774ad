import { describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../../../src/background/store/session-store';
import { decodeChunk, encodeChunk } from '../../../../src/shared/chunk-codec';
import { readSessionEvents } from '../../../../src/shared/db/read';
import {
  freshDb,
  makeBatch,
  newSession,
  storeWithFallback,
  T0,
  metaOf,
  PAGE_1,
  PAGE_2,
  SESSION_A,
  SESSION_B,
} from '../../fixtures/db';
import { CART_URL, clickEvent, mutationEvent, pageEvents, SHOP_URL } from '../../fixtures/rrweb-events';

const setup = storeWithFallback;

describe('SessionStore.append (fake-indexeddb)', () => {
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
    // ...and firstEventAt at the oldest: the player's time 0.
    expect((await store.get(SESSION_A))!.firstEventAt).toBe(T0 + 200);
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

  it("stores the session's URLs redacted, with the settings' parameters, whatever the page sent", async () => {
    const { store } = setup({ redactQueryParams: async () => ['order'] });
    await store.create(newSession(SESSION_A, { url: '', title: '' }));
    const events = pageEvents(T0, 1);
    const reset = 'http://127.0.0.1:8080/reset?order=8812&lang=en#access_token=ya29.a0AfB_byC1xQ8mZ';
    await store.append(makeBatch(SESSION_A, PAGE_1, 0, events, { url: reset, title: 'Reset' }), metaOf(events));
    const session = (await store.get(SESSION_A))!;
    const redacted = 'http://127.0.0.1:8080/reset?order=%5Bredacted%5D&lang=en#access_token=%5Bredacted%5D';
    expect(session.firstUrl).toBe(redacted);
    expect(session.urls).toEqual([redacted]);
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
    const store = new SessionStore(db, { compress: broken, onFallback });
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0, 2);

    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).toBe('stored');

    expect(onFallback).toHaveBeenCalledExactlyOnceWith('no CompressionStream');
    expect((await (await db()).get('chunks', [SESSION_A, PAGE_1, 0]))!.codec).toBe('none');
    expect((await readSessionEvents(await db(), SESSION_A)).events).toEqual(events);
  });

  it('stores gzip and reports no fallback when compression works', async () => {
    const { db, store, onFallback } = setup();
    await store.create(newSession(SESSION_A));
    const events = pageEvents(T0, 1);
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).toBe('stored');

    expect((await (await db()).get('chunks', [SESSION_A, PAGE_1, 0]))!.codec).toBe('gzip');
    expect((await readSessionEvents(await db(), SESSION_A)).events).toEqual(events);
    expect(onFallback).not.toHaveBeenCalled();
  });
});

describe('SessionStore.chunksOf / cutChunks (fake-indexeddb)', () => {
  /** A session of three chunks of one document: a snapshot at 0 s, a mutation at 1 s, a click and a mutation at 2 s. */
  async function threeChunks() {
    const s = setup();
    await s.store.create(newSession(SESSION_A));
    const batches = [pageEvents(T0, 1), [mutationEvent(T0 + 1000)], [clickEvent(T0 + 2000), mutationEvent(T0 + 2500)]];
    for (const [seq, events] of batches.entries())
      await s.store.append(makeBatch(SESSION_A, PAGE_1, seq, events), metaOf(events));
    return s;
  }

  it("returns a session's chunks in time order, and no other session's", async () => {
    const s = await threeChunks();
    await s.store.create(newSession(SESSION_B));
    const other = pageEvents(T0 + 500, 1);
    await s.store.append(makeBatch(SESSION_B, PAGE_2, 0, other), metaOf(other));

    expect((await s.store.chunksOf(SESSION_A)).map((c) => [c.sessionId, c.seq, c.firstTs])).toEqual([
      [SESSION_A, 0, T0],
      [SESSION_A, 1, T0 + 1000],
      [SESSION_A, 2, T0 + 2000],
    ]);
    expect(await s.store.chunksOf('c'.repeat(32))).toEqual([]);
  });

  it('drops and rewrites chunks in one write, and keeps the counters equal to what the chunks hold', async () => {
    const s = await threeChunks();
    const [first, , last] = await s.store.chunksOf(SESSION_A);
    const kept = [mutationEvent(T0 + 2500)];
    const encoded = await encodeChunk(JSON.stringify(kept));
    const next = { ...last!, firstTs: T0 + 2500, count: 1, ...encoded };

    await s.store.cutChunks(SESSION_A, {
      drop: [first!],
      replace: { old: last!, next },
      requestsBefore: T0 + 1000,
      startedAt: T0 + 1000,
    });

    const chunks = await s.store.chunksOf(SESSION_A);
    expect(chunks.map((c) => [c.seq, c.count, c.firstTs])).toEqual([
      [1, 1, T0 + 1000],
      [2, 1, T0 + 2500],
    ]);
    expect((await readSessionEvents(await s.db(), SESSION_A)).events).toEqual([mutationEvent(T0 + 1000), ...kept]);
    expect(await s.store.get(SESSION_A)).toMatchObject({
      id: SESSION_A,
      startedAt: T0 + 1000,
      chunkCount: 2,
      eventCount: 2,
      storedBytes: chunks.reduce((n, c) => n + c.bytes.byteLength, 0),
      rawBytes: chunks.reduce((n, c) => n + c.rawBytes, 0),
    });
  });

  it('leaves chunks merged since they were read as they are: a stale cut drops nothing and keeps the counters true', async () => {
    const s = await threeChunks();
    const [first, second] = await s.store.chunksOf(SESSION_A);
    const before = (await readSessionEvents(await s.db(), SESSION_A)).events;
    // Compaction merges the run (a saved buffer is a finished session) between Retention's read and its cut.
    await s.store.compact(SESSION_A, { finished: true, olderThan: Infinity, maxRawBytes: 1024 * 1024 });
    expect(await s.store.chunksOf(SESSION_A)).toHaveLength(1);

    await s.store.cutChunks(SESSION_A, {
      drop: [first!, second!],
      replace: null,
      requestsBefore: T0,
      startedAt: T0 + 2000,
    });

    expect((await readSessionEvents(await s.db(), SESSION_A)).events).toEqual(before);
    const chunks = await s.store.chunksOf(SESSION_A);
    expect(await s.store.get(SESSION_A)).toMatchObject({
      startedAt: T0,
      eventCount: before.length,
      storedBytes: chunks.reduce((n, c) => n + c.bytes.byteLength, 0),
    });
  });

  it('drops chunks without rewriting any', async () => {
    const s = await threeChunks();
    const [first, second] = await s.store.chunksOf(SESSION_A);

    await s.store.cutChunks(SESSION_A, {
      drop: [first!, second!],
      replace: null,
      requestsBefore: T0,
      startedAt: T0 + 2000,
    });

    const chunks = await s.store.chunksOf(SESSION_A);
    expect(chunks.map((c) => c.seq)).toEqual([2]);
    expect(await s.store.get(SESSION_A)).toMatchObject({
      startedAt: T0 + 2000,
      chunkCount: 1,
      eventCount: 2,
      storedBytes: chunks[0]!.bytes.byteLength,
      rawBytes: chunks[0]!.rawBytes,
    });
  });
});
