import { describe, expect, it } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { importTraceFile } from '../../../../src/background/traces/trace-import';
import type { RequestRecord } from '../../../../src/shared/model';
import { newSession, SESSION_A, testDeps } from '../../fixtures/db';
import { observation, wrapperRecord } from '../../fixtures/network';
import { fixtureText } from '../../shared/traces/fixtures';

const CHECKOUT = 'e65eaae45b964461c50ba0f16eaba1e0';
const T0 = 1_700_000_000_000;

async function setup(traceId: string) {
  const t = testDeps(T0, { requestWriteDelayMs: 0 });
  await t.store.create(newSession(SESSION_A));
  const built = buildRequestRecord(observation({ requestId: 'r1' }), wrapperRecord({ id: 'r1' }), {
    headers: [],
    queryParams: [],
  });
  const record: RequestRecord = { ...built, traceId, responseTraceId: null };
  await t.store.appendRequest(record, requestSpan(record));
  return t;
}

describe('importTraceFile (real OTLP export, real store)', () => {
  it("stores the file's trace with the session that carries it, under the source `file`", async () => {
    const t = await setup(CHECKOUT);
    const result = await importTraceFile(t.deps, SESSION_A, fixtureText('otel-js-otlp.json'));
    expect(result).toEqual({ format: 'otlp', stored: [{ traceId: CHECKOUT, spanCount: 8 }], ignored: 0, warnings: [] });
    const stored = await t.store.traceOf(SESSION_A, CHECKOUT);
    expect(stored?.sources).toEqual([{ sourceId: 'file', kind: 'otlp', fetchedAt: T0, spanCount: 8 }]);
    expect(t.notify).toHaveBeenCalledWith({ type: 'trace-stored', sessionId: SESSION_A, traceId: CHECKOUT });
  });

  it("counts and skips traces the session's requests do not carry", async () => {
    const t = await setup('0af7651916cd43dd8448eb211c80319c');
    const result = await importTraceFile(t.deps, SESSION_A, fixtureText('otel-js-otlp.json'));
    expect(result).toMatchObject({ stored: [], ignored: 1 });
    expect(await t.store.tracesOf(SESSION_A)).toEqual([]);
  });

  it('refuses a file that is not a trace, and an unknown session, storing nothing', async () => {
    const t = await setup(CHECKOUT);
    await expect(importTraceFile(t.deps, SESSION_A, '<html>')).rejects.toThrow(/not a trace file/);
    await expect(importTraceFile(t.deps, 'f'.repeat(32), fixtureText('otel-js-otlp.json'))).rejects.toThrow(
      /no session/,
    );
    expect(await t.store.tracesOf(SESSION_A)).toEqual([]);
  });
});
