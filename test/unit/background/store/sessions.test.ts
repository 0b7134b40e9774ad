import { describe, expect, it } from 'vitest';
import { isQuotaError, QuotaError, SessionStore } from '../../../../src/background/store/session-store';
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
import { pageEvents, SHOP_URL } from '../../fixtures/rrweb-events';

const setup = storeWithFallback;

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

  it("stores the tab's URL redacted (default parameters, fragments, JWTs)", async () => {
    const { store } = setup();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1XzQyIn0.Zm9vYmFyYmF6cXV4';
    const created = await store.create(
      newSession(SESSION_A, { url: `https://shop.test/magic/${jwt}?token=Zm9vYmFy#x` }),
    );
    expect(created.firstUrl).toBe('https://shop.test/magic/%5Bredacted%5D?token=%5Bredacted%5D#x');
    expect(created.urls).toEqual([created.firstUrl]);
    expect(JSON.stringify(await store.get(SESSION_A))).not.toMatch(/Zm9vYmFy|eyJhbGci/);
  });

  it('starts with no URL when the tab had none', async () => {
    const { store } = setup();
    const created = await store.create(newSession(SESSION_A, { url: '', title: '' }));
    expect(created.urls).toEqual([]);
  });
});

describe('SessionStore.list / all', () => {
  it('lists every session newest first, buffers included', async () => {
    const { store } = setup();
    const SESSION_C = 'c'.repeat(32);
    await store.create(newSession(SESSION_B, { now: T0 + 20 }));
    await store.create(newSession(SESSION_A, { now: T0 }));
    await store.create(newSession(SESSION_C, { now: T0 + 10, buffer: true, trigger: 'auto' }));

    expect((await store.list()).map((x) => [x.id, x.status])).toEqual([
      [SESSION_B, 'recording'],
      [SESSION_C, 'buffer'],
      [SESSION_A, 'recording'],
    ]);
    expect((await store.all()).map((x) => x.id)).toEqual([SESSION_A, SESSION_C, SESSION_B]);
  });

  it('lists nothing in an empty database', async () => {
    const { store } = setup();
    expect(await store.list()).toEqual([]);
    expect(await store.all()).toEqual([]);
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

  it('answers false when pinning a session that is not there, and creates none', async () => {
    const { store } = setup();
    expect(await store.setPinned(SESSION_A, true)).toBe(false);
    expect(await store.get(SESSION_A)).toBeUndefined();
    expect(await store.all()).toEqual([]);
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

  it('returns nothing when every recording session is live, and leaves them recording', async () => {
    const { store } = setup();
    const created = await store.create(newSession(SESSION_A));
    expect(await store.interruptAllExcept(new Set([SESSION_A]))).toEqual([]);
    expect(await store.get(SESSION_A)).toEqual(created);
  });
});

describe('SessionStore.deleteSession', () => {
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

    expect(await store.deleteSession(SESSION_A)).toBe(true);

    expect(await store.get(SESSION_A)).toBeUndefined();
    expect(await store.get(SESSION_B)).toMatchObject({ id: SESSION_B, chunkCount: 1, eventCount: 4 });
    const keys = await (await db()).getAllKeys('chunks');
    expect(keys).toEqual([[SESSION_B, PAGE_1, 0]]);
    expect((await readSessionEvents(await db(), SESSION_B)).events).toEqual(b1);
  });

  it('answers false for a session that is not there, and deletes nothing else', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_B));
    expect(await store.deleteSession(SESSION_A)).toBe(false);
    expect((await store.all()).map((x) => x.id)).toEqual([SESSION_B]);
  });

  it('makes a later batch of the deleted session an unknown session', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    await store.deleteSession(SESSION_A);
    const events = pageEvents(T0, 1);
    expect(await store.append(makeBatch(SESSION_A, PAGE_1, 1, events), metaOf(events))).toBe('unknown-session');
  });
});
