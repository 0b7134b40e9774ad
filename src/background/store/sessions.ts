/** Session records: created when a recording starts, changed as it goes and ends, deleted with all they hold. */
import { listSessions } from '../../shared/db/read';
import type { EndReason, SessionRecord, SessionTrigger } from '../../shared/model';
import type { Database } from './database';
import type { RedactUrl } from './redact-urls';

export interface NewSession {
  id: string;
  tabId: number;
  trigger: SessionTrigger;
  buffer?: boolean;
  url: string;
  title: string;
  now: number;
}

export class Sessions {
  constructor(
    private readonly database: Database,
    private readonly redactUrl: RedactUrl,
  ) {}

  async create(input: NewSession): Promise<SessionRecord> {
    const url = await this.redactUrl(input.url);
    const record: SessionRecord = {
      id: input.id,
      tabId: input.tabId,
      trigger: input.trigger,
      status: input.buffer ? 'buffer' : 'recording',
      startedAt: input.now,
      endedAt: null,
      lastEventAt: input.now,
      lastActivityAt: input.now,
      endReason: null,
      firstUrl: url,
      title: input.title,
      urls: url ? [url] : [],
      pageCount: 0,
      eventCount: 0,
      chunkCount: 0,
      storedBytes: 0,
      rawBytes: 0,
      pinned: false,
    };
    await this.database.write(async (db) => db.put('sessions', record));
    return record;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return (await this.database.read()).get('sessions', id);
  }

  /** Every session, buffers included, newest first. */
  async list(): Promise<SessionRecord[]> {
    return listSessions(await this.database.read());
  }

  /** Every session, buffers included, in key order. */
  async all(): Promise<SessionRecord[]> {
    return (await this.database.read()).getAll('sessions');
  }

  /** Applies `change` to a session in one transaction; returns the new record, or undefined if absent/unchanged. */
  async update(id: string, change: (s: SessionRecord) => SessionRecord | null): Promise<SessionRecord | undefined> {
    return this.database.write(async (db) => {
      const tx = db.transaction('sessions', 'readwrite');
      const session = await tx.store.get(id);
      const next = session ? change(session) : null;
      if (next) await tx.store.put(next);
      await tx.done;
      return next ?? undefined;
    });
  }

  /** Ends a live session (recording or buffer); `interrupted` ends it at its last stored event. */
  async finish(id: string, status: 'complete' | 'interrupted', reason: EndReason, at: number): Promise<void> {
    await this.update(id, (s) =>
      s.status === 'recording' || s.status === 'buffer'
        ? { ...s, status, endReason: reason, endedAt: status === 'interrupted' ? s.lastEventAt : at }
        : null,
    );
  }

  async setPinned(id: string, pinned: boolean): Promise<boolean> {
    return (await this.update(id, (s) => ({ ...s, pinned }))) !== undefined;
  }

  /** Sets the user's name (empty: none) and tags; undefined if there is no such session. */
  async label(id: string, name: string, tags: string[]): Promise<SessionRecord | undefined> {
    return this.update(id, ({ name: _old, tags: _oldTags, ...s }) => ({
      ...s,
      ...(name ? { name } : {}),
      ...(tags.length ? { tags: [...new Set(tags)] } : {}),
    }));
  }

  /** Deletes a session with its chunks, requests and traces, in one transaction; false if there was none. */
  async delete(id: string): Promise<boolean> {
    return this.database.write(async (db) => {
      const tx = db.transaction(['sessions', 'chunks', 'requests', 'traces'], 'readwrite');
      const found = (await tx.objectStore('sessions').getKey(id)) !== undefined;
      await tx.objectStore('sessions').delete(id);
      await tx.objectStore('chunks').delete(IDBKeyRange.bound([id], [id, []]));
      await tx.objectStore('requests').delete(IDBKeyRange.bound([id], [id, []]));
      await tx.objectStore('traces').delete(IDBKeyRange.bound([id], [id, []]));
      await tx.done;
      return found;
    });
  }

  /** Marks live sessions not in `live` interrupted (their tab or the browser died); buffers are dropped. */
  async interruptAllExcept(live: ReadonlySet<string>): Promise<string[]> {
    const stale = (await this.all()).filter(
      (s) => (s.status === 'recording' || s.status === 'buffer') && !live.has(s.id),
    );
    for (const s of stale) {
      if (s.status === 'buffer') await this.delete(s.id);
      else await this.finish(s.id, 'interrupted', 'interrupted', s.lastEventAt);
    }
    return stale.filter((s) => s.status === 'recording').map((s) => s.id);
  }
}
