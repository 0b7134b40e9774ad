import { describe, expect, it } from 'vitest';
import { readSessionTraces } from '../../../../src/shared/db/read-traces';
import { newSession, SESSION_A, SESSION_B, storeWithFallback, T0 } from '../../fixtures/db';
import { CHECKOUT_TRACE, traceOf } from '../../fixtures/traces';

const OTHER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const setup = storeWithFallback;

describe('SessionStore.putTrace (fake-indexeddb)', () => {
  it("stores a source's trace with its session, naming the source, when and how many spans", async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    const trace = traceOf(CHECKOUT_TRACE, ['1111111111111111', '2222222222222222']);

    const stored = await store.putTrace(SESSION_A, { sourceId: 'tempo', kind: 'tempo-v2', trace, fetchedAt: T0 + 5 });

    const expected = {
      sessionId: SESSION_A,
      traceId: CHECKOUT_TRACE,
      trace,
      sources: [{ sourceId: 'tempo', kind: 'tempo-v2', fetchedAt: T0 + 5, spanCount: 2 }],
      updatedAt: T0 + 5,
      bytes: JSON.stringify(trace).length,
    };
    expect(stored).toEqual(expected);
    expect(await store.traceOf(SESSION_A, CHECKOUT_TRACE)).toEqual(expected);
  });

  it('merges a second source into the same trace, each span once, and lists both sources', async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    const fromTempo = traceOf(CHECKOUT_TRACE, ['1111111111111111', '2222222222222222']);
    const fromZipkin = traceOf(CHECKOUT_TRACE, ['2222222222222222', '3333333333333333']);

    await store.putTrace(SESSION_A, { sourceId: 'tempo', kind: 'tempo-v2', trace: fromTempo, fetchedAt: T0 });
    await store.putTrace(SESSION_A, { sourceId: 'zipkin', kind: 'zipkin-v2', trace: fromZipkin, fetchedAt: T0 + 1 });
    // The same source again replaces its own entry rather than adding one.
    await store.putTrace(SESSION_A, { sourceId: 'tempo', kind: 'tempo-v2', trace: fromTempo, fetchedAt: T0 + 2 });

    const stored = (await store.traceOf(SESSION_A, CHECKOUT_TRACE))!;
    expect(stored.trace.spans.map((s) => s.spanId).sort()).toEqual([
      '1111111111111111',
      '2222222222222222',
      '3333333333333333',
    ]);
    expect(stored.sources.map((s) => [s.sourceId, s.fetchedAt])).toEqual([
      ['zipkin', T0 + 1],
      ['tempo', T0 + 2],
    ]);
    expect(stored.updatedAt).toBe(T0 + 2);
  });

  it("counts each trace's size in its session's storedBytes, growing as it merges, once per trace", async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    const before = (await store.get(SESSION_A))!.storedBytes;
    const small = traceOf(CHECKOUT_TRACE, ['1111111111111111']);
    const larger = traceOf(CHECKOUT_TRACE, ['1111111111111111', '2222222222222222']);

    const first = (await store.putTrace(SESSION_A, { sourceId: 'a', kind: 'zipkin-v2', trace: small, fetchedAt: T0 }))!;
    expect((await store.get(SESSION_A))!.storedBytes).toBe(before + first.bytes!);
    const second = (await store.putTrace(SESSION_A, {
      sourceId: 'b',
      kind: 'zipkin-v2',
      trace: larger,
      fetchedAt: T0,
    }))!;
    expect(second.bytes).toBeGreaterThan(first.bytes!);
    expect((await store.get(SESSION_A))!.storedBytes).toBe(before + second.bytes!);
    // The same answer again changes nothing.
    await store.putTrace(SESSION_A, { sourceId: 'b', kind: 'zipkin-v2', trace: larger, fetchedAt: T0 });
    expect((await store.get(SESSION_A))!.storedBytes).toBe(before + second.bytes!);
  });

  it('stores nothing for a session that is not there', async () => {
    const { store, db } = setup();
    const trace = traceOf(CHECKOUT_TRACE, ['1111111111111111']);
    expect(await store.putTrace(SESSION_A, { sourceId: 'z', kind: 'zipkin-v2', trace, fetchedAt: T0 })).toBeUndefined();
    expect(await (await db()).count('traces')).toBe(0);
  });

  it("keeps each session's traces apart, and the panel's query reads the same", async () => {
    const { store, db } = setup();
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const put = (sessionId: string, traceId: string) =>
      store.putTrace(sessionId, {
        sourceId: 'j',
        kind: 'jaeger-v1',
        trace: traceOf(traceId, ['1111111111111111']),
        fetchedAt: T0,
      });
    await put(SESSION_A, OTHER_TRACE);
    await put(SESSION_A, CHECKOUT_TRACE);
    await put(SESSION_B, CHECKOUT_TRACE);

    const ofA = await store.tracesOf(SESSION_A);
    expect(ofA.map((t) => t.traceId)).toEqual([OTHER_TRACE, CHECKOUT_TRACE]);
    expect(await readSessionTraces(await db(), SESSION_A)).toEqual(ofA);
    expect((await store.tracesOf(SESSION_B)).map((t) => t.traceId)).toEqual([CHECKOUT_TRACE]);
  });

  it("is deleted with its session, leaving other sessions' traces", async () => {
    const { store } = setup();
    await store.create(newSession(SESSION_A));
    await store.create(newSession(SESSION_B));
    const trace = traceOf(CHECKOUT_TRACE, ['1111111111111111']);
    await store.putTrace(SESSION_A, { sourceId: 'j', kind: 'jaeger-v1', trace, fetchedAt: T0 });
    await store.putTrace(SESSION_B, { sourceId: 'j', kind: 'jaeger-v1', trace, fetchedAt: T0 });

    expect(await store.deleteSession(SESSION_A)).toBe(true);

    expect(await store.tracesOf(SESSION_A)).toEqual([]);
    expect(await store.tracesOf(SESSION_B)).toHaveLength(1);
  });
});
