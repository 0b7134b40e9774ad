import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Ingest } from '../../../src/background/ingest';
import { TabRates } from '../../../src/background/ingest-guard';
import { Retention } from '../../../src/background/retention';
import { QuotaError, type NewSession, type SessionStore } from '../../../src/background/store/session-store';
import { readSessionEvents } from '../../../src/shared/db/read';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { makeBatch, metaOf, PAGE_1, PAGE_2, SESSION_A, SESSION_B, testDeps, type TestDeps } from '../fixtures/db';
import {
  clickEvent,
  fullSnapshotEvent,
  metaEvent,
  mutationEvent,
  pageEvents,
  SHOP_URL,
} from '../fixtures/rrweb-events';

const T0 = 1_700_000_000_000;
const TAB = 5;
const OTHER_TAB = 6;
const MiB = 1024 * 1024;

type Harness = TestDeps & { ingest: Ingest; retention: Retention };

function harness(): Harness {
  const t = testDeps(T0);
  const retention = new Retention(t.store);
  return { ...t, retention, ingest: new Ingest({ ...t.deps, retention }) };
}

const session = (id: string, overrides: Partial<NewSession> = {}): NewSession => ({
  id,
  tabId: TAB,
  trigger: 'manual',
  url: SHOP_URL,
  title: 'Shop',
  now: T0,
  ...overrides,
});

/** A finished session of `mb` MiB (the counters are what the storage budget reads). */
async function finishedSession(
  store: SessionStore,
  id: string,
  startedAt: number,
  mb: number,
  pinned = false,
): Promise<void> {
  await store.create(session(id, { now: startedAt, tabId: 1 }));
  await store.update(id, (s) => ({
    ...s,
    status: 'complete',
    endReason: 'stopped',
    endedAt: startedAt + 1000,
    storedBytes: mb * MiB,
    pinned,
  }));
}

let h: Harness;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  h = harness();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Ingest.batch (real store on fake-indexeddb)', () => {
  it("stores a batch of the tab's own session and acknowledges it", async () => {
    await h.store.create(session(SESSION_A));
    const events = pageEvents(T0 + 100, 2);

    const reply = await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));

    expect(reply).toEqual({ type: 'ack', sessionId: SESSION_A, pageId: PAGE_1, seq: 0 });
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual(events);
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
  });

  it("rejects a batch from another tab for this tab's session and counts it (tab isolation)", async () => {
    await h.store.create(session(SESSION_A));
    const events = pageEvents(T0, 1);

    const reply = await h.ingest.batch(OTHER_TAB, makeBatch(SESSION_A, PAGE_2, 0, events), metaOf(events));

    expect(reply).toEqual({ type: 'reject', sessionId: SESSION_A, pageId: PAGE_2, seq: 0, error: 'unknown session' });
    expect(h.diagnostics.snapshot().errors['unknown-session']).toBe(1);
    expect((await h.store.get(SESSION_A))!.chunkCount).toBe(0);
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual([]);
  });

  it('rejects a batch for a session that does not exist, and creates none', async () => {
    const events = pageEvents(T0, 1);
    const reply = await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));
    expect(reply).toMatchObject({ type: 'reject', error: 'unknown session' });
    expect(h.diagnostics.snapshot().errors['unknown-session']).toBe(1);
    expect(await h.store.all()).toEqual([]);
    expect(await (await h.db()).count('chunks')).toBe(0);
  });

  it("rejects a batch of a session deleted while it was on its way ('session was deleted')", async () => {
    await h.store.create(session(SESSION_A));
    // Deleted between Ingest's check and the store's write: the write is what finds it gone.
    const append = h.store.append.bind(h.store);
    vi.spyOn(h.store, 'append').mockImplementationOnce(async (batch, meta) => {
      await h.store.deleteSession(SESSION_A);
      return append(batch, meta);
    });
    const events = pageEvents(T0, 1);

    const reply = await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));

    expect(reply).toEqual({
      type: 'reject',
      sessionId: SESSION_A,
      pageId: PAGE_1,
      seq: 0,
      error: 'session was deleted',
    });
    expect(await (await h.db()).count('chunks')).toBe(0);
  });

  it('acknowledges a resent batch again without storing it twice', async () => {
    await h.store.create(session(SESSION_A));
    const events = pageEvents(T0, 1);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);
    await h.ingest.batch(TAB, batch, metaOf(events));
    expect(await h.ingest.batch(TAB, batch, metaOf(events))).toEqual({
      type: 'ack',
      sessionId: SESSION_A,
      pageId: PAGE_1,
      seq: 0,
    });
    expect(await h.store.get(SESSION_A)).toMatchObject({ chunkCount: 1, eventCount: events.length, pageCount: 1 });
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual(events);
  });

  it('still stores the last batches of a session that was just stopped', async () => {
    await h.store.create(session(SESSION_A));
    await h.store.finish(SESSION_A, 'complete', 'stopped', T0 + 10);
    const events = [mutationEvent(T0 + 5)];
    expect(await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 3, events), metaOf(events))).toMatchObject({
      type: 'ack',
    });
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual(events);
    expect(await h.store.get(SESSION_A)).toMatchObject({ status: 'complete', endedAt: T0 + 10, chunkCount: 1 });
    // An open panel is told, so it reads the session again: the library's counts have changed.
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
  });

  it('stores an instant-replay buffer without announcing it to the library', async () => {
    await h.store.create(session(SESSION_A, { buffer: true, trigger: 'auto' }));
    const events = pageEvents(T0, 1);
    const reply = await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));
    expect(reply).toMatchObject({ type: 'ack', seq: 0 });
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual(events);
    expect(await h.store.get(SESSION_A)).toMatchObject({ status: 'buffer', chunkCount: 1 });
    expect(h.notify).not.toHaveBeenCalledWith({ type: 'sessions-changed' });
  });
});

