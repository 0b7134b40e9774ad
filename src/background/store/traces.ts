/**
 * Backend traces stored with their session: each source's answer is merged into the session's record of
 * that trace in one transaction, so two sources answering at once cannot lose each other's spans.
 */
import { readSessionsByTraceId } from '../../shared/db/read-requests';
import { readSessionTrace, readSessionTraces } from '../../shared/db/read-traces';
import type { TraceAnswer, TraceRecord } from '../../shared/model';
import { mergeTraces } from '../../shared/traces/merge';
import type { Trace } from '../../shared/traces/model';
import type { Database } from './database';

/** What one source answered for one trace. */
export interface TraceFromSource {
  sourceId: string;
  kind: string;
  trace: Trace;
  fetchedAt: number;
}

/** A trace's size as stored, estimated by its JSON (IndexedDB's structured clone is about as large). */
export const traceBytes = (trace: Trace): number => JSON.stringify(trace).length;

export class Traces {
  constructor(private readonly database: Database) {}

  /** Merges a source's trace into the session's record of it; undefined (nothing stored) when the session is gone. */
  async put(sessionId: string, answer: TraceFromSource): Promise<TraceRecord | undefined> {
    return this.database.write(async (db) => {
      const tx = db.transaction(['sessions', 'traces'], 'readwrite');
      const traceId = answer.trace.traceId;
      const [session, existing] = await Promise.all([
        tx.objectStore('sessions').get(sessionId),
        tx.objectStore('traces').get([sessionId, traceId]),
      ]);
      if (session === undefined) {
        await tx.done;
        return undefined;
      }
      const entry: TraceAnswer = {
        sourceId: answer.sourceId,
        kind: answer.kind,
        fetchedAt: answer.fetchedAt,
        spanCount: answer.trace.spans.length,
      };
      const trace = mergeTraces(existing ? [existing.trace, answer.trace] : [answer.trace])[0]!;
      const record: TraceRecord = {
        sessionId,
        traceId,
        trace,
        sources: [...(existing?.sources ?? []).filter((s) => s.sourceId !== answer.sourceId), entry],
        updatedAt: answer.fetchedAt,
        bytes: traceBytes(trace),
      };
      void tx.objectStore('traces').put(record);
      // Traces count toward the session's size, so the storage limit and the library's sizes include them.
      const grown = record.bytes! - (existing ? (existing.bytes ?? traceBytes(existing.trace)) : 0);
      void tx.objectStore('sessions').put({ ...session, storedBytes: session.storedBytes + grown });
      await tx.done;
      return record;
    });
  }

  /** The sessions whose requests carry each trace id (the request indexes). */
  async sessionsByTraceId(traceIds: readonly string[]): Promise<Map<string, string[]>> {
    return readSessionsByTraceId(await this.database.read(), traceIds);
  }

  async get(sessionId: string, traceId: string): Promise<TraceRecord | undefined> {
    return readSessionTrace(await this.database.read(), sessionId, traceId);
  }

  /** A session's stored traces (the same query the panel reads with). */
  async of(sessionId: string): Promise<TraceRecord[]> {
    return readSessionTraces(await this.database.read(), sessionId);
  }
}
