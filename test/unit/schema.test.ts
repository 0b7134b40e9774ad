import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, openTandemDb } from '../../src/shared/db/schema';
import { freshDb, SESSION_A } from './fixtures/db';

describe('openTandemDb', () => {
  it('creates the current schema version with both stores, their keys and indexes', async () => {
    const { db: open } = freshDb();
    const db = await open();

    // DB_VERSION is the number of migrations (v1 is the only one): a new database runs them all.
    expect(Number.isInteger(DB_VERSION) && DB_VERSION >= 1).toBe(true);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['chunks', 'sessions']);

    const tx = db.transaction(['sessions', 'chunks']);
    const sessions = tx.objectStore('sessions');
    const chunks = tx.objectStore('chunks');
    expect(sessions.keyPath).toBe('id');
    expect(sessions.index('byStartedAt').keyPath).toBe('startedAt');
    expect(chunks.keyPath).toEqual(['sessionId', 'pageId', 'seq']);
    expect(chunks.index('bySessionTime').keyPath).toEqual(['sessionId', 'firstTs']);
    await tx.done;
    db.close();
  });

  it('uses "tandem" as the default database name', () => {
    expect(DB_NAME).toBe('tandem');
  });

  it('opens an existing database again without migrating, keeping its data', async () => {
    const { name } = freshDb();
    const first = await openTandemDb(name);
    await first.put('sessions', {
      id: SESSION_A, tabId: 1, trigger: 'manual', status: 'complete', startedAt: 1, endedAt: 2, lastEventAt: 2, lastActivityAt: 2, endReason: 'stopped',
      firstUrl: '', title: '', urls: [], pageCount: 0, eventCount: 0, chunkCount: 0, storedBytes: 0, rawBytes: 0, pinned: false,
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
