/** Read-side query of the request index: the panel's request list and trace views start here. */
import type { RequestRecord } from '../model';
import type { TandemDb } from './schema';

/**
 * A session's requests in start-time order, read through the 'bySessionTime' index ([sessionId, startTs]),
 * so the order comes from the index and no other session's records are touched. Read-only: the background
 * is the only writer.
 */
export function readSessionRequests(db: TandemDb, sessionId: string): Promise<RequestRecord[]> {
  const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
  return db.getAllFromIndex('requests', 'bySessionTime', range);
}

/**
 * The sessions whose requests carry each trace id (sent, or named by the response), through the
 * `byTraceId` and `byResponseTraceId` indexes in one read transaction. Trace ids no session holds are absent.
 */
export async function readSessionsByTraceId(db: TandemDb, traceIds: readonly string[]): Promise<Map<string, string[]>> {
  const tx = db.transaction('requests', 'readonly');
  const store = tx.objectStore('requests');
  const found = new Map<string, string[]>();
  await Promise.all(
    traceIds.map(async (traceId) => {
      const keys = [
        ...(await store.index('byTraceId').getAllKeys(traceId)),
        ...(await store.index('byResponseTraceId').getAllKeys(traceId)),
      ];
      // Request keys are [sessionId, requestId].
      const sessions = [...new Set(keys.map((key) => key[0]))];
      if (sessions.length > 0) found.set(traceId, sessions);
    }),
  );
  await tx.done;
  return found;
}