describe('Ingest when IndexedDB runs out of quota (one append made to throw QuotaError)', () => {
  it('evicts the oldest unpinned finished session, stores the batch and warns the user', async () => {
    const pinnedOld = '1'.repeat(32);
    const victim = '2'.repeat(32);
    const newer = '3'.repeat(32);
    await finishedSession(h.store, pinnedOld, T0 - 3000, 1, true);
    await finishedSession(h.store, victim, T0 - 2000, 1);
    await finishedSession(h.store, newer, T0 - 1000, 1);
    await h.store.create(session(SESSION_A));
    vi.spyOn(h.store, 'append').mockRejectedValueOnce(new QuotaError('QuotaExceededError'));
    const events = pageEvents(T0, 1);

    const reply = await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));

    expect(reply).toMatchObject({ type: 'ack', seq: 0 });
    expect(await h.store.get(victim)).toBeUndefined();
    expect((await h.store.all()).map((x) => [x.id, x.status])).toEqual([
      [SESSION_A, 'recording'],
      [pinnedOld, 'complete'],
      [newer, 'complete'],
    ]);
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual(events);
    const warning = h.notify.mock.calls.map(([n]) => n).find((n) => n.type === 'warning');
    expect(warning).toMatchObject({ type: 'warning', message: expect.stringContaining(victim) });
    expect(h.diagnostics.snapshot().warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('ran out of storage quota'),
    ]);
  });

  it('leaves the batch unanswered (the page keeps it and offers it again) and warns when nothing can be evicted', async () => {
    await h.store.create(session(SESSION_A));
    await h.store.create(session(SESSION_B, { tabId: OTHER_TAB })); // live: never evicted
    const append = vi.spyOn(h.store, 'append').mockRejectedValueOnce(new QuotaError('QuotaExceededError'));
    const events = pageEvents(T0, 1);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);

    const reply = await h.ingest.batch(TAB, batch, metaOf(events));

    // Neither ack nor reject: a reject would make the page drop the batch for good.
    expect(reply).toBeNull();
    expect(await h.store.get(SESSION_B)).toMatchObject({ id: SESSION_B, status: 'recording' });
    expect(await h.store.get(SESSION_A)).toMatchObject({ id: SESSION_A, chunkCount: 0 });
    expect(h.notify).toHaveBeenCalledWith({ type: 'warning', message: expect.stringMatching(/^Storage is full/) });
    expect(h.diagnostics.snapshot().errors['storage-full']).toBe(1);

    // Once there is room again, the same batch offered again is stored.
    append.mockRestore();
    expect(await h.ingest.batch(TAB, batch, metaOf(events))).toMatchObject({ type: 'ack', seq: 0 });
    expect((await readSessionEvents(await h.db(), SESSION_A)).events).toEqual(events);
  });

  it('records when each stored batch became durable, for the benchmarks', async () => {
    await h.store.create(session(SESSION_A));
    const events = pageEvents(T0 + 100, 2);
    const batch = makeBatch(SESSION_A, PAGE_1, 0, events);
    await h.ingest.batch(TAB, batch, metaOf(events));
    await h.ingest.batch(TAB, batch, metaOf(events)); // a duplicate is not a new write

    const samples = h.diagnostics.snapshot().ingest;
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({
      firstTs: T0 + 100,
      lastTs: T0 + 120,
      count: 4,
      rawBytes: new TextEncoder().encode(batch.events).byteLength,
    });
    expect(samples[0]!.committedAt).toBeGreaterThan(0);
  });

  it('does not swallow other storage errors, and evicts nothing for them', async () => {
    await finishedSession(h.store, '1'.repeat(32), T0 - 1000, 1);
    await h.store.create(session(SESSION_A));
    vi.spyOn(h.store, 'append').mockRejectedValueOnce(new Error('InvalidStateError'));
    const events = pageEvents(T0, 1);
    await expect(h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).rejects.toThrow(
      'InvalidStateError',
    );
    expect((await h.store.all()).map((x) => x.id)).toEqual([SESSION_A, '1'.repeat(32)]);
  });
});

