/**
 * Reports malformed messages from the extension's own background: the first one on the console, later ones
 * not at all, because a mismatched build or a bug repeats the same problem with every message.
 */
export function warnOnce(what: string): (problem: string) => void {
  let warned = false;
  return (problem) => {
    if (warned) return;
    warned = true;
    console.warn(`[tandem] ${what}: ${problem} (further ones are not logged)`);
  };
}
