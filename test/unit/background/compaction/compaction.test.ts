import { afterEach, describe, expect, it, vi } from 'vitest';
import { Compaction, compactionDue, LIVE_AGE_MS } from '../../../../src/background/compaction/compaction';
import type { SessionRecord } from '../../../../src/shared/model';
import { makeBatch, metaOf, newSession, PAGE_1, SESSION_A, SESSION_B, T0, testDeps } from '../../fixtures/db';
import { mutationEvent, pageEvents } from '../../fixtures/rrweb-events';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A session of `n` one-second batches of one document, from T0. */
async function recorded(h: ReturnType<typeof testDeps>, id: string, n: number, buffer = false) {
  await h.store.create(newSession(id, { buffer }));
  for (let seq = 0; seq < n; seq++) {
    const events = seq === 0 ? pageEvents(T0, 1) : [mutationEvent(T0 + seq * 1000, `m${seq}`, 100 + seq)];
    await h.store.append(makeBatch(id, PAGE_1, seq, events), metaOf(events));
  }
}

describe('Compaction (real store on fake-indexeddb, fake clock)', () => {
  it("compacts a recording's session once its recording stops, not while it records", async () => {
    const h = testDeps(T0 + 10_000);
    await recorded(h, SESSION_A, 5);
    const compaction = new Compaction({ ...h.deps, afterStopMs: 0 });
    compaction.listen();

    await h.events.recordingChanged.emit({ tabId: 7, rec: { sessionId: SESSION_A, startedAt: T0, mode: 'record' } });
    await h.store.finish(SESSION_A, 'complete', 'stopped', T0 + 5000);
    expect((await h.store.get(SESSION_A))!.chunkCount).toBe(5);
    await h.events.recordingChanged.emit({ tabId: 7, rec: undefined });

    await vi.waitFor(async () => expect((await h.store.get(SESSION_A))!.chunkCount).toBe(1));
    expect((await h.store.get(SESSION_A))!.compaction?.chunkCount).toBe(1);
  });

  it('on the alarm, compacts finished sessions not compacted since their last chunk, never a buffer', async () => {
    const h = testDeps(T0 + 10_000);
    await recorded(h, SESSION_A, 4);
    await h.store.finish(SESSION_A, 'interrupted', 'interrupted', T0 + 4000);
    await recorded(h, SESSION_B, 4, true);

    await new Compaction(h.deps).sweep();

    expect((await h.store.get(SESSION_A))!.chunkCount).toBe(1);
    expect((await h.store.get(SESSION_B))!.chunkCount).toBe(4);
  });

  it('on the alarm, merges a long recording only where its chunks are old enough and can no longer grow', async () => {
    const h = testDeps(T0 + 10_000);
    await recorded(h, SESSION_A, 6);
    // A checkout at 6 s closes the first run; the run it starts may still grow.
    const checkout = pageEvents(T0 + 6000, 1);
    await h.store.append(makeBatch(SESSION_A, PAGE_1, 6, checkout), metaOf(checkout));
    const later = [mutationEvent(T0 + 7000)];
    await h.store.append(makeBatch(SESSION_A, PAGE_1, 7, later), metaOf(later));
    const compaction = new Compaction(h.deps);

    await compaction.sweep();
    expect((await h.store.get(SESSION_A))!.chunkCount).toBe(8);

    h.clock.now = T0 + 7000 + LIVE_AGE_MS + 60_000;
    await compaction.sweep();
    const session = (await h.store.get(SESSION_A))!;
    expect(session.chunkCount).toBe(3);
    expect(session.compaction?.through).toBe(T0 + 6000);
    expect(session.status).toBe('recording');
  });

  it('counts a failed pass in diagnostics and goes on with the next session', async () => {
    const h = testDeps(T0);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const compact = vi.spyOn(h.store, 'compact').mockRejectedValueOnce(new Error('IndexedDB closed'));
    await recorded(h, SESSION_A, 3);
    await recorded(h, SESSION_B, 3);
    for (const id of [SESSION_A, SESSION_B]) await h.store.finish(id, 'complete', 'stopped', T0 + 3000);

    await new Compaction(h.deps).sweep();

    expect(h.diagnostics.snapshot().errors.compaction).toBe(1);
    expect(compact).toHaveBeenCalledTimes(2);
  });
});

describe('compactionDue', () => {
  const base = { status: 'complete', chunkCount: 10, startedAt: T0 } as SessionRecord;
  it('is due for a finished session until a pass saw its last chunk', () => {
    expect(compactionDue(base, T0)).toBe(true);
    expect(compactionDue({ ...base, compaction: { through: T0, chunkCount: 10 } }, T0)).toBe(false);
    expect(compactionDue({ ...base, compaction: { through: T0, chunkCount: 9 } }, T0)).toBe(true);
  });
  it('is due for a recording once a minute more of it is old enough, and never for a buffer', () => {
    const rec = { ...base, status: 'recording' } as SessionRecord;
    expect(compactionDue(rec, T0 + LIVE_AGE_MS + 59_000)).toBe(false);
    expect(compactionDue(rec, T0 + LIVE_AGE_MS + 60_000)).toBe(true);
    expect(compactionDue({ ...rec, status: 'buffer' }, T0 + 3_600_000)).toBe(false);
  });
});