describe('Ingest housekeeping (real store on fake-indexeddb)', () => {
  it('evicts the oldest finished sessions when the storage budget is exceeded', async () => {
    h.settings.current = { ...DEFAULT_SETTINGS, storage: { budgetMB: 10 } };
    const oldest = '1'.repeat(32);
    const newer = '2'.repeat(32);
    await finishedSession(h.store, oldest, T0 - 2000, 6);
    await finishedSession(h.store, newer, T0 - 1000, 6);
    await h.store.create(session(SESSION_A));
    const events = pageEvents(T0, 1);

    await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events));

    expect(await h.store.get(oldest)).toBeUndefined();
    expect((await h.store.all()).map((x) => x.id)).toEqual([SESSION_A, newer]);
    expect(await h.store.get(SESSION_A)).toMatchObject({ chunkCount: 1, eventCount: events.length });
    expect(h.notify).toHaveBeenCalledWith({
      type: 'warning',
      message: expect.stringContaining('10 MB storage budget'),
    });
  });

  it('keeps an instant-replay buffer to its window, cutting at a full snapshot', async () => {
    h.settings.current = {
      ...DEFAULT_SETTINGS,
      instantReplay: { ...DEFAULT_SETTINGS.instantReplay, enabled: true, minutes: 2 },
    };
    await h.store.create(session(SESSION_A, { buffer: true, trigger: 'auto' }));
    const history = [
      pageEvents(T0, 1), // seq 0: snapshot at 0 s
      [mutationEvent(T0 + 60_000)], // seq 1
      [clickEvent(T0 + 95_000), metaEvent(T0 + 100_000), fullSnapshotEvent(T0 + 100_001)], // seq 2: checkout at 100 s
    ];
    for (const [seq, events] of history.entries())
      await h.store.append(makeBatch(SESSION_A, PAGE_1, seq, events), metaOf(events));
    h.clock.now = T0 + 250_000; // the window starts at 130 s
    const latest = [mutationEvent(T0 + 249_000)];

    await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 3, latest), metaOf(latest));

    const keys = (await (await h.db()).getAllKeys('chunks')).map((k) => k[2]);
    expect(keys).toEqual([2, 3]);
    const stored = (await h.store.get(SESSION_A))!;
    expect(stored).toMatchObject({ chunkCount: 2, eventCount: 4, startedAt: T0 + 95_000 });
  });
});

