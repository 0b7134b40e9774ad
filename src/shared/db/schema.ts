/**
 * The one IndexedDB database. Its schema is versioned: each version's upgrade step lives in MIGRATIONS
 * and runs in order, so a profile at any older version is carried forward (docs/storage.md).
 * Only src/background/store reads and writes it in the worker; pages open it to read.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ChunkRecord, RequestRecord, SessionRecord, TraceRecord } from '../model';

export const DB_NAME = 'tandem';

export interface TandemSchema extends DBSchema {
  sessions: { key: string; value: SessionRecord; indexes: { byStartedAt: number } };
  chunks: {
    /** [sessionId, pageId, seq]: a resent batch lands on the same key, so duplicates cannot be stored. */
    key: [string, string, number];
    value: ChunkRecord;
    /** byLastSeq: compacted chunks only (single batches have no lastSeq), to find the one holding a seq. */
    indexes: { bySessionTime: [string, number]; byLastSeq: [string, string, number] };
  };
  requests: {
    key: [string, string];
    value: RequestRecord;
    indexes: { bySessionTime: [string, number]; byTraceId: string; byResponseTraceId: string };
  };
  /** [sessionId, traceId]: a trace is stored with each session that holds it, so the session carries it. */
  traces: { key: [string, string]; value: TraceRecord; indexes: { byTraceId: string } };
}

export type TandemDb = IDBPDatabase<TandemSchema>;
type UpgradeTx = IDBPTransaction<TandemSchema, StoreNames<TandemSchema>[], 'versionchange'>;

const MIGRATIONS: ((db: TandemDb, tx: UpgradeTx) => void)[] = [
  // v1: sessions and their event chunks.
  (db) => {
    const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
    sessions.createIndex('byStartedAt', 'startedAt');
    const chunks = db.createObjectStore('chunks', { keyPath: ['sessionId', 'pageId', 'seq'] });
    chunks.createIndex('bySessionTime', ['sessionId', 'firstTs']);
  },
  // v2: the request index (network capture), by session and time and by trace id.
  (db) => {
    const requests = db.createObjectStore('requests', { keyPath: ['sessionId', 'id'] });
    requests.createIndex('bySessionTime', ['sessionId', 'startTs']);
    requests.createIndex('byTraceId', 'traceId');
    requests.createIndex('byResponseTraceId', 'responseTraceId');
  },
  // v3: backend traces fetched for a session's requests (docs/traces.md).
  (db) => {
    const traces = db.createObjectStore('traces', { keyPath: ['sessionId', 'traceId'] });
    traces.createIndex('byTraceId', 'traceId');
  },
  // v4: compacted chunks by the last batch they hold, so a resent batch is still found a duplicate once its
  // chunk was merged (docs/storage.md, "Compaction"). No record changes: chunks stored before hold one batch.
  (_db, tx) => {
    tx.objectStore('chunks').createIndex('byLastSeq', ['sessionId', 'pageId', 'lastSeq']);
  },
];

export const DB_VERSION = MIGRATIONS.length;

export function openTandemDb(name = DB_NAME): Promise<TandemDb> {
  return openDB<TandemSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v]!(db, tx);
    },
    // A newer build wants to upgrade: step aside instead of blocking it; the next open gets the new schema.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
