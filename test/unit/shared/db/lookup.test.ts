import { describe, expect, it } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { SessionStore } from '../../../../src/background/store/session-store';
import { lookupIds } from '../../../../src/shared/db/lookup';
import { openTandemDb } from '../../../../src/shared/db/schema';
import { parseLookupId } from '../../../../src/shared/lookup-id';
import type { RequestRecord } from '../../../../src/shared/model';
import { alignTrace } from '../../../../src/shared/traces/align';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { freshDb, newSession, SESSION_A, SESSION_B, T0 } from '../../fixtures/db';
import { observation, wrapperRecord } from '../../fixtures/network';
import { fixtureJson, onlyTrace, spanById } from '../traces/fixtures';

// The captured checkout: shop-web's client span `POST /api/pay` calls payments, whose `charge card` is a grandchild.
const checkout = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
const TRACE = checkout.traceId;
const PAY_CLIENT = 'd114ccf5c4f706f6';
const PAY_SERVER = '6c22fcf3d84e24e1';
const CHARGE = 'bedb07bfbb752f33';
const OTHER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A stored request of `sessionId`, as network capture builds one, with the ids the test needs. */
function request(sessionId: string, id: string, overrides: Partial<RequestRecord> = {}): RequestRecord {
  const base = buildRequestRecord(
    observation({ sessionId, requestId: id, startTs: T0 + 100, endTs: T0 + 140 }),
    wrapperRecord({ sessionId, startTs: T0 + 100, endTs: T0 + 140 }),
    { headers: [], queryParams: [] },
  );
  return { ...base, traceId: null, spanId: null, responseTraceId: null, responseSpanId: null, ...overrides };
}

async function library() {
  const { db } = freshDb();
  const store = new SessionStore(db);
  // B is the newer session.
  await store.create(newSession(SESSION_A, { now: T0 }));
  await store.create(newSession(SESSION_B, { now: T0 + 60_000 }));
  const add = (r: RequestRecord) => store.appendRequest(r, requestSpan(r));
  const find = async (text: string) => lookupIds(await db(), parseLookupId(text)!);
  return { db, store, add, find };
}