describe('Ingest against a page that floods or lies (hostile page, real store on fake-indexeddb)', () => {
  const BUFFER = SESSION_A;
  const SAVED = '9'.repeat(32);
  /** A replay start (Meta + full snapshot) followed by `n` mutations: one replayable part of a buffer. */
  const segment = (at: number, n: number) => [
    metaEvent(at),
    fullSnapshotEvent(at + 1),
    ...Array.from({ length: n }, (_, i) => mutationEvent(at + 2 + i, `x${Math.random()}`)),
  ];

  async function bufferWithSegments(starts: number[]): Promise<void> {
    await h.store.create(session(BUFFER, { buffer: true, trigger: 'auto' }));
    for (const [seq, at] of starts.entries()) {
      const events = segment(at, 40);
      await h.store.append(makeBatch(BUFFER, PAGE_1, seq, events), metaOf(events));
    }
  }

  it('a buffer that floods past the storage budget evicts no saved session (buffers do not count)', async () => {
    h.settings.current = { ...DEFAULT_SETTINGS, storage: { budgetMB: 10 } };
    await finishedSession(h.store, SAVED, T0 - 5000, 6);
    await h.store.create(session(BUFFER, { buffer: true, trigger: 'auto' }));
    // The page pushed its buffer to 40 MiB (the counters are what the budget reads).
    await h.store.update(BUFFER, (s) => ({ ...s, storedBytes: 40 * MiB }));
    const events = pageEvents(T0, 1);

    await h.ingest.batch(TAB, makeBatch(BUFFER, PAGE_1, 0, events), metaOf(events));

    expect(await h.store.get(SAVED)).toMatchObject({ status: 'complete' });
    expect(h.notify).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'warning' }));
  });

  it('a buffer over its byte cap drops its oldest part, at a replay start', async () => {
    await bufferWithSegments([T0, T0 + 10_000, T0 + 20_000]);
    const chunks = await h.store.chunksOf(BUFFER);
    const all = chunks.reduce((n, c) => n + c.bytes.byteLength, 0);
    // One byte under what the three parts hold: the newest two and the batch to come fit, all three do not.
    h.settings.current = {
      ...DEFAULT_SETTINGS,
      instantReplay: { ...DEFAULT_SETTINGS.instantReplay, enabled: true, minutes: 30, maxMB: (all - 1) / MiB },
    };
    const more = [mutationEvent(T0 + 25_000)];
    h.clock.now = T0 + 26_000;

    await h.ingest.batch(TAB, makeBatch(BUFFER, PAGE_1, 3, more), metaOf(more));

    const keys = (await (await h.db()).getAllKeys('chunks')).map((k) => k[2]);
    expect(keys).toEqual([1, 2, 3]);
    expect(await h.store.get(BUFFER)).toMatchObject({ status: 'buffer', startedAt: T0 + 10_000 });
  });

  it("a buffer whose newest part alone is over its cap asks for a new buffer (sizeCapReached 'buffer')", async () => {
    await bufferWithSegments([T0]);
    h.settings.current = {
      ...DEFAULT_SETTINGS,
      instantReplay: { ...DEFAULT_SETTINGS.instantReplay, enabled: true, minutes: 30, maxMB: 100 / MiB },
    };
    const heard = vi.fn();
    h.events.sizeCapReached.on(heard);
    const more = [mutationEvent(T0 + 5_000)];

    await h.ingest.batch(TAB, makeBatch(BUFFER, PAGE_1, 1, more), metaOf(more));

    expect(heard).toHaveBeenCalledWith({ tabId: TAB, sessionId: BUFFER, mode: 'buffer' });
  });

  it("a recording over its byte cap is stopped (sizeCapReached 'record'); once ended so, its late batches are refused", async () => {
    await h.store.create(session(SESSION_A));
    await h.store.update(SESSION_A, (s) => ({ ...s, storedBytes: 3 * MiB }));
    h.settings.current = { ...DEFAULT_SETTINGS, recording: { ...DEFAULT_SETTINGS.recording, maxSessionMB: 2 } };
    const heard = vi.fn();
    h.events.sizeCapReached.on(heard);
    const events = pageEvents(T0, 1);

    expect(await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).toMatchObject({
      type: 'ack',
    });
    expect(heard).toHaveBeenCalledWith({ tabId: TAB, sessionId: SESSION_A, mode: 'record' });

    await h.store.finish(SESSION_A, 'complete', 'max-size', T0 + 1000);
    const late = [mutationEvent(T0 + 900)];
    expect(await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 1, late), metaOf(late))).toMatchObject({
      type: 'reject',
      error: 'the session reached its size cap',
    });
  });

  it("out of quota, a buffer's batch evicts no saved session: the buffer drops its own oldest part", async () => {
    await finishedSession(h.store, SAVED, T0 - 5000, 1);
    await bufferWithSegments([T0, T0 + 10_000]);
    const evict = vi.spyOn(h.retention, 'evictOldest');
    vi.spyOn(h.store, 'append').mockRejectedValueOnce(new QuotaError('QuotaExceededError'));
    const more = [mutationEvent(T0 + 15_000)];
    h.clock.now = T0 + 16_000;

    const reply = await h.ingest.batch(TAB, makeBatch(BUFFER, PAGE_1, 2, more), metaOf(more));

    expect(reply).toMatchObject({ type: 'ack', seq: 2 });
    expect(evict).not.toHaveBeenCalled();
    expect(await h.store.get(SAVED)).toMatchObject({ status: 'complete' });
    expect((await (await h.db()).getAllKeys('chunks')).map((k) => k[2])).toEqual([1, 2]);
  });

  it("clamps event times far from the background's clock (a session cannot be stretched to years)", async () => {
    await h.store.create(session(SESSION_A));
    const YEAR = 365 * 24 * 3600_000;
    const events = [...pageEvents(T0, 1), mutationEvent(T0 + 10 * YEAR), mutationEvent(T0 - 10 * YEAR)];

    expect(await h.ingest.batch(TAB, makeBatch(SESSION_A, PAGE_1, 0, events), metaOf(events))).toMatchObject({
      type: 'ack',
    });

    const stored = (await readSessionEvents(await h.db(), SESSION_A)).events.map((e) => e.timestamp);
    expect(Math.max(...stored)).toBeLessThanOrEqual(T0 + 10_000);
    expect(Math.min(...stored)).toBeGreaterThanOrEqual(T0 - 60_000);
    expect((await h.store.get(SESSION_A))!.lastEventAt).toBeLessThanOrEqual(T0 + 10_000);
    expect(h.diagnostics.snapshot().errors['clamped-timestamps']).toBe(1);
  });

  it('holds back a tab over its rate (no answer: the page offers the batch again) and takes it once the rate allows', async () => {
    const rated = testDeps(T0);
    const retention = new Retention(rated.store);
    const ingest = new Ingest({ ...rated.deps, retention, rates: new TabRates(1000, 1000) });
    await rated.store.create(session(SESSION_A));
    const first = pageEvents(T0, 1);
    const second = [mutationEvent(T0 + 100)];
    const b1 = makeBatch(SESSION_A, PAGE_1, 0, first);
    const b2 = makeBatch(SESSION_A, PAGE_1, 1, second);
    // The first batch takes the whole burst: nothing is left for the second until time passes.
    expect(b1.events.length).toBeGreaterThanOrEqual(1000);

    expect(await ingest.batch(TAB, b1, metaOf(first))).toMatchObject({ type: 'ack', seq: 0 });
    expect(await ingest.batch(TAB, b2, metaOf(second))).toBeNull();
    expect(rated.diagnostics.snapshot().errors['rate-limited']).toBe(1);
    // Another tab has its own bucket.
    await rated.store.create(session(SESSION_B, { tabId: OTHER_TAB }));
    expect(await ingest.batch(OTHER_TAB, makeBatch(SESSION_B, PAGE_2, 0, second), metaOf(second))).toMatchObject({
      type: 'ack',
    });

    rated.clock.now = T0 + 2000;
    expect(await ingest.batch(TAB, b2, metaOf(second))).toMatchObject({ type: 'ack', seq: 1 });
  });
});
