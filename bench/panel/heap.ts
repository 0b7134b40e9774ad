import type { CDPSession } from 'playwright-core';

/** The page's JS heap in bytes after two forced garbage collections (what is left is what the page holds). */
export async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
}
