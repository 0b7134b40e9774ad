import { describe, expect, it, vi } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { SessionStore } from '../../../../src/background/store/session-store';
import { readSessionRequests } from '../../../../src/shared/db/read-requests';
import type { RequestRecord } from '../../../../src/shared/model';
import { freshDb, SESSION_A, SESSION_B } from '../../fixtures/db';
import { observation, T0, wrapperRecord } from '../../fixtures/network';
import { SHOP_URL } from '../../fixtures/rrweb-events';

/** A request as network capture stores it (webRequest's observation joined with the wrapper's record). */
function request(sessionId: string, requestId: string, startTs: number): RequestRecord {
  return buildRequestRecord(
    observation({ sessionId, requestId, startTs, endTs: startTs + 40 }),
    wrapperRecord({ sessionId, startTs, endTs: startTs + 40 }),
    { headers: [], queryParams: [] },
  );
}

async function withSessions() {
  const { db } = freshDb();
  const store = new SessionStore(db);
  for (const id of [SESSION_A, SESSION_B])
    await store.create({ id, tabId: 1, trigger: 'manual', url: SHOP_URL, title: 'Shop', now: T0 });
  const add = (r: RequestRecord) => store.appendRequest(r, requestSpan(r));
  return { db, add };
}

describe('readSessionRequests', () => {
  it("returns only the session's requests, in start-time order, whole", async () => {
    const { db, add } = await withSessions();
    // Ids sort the other way round from start times, so key order cannot pass for time order.
    const late = request(SESSION_A, '100', T0 + 300);
    const early = request(SESSION_A, '300', T0 + 100);
    const middle = request(SESSION_A, '200', T0 + 200);
    const other = request(SESSION_B, '150', T0 + 150);
    for (const r of [late, other, early, middle]) expect(await add(r)).toBe(true);

    expect(await readSessionRequests(await db(), SESSION_A)).toEqual([early, middle, late]);
    expect(await readSessionRequests(await db(), SESSION_B)).toEqual([other]);
  });

  it('returns nothing for a session without requests', async () => {
    const { db } = await withSessions();
    expect(await readSessionRequests(await db(), SESSION_A)).toEqual([]);
  });

  it('never opens a readwrite transaction', async () => {
    const { db, add } = await withSessions();
    await add(request(SESSION_A, '1', T0 + 1));
    const database = await db();
    const transaction = vi.spyOn(database, 'transaction');

    await readSessionRequests(database, SESSION_A);

    expect(transaction).toHaveBeenCalled();
    for (const [, mode] of transaction.mock.calls) expect(mode ?? 'readonly').toBe('readonly');
  });
});
