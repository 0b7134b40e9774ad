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
