/**
 * A URL pattern as steps (a literal character, or a wildcard's run over a class of characters), matched by
 * a scan that carries the set of steps the URL can have reached, Thompson's construction: time is the URL's
 * length times the pattern's, whatever either holds. The steps mean exactly what url-match.ts's regex means
 * under the `i` flag, so the regex declarativeNetRequest gets and this scan agree on every URL.
 */

/** What a wildcard covers: `.` (anything but a line break), a host's `[^/?#@]`, a scheme's `[a-z0-9+.-]`. */
export type RunClass = 'any' | 'host' | 'scheme';

export type Step =
  /** One character, compared after case folding (`code` is folded). */
  | { kind: 'char'; code: number }
  /** A scheme wildcard's first character: `[a-z]`. */
  | { kind: 'letter' }
  /** Any number of characters of one class. */
  | { kind: 'run'; of: RunClass };

const STAR = 0x2a;

/**
 * The case folding of a case-insensitive regex without the `u` flag (ECMA-262 Canonicalize): a code unit's
 * upper case, unless that is longer than one unit or turns a non-ASCII character into an ASCII one.
 */
function fold(code: number): number {
  if (code < 0x80) return code >= 0x61 && code <= 0x7a ? code - 0x20 : code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const folded = upper.charCodeAt(0);
  return folded < 0x80 ? code : folded;
}

const isLineBreak = (code: number) => code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
// Folded, so lowercase ASCII letters arrive as uppercase; no non-ASCII character folds into ASCII.
const isLetter = (code: number) => code >= 0x41 && code <= 0x5a;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

function inClass(of: RunClass, code: number): boolean {
  if (of === 'any') return !isLineBreak(code);
  if (of === 'host') return code !== 0x2f && code !== 0x3f && code !== 0x23 && code !== 0x40;
  return isLetter(code) || isDigit(code) || code === 0x2b || code === 0x2e || code === 0x2d;
}

/** The steps of a pattern's part, its `*`s standing for runs of `star`. */
export function stepsOf(text: string, star: RunClass): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== STAR) steps.push({ kind: 'char', code: fold(code) });
    else {
      if (star === 'scheme') steps.push({ kind: 'letter' });
      steps.push({ kind: 'run', of: star });
    }
  }
  return steps;
}

/**
 * Whether the steps cover the whole URL; with `anyPath`, also a URL that goes on, after what they cover,
 * with `/`, `?` or `#` and then anything but a line break (the regex's `(?:[/?#].*)?`).
 */
export function runSteps(steps: readonly Step[], url: string, anyPath: boolean): boolean {
  const end = steps.length;
  // seen[s] === round: step s is already in this round's set.
  const seen = new Int32Array(end + 1).fill(-1);
  const add = (set: number[], from: number, round: number) => {
    // Entering a run may also skip it: the run can cover nothing.
    for (let s = from; s <= end && seen[s] !== round; s++) {
      seen[s] = round;
      set.push(s);
      if (s === end || steps[s]!.kind !== 'run') break;
    }
  };
  let lastLineBreak = -1;
  if (anyPath) for (let i = 0; i < url.length; i++) if (isLineBreak(url.charCodeAt(i))) lastLineBreak = i;

  let round = 0;
  let current: number[] = [];
  add(current, 0, round);
  for (let i = 0; i < url.length; i++) {
    const raw = url.charCodeAt(i);
    if (anyPath && seen[end] === round && (raw === 0x2f || raw === 0x3f || raw === 0x23) && lastLineBreak < i) {
      return true;
    }
    const code = fold(raw);
    round++;
    const next: number[] = [];
    for (const s of current) {
      const step = steps[s];
      if (step === undefined) continue;
      if (step.kind === 'run') {
        if (inClass(step.of, code)) add(next, s, round);
      } else if (step.kind === 'char' ? step.code === code : isLetter(code)) {
        add(next, s + 1, round);
      }
    }
    if (next.length === 0) return false;
    current = next;
  }
  return seen[end] === round;
}
