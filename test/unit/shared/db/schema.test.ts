import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openTandemDb } from '../../../../src/shared/db/schema';
import { freshDb, SESSION_A } from '../../fixtures/db';

const TRACE = 'e65eaae45b964461c50ba0f16eaba1e0';

describe('openTandemDb', () => {
  it('creates the current schema version with all four stores, their keys and indexes', async () => {
    const { db: open } = freshDb();
    const db = await open();

    // DB_VERSION is the number of migrations (v1 sessions and chunks, v2 requests, v3 traces, v4 the index of
    // compacted chunks): a new database runs them all.
    expect(DB_VERSION).toBe(4);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'requests', 'sessions', 'traces']);

    const tx = db.transaction(['sessions', 'chunks', 'requests', 'traces']);
    const sessions = tx.objectStore('sessions');
    const chunks = tx.objectStore('chunks');
    const requests = tx.objectStore('requests');
    expect(sessions.keyPath).toBe('id');
    expect(sessions.index('byStartedAt').keyPath).toBe('startedAt');
    expect(chunks.keyPath).toEqual(['sessionId', 'pageId', 'seq']);
    expect(chunks.index('bySessionTime').keyPath).toEqual(['sessionId', 'firstTs']);
    expect(chunks.index('byLastSeq').keyPath).toEqual(['sessionId', 'pageId', 'lastSeq']);
    expect(requests.keyPath).toEqual(['sessionId', 'id']);
    expect([...requests.indexNames].sort()).toEqual(['byResponseTraceId', 'bySessionTime', 'byTraceId']);
    expect(requests.index('bySessionTime').keyPath).toEqual(['sessionId', 'startTs']);
    expect(requests.index('byTraceId').keyPath).toBe('traceId');
    expect(requests.index('byResponseTraceId').keyPath).toBe('responseTraceId');
    const traces = tx.objectStore('traces');
    expect(traces.keyPath).toEqual(['sessionId', 'traceId']);
    expect([...traces.indexNames]).toEqual(['byTraceId']);
    expect(traces.index('byTraceId').keyPath).toBe('traceId');
    await tx.done;
    db.close();
  });

  it('carries a version 1 database forward to the current version, keeping its sessions and chunks', async () => {
    const { name } = freshDb();
    // A profile from before network capture: only the v1 stores, created with the raw IndexedDB API.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        const v1 = request.result;
        v1.createObjectStore('sessions', { keyPath: 'id' }).createIndex('byStartedAt', 'startedAt');
        v1.createObjectStore('chunks', { keyPath: ['sessionId', 'pageId', 'seq'] }).createIndex('bySessionTime', [
          'sessionId',
          'firstTs',
        ]);
        request.transaction!.objectStore('sessions').put({ id: SESSION_A, startedAt: 1, status: 'complete' });
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });

    const db = await openTandemDb(name);

    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'requests', 'sessions', 'traces']);
    expect((await db.get('sessions', SESSION_A))?.status).toBe('complete');
    expect(await db.count('requests')).toBe(0);
    expect(await db.count('traces')).toBe(0);
    db.close();
  });

  it('carries a version 2 database forward to the current version, keeping its sessions, chunks and requests', async () => {
    const { name } = freshDb();
    // A profile from before backend traces: the v2 stores, created with the raw IndexedDB API.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 2);
      request.onupgradeneeded = () => {
        const v2 = request.result;
        v2.createObjectStore('sessions', { keyPath: 'id' }).createIndex('byStartedAt', 'startedAt');
        v2.createObjectStore('chunks', { keyPath: ['sessionId', 'pageId', 'seq'] }).createIndex('bySessionTime', [
          'sessionId',
          'firstTs',
        ]);
        const requests = v2.createObjectStore('requests', { keyPath: ['sessionId', 'id'] });
        requests.createIndex('bySessionTime', ['sessionId', 'startTs']);
        requests.createIndex('byTraceId', 'traceId');
        requests.createIndex('byResponseTraceId', 'responseTraceId');
        const tx = request.transaction!;
        tx.objectStore('sessions').put({ id: SESSION_A, startedAt: 1, status: 'complete' });
        tx.objectStore('chunks').put({ sessionId: SESSION_A, pageId: 'p', seq: 0, firstTs: 1 });
        tx.objectStore('requests').put({ sessionId: SESSION_A, id: 'r1', startTs: 2, traceId: TRACE });
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });

    const db = await openTandemDb(name);

    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'requests', 'sessions', 'traces']);
    expect((await db.get('sessions', SESSION_A))?.status).toBe('complete');
    expect(await db.count('chunks')).toBe(1);
    // v4 indexes compacted chunks only: a chunk of one batch (no lastSeq) is not in it.
    expect(await db.countFromIndex('chunks', 'byLastSeq')).toBe(0);
    expect((await db.getAllFromIndex('requests', 'byTraceId', TRACE)).map((r) => r.id)).toEqual(['r1']);
    expect(await db.count('traces')).toBe(0);
    db.close();
  });

  it('uses "tandem" as the default database name', () => {
    expect(DB_NAME).toBe('tandem');
  });

  it('opens an existing database again without migrating, keeping its data', async () => {
    const { name } = freshDb();
    const first = await openTandemDb(name);
    await first.put('sessions', {
      id: SESSION_A,
      tabId: 1,
      trigger: 'manual',
      status: 'complete',
      startedAt: 1,
      endedAt: 2,
      lastEventAt: 2,
      lastActivityAt: 2,
      endReason: 'stopped',
      firstUrl: '',
      title: '',
      urls: [],
      pageCount: 0,
      eventCount: 0,
      chunkCount: 0,
      storedBytes: 0,
      rawBytes: 0,
      pinned: false,
    });
    first.close();

    const second = await openTandemDb(name);
    expect(second.version).toBe(DB_VERSION);
    expect((await second.get('sessions', SESSION_A))?.status).toBe('complete');
    second.close();
  });

  it('can be open twice at the same time', async () => {
    const { name } = freshDb();
    const [a, b] = await Promise.all([openTandemDb(name), openTandemDb(name)]);
    expect(a.version).toBe(DB_VERSION);
    expect(b.version).toBe(DB_VERSION);
    a.close();
    b.close();
  });

  it('steps aside when a newer build upgrades the database, instead of blocking it', async () => {
    const { name } = freshDb();
    const old = await openTandemDb(name);

    const upgraded = await new Promise<{ version: number; blocked: boolean }>((resolve, reject) => {
      let blocked = false;
      const request = indexedDB.open(name, DB_VERSION + 1);
      request.onblocked = () => (blocked = true);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        request.result.close();
        resolve({ version: request.result.version, blocked });
      };
    });

    expect(upgraded).toEqual({ version: DB_VERSION + 1, blocked: false });
    old.close();
  });
});
