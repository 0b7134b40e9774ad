/** Polls for a condition no event announces (a target appearing, a page loading); for e2e, bench and CDP helpers. */

/** How often `until` asks again. */
const POLL_MS = 100;

/**
 * Asks `fn` until it gives a value (an error counts as not yet: a page still loading, a target not there),
 * and fails with `what` after `timeoutMs`. For conditions the harness cannot be told about by an event.
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS)); // a poll interval, not a wait for something to happen
  }
}
