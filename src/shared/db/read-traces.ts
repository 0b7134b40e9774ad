/** Read-side queries of stored backend traces, shared by the worker's store and the panel. */
import type { TraceRecord } from '../model';
import type { TandemDb } from './schema';

/** A session's stored traces, in trace id order. Read-only: the background is the only writer. */
export function readSessionTraces(db: TandemDb, sessionId: string): Promise<TraceRecord[]> {
  return db.getAll('traces', IDBKeyRange.bound([sessionId], [sessionId, []]));
}

/** One stored trace of a session, or undefined when no source has answered with it yet. */
export function readSessionTrace(db: TandemDb, sessionId: string, traceId: string): Promise<TraceRecord | undefined> {
  return db.get('traces', [sessionId, traceId]);
}
