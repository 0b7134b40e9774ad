/**
 * Watches the rate of DOM changes. Its observer is created before rrweb's, so in a storm (tens of
 * thousands of nodes) its callback runs first and can stop rrweb before rrweb serializes the storm:
 * disconnecting an observer empties its pending records. Recording resumes with a fresh full snapshot
 * once the page has been calm for `calmMs`.
 */
export interface MutationGuardOptions {
  /** Added plus removed nodes within one second above which the storm handler runs. */
  limit: number;
  calmMs?: number;
  onStorm: (changes: number) => void;
  onCalm: (skipped: number) => void;
}

export function startMutationGuard(o: MutationGuardOptions): () => void {
  const calmMs = o.calmMs ?? 500;
  let windowStart = performance.now();
  let count = 0;
  let storming = false;
  let skipped = 0;
  let calmTimer: ReturnType<typeof setTimeout> | null = null;

  const observer = new MutationObserver((records) => {
    let changes = 0;
    for (const r of records) changes += r.addedNodes.length + r.removedNodes.length;
    const now = performance.now();
    if (now - windowStart > 1000) {
      windowStart = now;
      count = 0;
    }
    count += changes;
    if (storming) {
      skipped += changes;
    } else if (count > o.limit) {
      storming = true;
      skipped = count;
      o.onStorm(count);
    }
    if (storming) {
      if (calmTimer) clearTimeout(calmTimer);
      calmTimer = setTimeout(() => {
        storming = false;
        count = 0;
        windowStart = performance.now();
        o.onCalm(skipped);
      }, calmMs);
    }
  });
  // Node additions and removals are what make rrweb serialize subtrees; attributes are cheap for it.
  observer.observe(document, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    if (calmTimer) clearTimeout(calmTimer);
  };
}
