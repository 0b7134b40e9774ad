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
  /** `hot`: the elements that received most of the storm's nodes, to be left out of the next snapshot. */
  onCalm: (skipped: number, hot: Element[]) => void;
}

/** An element that took at least this share of a storm's nodes is left out of the resumed recording. */
const HOT_SHARE = 0.1;

export function startMutationGuard(o: MutationGuardOptions): () => void {
  const calmMs = o.calmMs ?? 500;
  let windowStart = performance.now();
  let count = 0;
  let storming = false;
  let skipped = 0;
  let calmTimer: ReturnType<typeof setTimeout> | null = null;
  let targets = new Map<Node, number>();

  const observer = new MutationObserver((records) => {
    let changes = 0;
    for (const r of records) {
      const n = r.addedNodes.length + r.removedNodes.length;
      changes += n;
      if (n > 0) targets.set(r.target, (targets.get(r.target) ?? 0) + n);
    }
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
    } else if (targets.size > 1000) {
      targets = new Map();
    }
    if (storming) {
      if (calmTimer) clearTimeout(calmTimer);
      calmTimer = setTimeout(() => {
        storming = false;
        count = 0;
        windowStart = performance.now();
        const hot = [...targets]
          .filter(([node, n]) => n >= skipped * HOT_SHARE && node instanceof Element && node.isConnected)
          .map(([node]) => node as Element);
        targets = new Map();
        o.onCalm(skipped, hot);
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
