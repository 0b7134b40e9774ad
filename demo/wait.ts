/**
 * Polls `check` until it returns something truthy; throws `timed out waiting for <what>` at the deadline.
 * An exception from `check` ends the wait at once (e.g. the process being waited for has exited).
 */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