describe('lookupIds', () => {
  it('finds a session by its replay id, at its start, also written as a UUID', async () => {
    const { find } = await library();
    const match = [{ sessionId: SESSION_A, at: T0, matchedBy: 'session' }];
    expect(await find(SESSION_A)).toEqual(match);
    const uuid = `${SESSION_A.slice(0, 8)}-${SESSION_A.slice(8, 12)}-${SESSION_A.slice(12, 16)}-${SESSION_A.slice(16, 20)}-${SESSION_A.slice(20)}`;
    expect(await find(uuid)).toEqual(match);
  });

  it("finds a trace's requests, sent or answered, newest session first, from a traceparent", async () => {
    const { add, find } = await library();
    await add(request(SESSION_A, '1', { traceId: TRACE, spanId: PAY_CLIENT, startTs: T0 + 100 }));
    await add(request(SESSION_B, '2', { traceId: OTHER_TRACE, responseTraceId: TRACE, startTs: T0 + 60_500 }));
    await add(request(SESSION_B, '3', { traceId: OTHER_TRACE, startTs: T0 + 60_600 }));

    expect(await find(`00-${TRACE}-${'1'.repeat(16)}-01`)).toEqual([
      { sessionId: SESSION_B, requestId: '2', at: T0 + 60_500, matchedBy: 'response-trace-id' },
      { sessionId: SESSION_A, requestId: '1', at: T0 + 100, matchedBy: 'trace-id' },
    ]);
  });

  it('finds the request that sent a span id, or whose response named it, above its trace match', async () => {
    const { add, find } = await library();
    await add(request(SESSION_A, '1', { traceId: TRACE, spanId: PAY_CLIENT, startTs: T0 + 100 }));
    await add(request(SESSION_A, '2', { traceId: TRACE, responseSpanId: PAY_SERVER, startTs: T0 + 200 }));

    expect(await find(PAY_CLIENT)).toEqual([
      { sessionId: SESSION_A, requestId: '1', at: T0 + 100, matchedBy: 'span-id' },
    ]);
    // A sentry-trace value names the trace too: request 1 is listed once, by its more precise match.
    expect(await find(`${TRACE}-${PAY_SERVER}-1`)).toEqual([
      { sessionId: SESSION_A, requestId: '2', at: T0 + 200, matchedBy: 'response-span-id' },
      { sessionId: SESSION_A, requestId: '1', at: T0 + 100, matchedBy: 'trace-id' },
    ]);
  });

  it("finds a backend span in a stored trace, at its start on the browser's clock", async () => {
    const { store, add, find } = await library();
    // The server's clock runs 3 s ahead of the browser's: the request window sits 3 s before the server span.
    const server = spanById(checkout, PAY_SERVER);
    const sent = request(SESSION_A, '9', {
      traceId: TRACE,
      spanId: PAY_CLIENT,
      startTs: server.start - 3000 - 5,
      endTs: server.end - 3000 + 5,
    });
    await add(request(SESSION_A, '8', { traceId: TRACE, startTs: sent.startTs - 50 }));
    await add(sent);
    await store.putTrace(SESSION_A, { sourceId: 'tempo', kind: 'tempo-v2', trace: checkout, fetchedAt: T0 });

    const at = alignTrace(sent, checkout.spans).spans.find((s) => s.spanId === CHARGE)!.start;
    expect(at).toBeCloseTo(spanById(checkout, CHARGE).start - 3000, 6);
    expect(await find(CHARGE)).toEqual([{ sessionId: SESSION_A, requestId: '9', at, matchedBy: 'trace-span' }]);
  });

  it('finds a request by its id in every session that has it', async () => {
    const { add, find } = await library();
    await add(request(SESSION_A, '13417', { startTs: T0 + 5 }));
    await add(request(SESSION_B, '13417', { startTs: T0 + 60_005 }));
    await add(request(SESSION_B, '13418'));
    expect((await find('13417')).map((m) => [m.sessionId, m.requestId, m.matchedBy])).toEqual([
      [SESSION_B, '13417', 'request-id'],
      [SESSION_A, '13417', 'request-id'],
    ]);
  });

  it('finds nothing for an unknown id, and leaves out hidden instant-replay buffers', async () => {
    const { store, add, find } = await library();
    expect(await find(OTHER_TRACE)).toEqual([]);
    await store.create(newSession('c'.repeat(32), { now: T0 + 90_000, trigger: 'instant-replay' }));
    await store.update('c'.repeat(32), (s) => ({ ...s, status: 'buffer' }));
    await add(request('c'.repeat(32), '1', { traceId: OTHER_TRACE }));
    expect(await find(OTHER_TRACE)).toEqual([]);
    expect(await find('c'.repeat(32))).toEqual([]);
  });

  it('reads a database carried forward from version 2 by the real migrations', async () => {
    const { name } = freshDb();
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name, 2);
      open.onupgradeneeded = () => {
        const v2 = open.result;
        v2.createObjectStore('sessions', { keyPath: 'id' }).createIndex('byStartedAt', 'startedAt');
        v2.createObjectStore('chunks', { keyPath: ['sessionId', 'pageId', 'seq'] });
        const requests = v2.createObjectStore('requests', { keyPath: ['sessionId', 'id'] });
        requests.createIndex('bySessionTime', ['sessionId', 'startTs']);
        requests.createIndex('byTraceId', 'traceId');
        requests.createIndex('byResponseTraceId', 'responseTraceId');
        open.transaction!.objectStore('sessions').put({ id: SESSION_A, startedAt: T0, status: 'complete' });
        open.transaction!.objectStore('requests').put(request(SESSION_A, '7', { traceId: TRACE, spanId: PAY_CLIENT }));
      };
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
    });
    const db = await openTandemDb(name);
    // The v3 traces store exists now and is empty: a span id is looked for in it without failing.
    expect(await lookupIds(db, parseLookupId(TRACE)!)).toEqual([
      { sessionId: SESSION_A, requestId: '7', at: T0 + 100, matchedBy: 'trace-id' },
    ]);
    expect(await lookupIds(db, parseLookupId(PAY_CLIENT)!)).toEqual([
      { sessionId: SESSION_A, requestId: '7', at: T0 + 100, matchedBy: 'span-id' },
    ]);
    db.close();
  });
});
