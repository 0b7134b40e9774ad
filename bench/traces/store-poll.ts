/**
 * Watches Tandem's IndexedDB from an extension page (same origin as the worker, the panel's view of the
 * store) for the Spotlight latency bench: when each request with a trace id, and each trace holding a
 * given span, was first readable. One loop in the page, a read every `everyMs`; keys are listed each round
 * and only new or still-incomplete records are read, so the poll stays cheap as the session grows.
 */
import type { Page } from 'playwright-core';

/** Date.now() in the page of the first poll that saw each one. */
export interface StoreSightings {
  /** trace id -> when a request record carrying it (traceId) was first read. */
  requests: Record<string, number>;
  /** trace id -> when its record first held the span, and that span's end (epoch ms). */
  spans: Record<string, { at: number; end: number }>;
  polls: number;
  /** The longest time between two polls' reads: the resolution actually achieved. */
  maxGapMs: number;
  error?: string;
}

interface PollState extends StoreSightings {
  stop: boolean;
}
type PollGlobal = { __tandemStorePoll?: PollState };

/**
 * Runs in the page. No named inner functions: tsx would wrap them in a helper the page does not have.
 */
function pollInPage([sessionId, spanName, everyMs]: readonly [string, string, number]): void {
  const state: PollState = { requests: {}, spans: {}, polls: 0, maxGapMs: 0, stop: false };
  (globalThis as PollGlobal).__tandemStorePoll = state;
  void (async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('tandem');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const range = IDBKeyRange.bound([sessionId], [sessionId, []]);
    const seenRequests = new Set<string>();
    let last = 0;
    while (!state.stop) {
      const found = await new Promise<{ requests: unknown[]; traces: unknown[] }>((resolve, reject) => {
        const tx = db.transaction(['requests', 'traces']);
        const requests: unknown[] = [];
        const traces: unknown[] = [];
        const requestKeys = tx.objectStore('requests').getAllKeys(range);
        requestKeys.onsuccess = () => {
          for (const key of requestKeys.result as [string, string][]) {
            if (seenRequests.has(key[1])) continue;
            seenRequests.add(key[1]);
            const get = tx.objectStore('requests').get(key);
            get.onsuccess = () => requests.push(get.result);
          }
        };
        const traceKeys = tx.objectStore('traces').getAllKeys(range);
        traceKeys.onsuccess = () => {
          for (const key of traceKeys.result as [string, string][]) {
            if (state.spans[key[1]]) continue;
            const get = tx.objectStore('traces').get(key);
            get.onsuccess = () => traces.push(get.result);
          }
        };
        tx.oncomplete = () => resolve({ requests, traces });
        tx.onerror = () => reject(tx.error);
      });
      const now = Date.now();
      if (last > 0) state.maxGapMs = Math.max(state.maxGapMs, now - last);
      last = now;
      state.polls++;
      for (const r of found.requests as { traceId: string | null }[]) {
        if (r.traceId && state.requests[r.traceId] === undefined) state.requests[r.traceId] = now;
      }
      for (const t of found.traces as { traceId: string; trace: { spans: { name: string; end: number }[] } }[]) {
        const span = t.trace.spans.find((s) => s.name === spanName);
        if (span) state.spans[t.traceId] = { at: now, end: span.end };
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    db.close();
  })().catch((error: unknown) => {
    state.error = String(error);
  });
}

export interface StorePoll {
  /** What the page has seen so far. */
  read(): Promise<StoreSightings>;
  stop(): Promise<void>;
}

/** Starts polling `sessionId`'s records from `page` (an extension page) every `everyMs`. */
export async function startStorePoll(page: Page, sessionId: string, spanName: string, everyMs: number) {
  await page.evaluate(pollInPage, [sessionId, spanName, everyMs] as const);
  const poll: StorePoll = {
    async read() {
      const seen = await page.evaluate(() => {
        const s = (globalThis as PollGlobal).__tandemStorePoll;
        return s && { requests: s.requests, spans: s.spans, polls: s.polls, maxGapMs: s.maxGapMs, error: s.error };
      });
      if (!seen) throw new Error('the store poll is not running in the extension page');
      if (seen.error) throw new Error(`the store poll failed: ${seen.error}`);
      return seen;
    },
    async stop() {
      await page.evaluate(() => {
        const s = (globalThis as PollGlobal).__tandemStorePoll;
        if (s) s.stop = true;
      });
    },
  };
  return poll;
}
