/**
 * The store's handle on IndexedDB, private to src/background/store: reads and writes both go through it,
 * and a write that fails for lack of space becomes a QuotaError, so callers can make room and try again.
 */
import type { TandemDb } from '../../shared/db/schema';

/** IndexedDB refused a write for lack of space (the origin's quota or the disk). */
export class QuotaError extends Error {}

export const isQuotaError = (e: unknown): boolean =>
  e instanceof DOMException ? e.name === 'QuotaExceededError' : e instanceof Error && /quota/i.test(e.name + e.message);

export class Database {
  constructor(private readonly open: () => Promise<TandemDb>) {}

  /** For reads: the database, opened once by `open`. */
  read(): Promise<TandemDb> {
    return this.open();
  }

  /** Runs a write; a quota failure becomes a QuotaError. */
  async write<T>(fn: (db: TandemDb) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.open());
    } catch (e) {
      if (isQuotaError(e)) throw new QuotaError(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }
}
