/**
 * What the recorder does with an event too big for a port message (EVENTS_MAX_CHARS): a page with a huge
 * inline image or text node makes rrweb produce one. Its longest strings are cut first, which keeps the
 * page's structure for the replay; what still does not fit is dropped. Either way a breadcrumb says so, and
 * the Errors list shows it: a recording loses a part, never silently. Pure functions.
 */
import { breadcrumbEvent, type Breadcrumb, type CustomEvent } from '../shared/replay-events';

export const FULL_SNAPSHOT = 2;
export const INCREMENTAL_SNAPSHOT = 3;

/** Strings are cut to the first of these lengths at which the event fits. */
const KEEP_CHARS = [1024 * 1024, 64 * 1024, 1024];
/** An event this many times over the limit is not even parsed: cutting strings would not save it. */
const PARSE_FACTOR = 4;
// rrweb's and our own events are serialized from object literals that begin with `type`.
const LEADING_TYPE = /^\{"type":(\d+)[,}]/;

const encoder = new TextEncoder();
// biome-ignore lint/suspicious/noControlCharactersInRegex: every ASCII code point, control characters included.
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 bytes, cheaply: most recorded JSON is ASCII, where characters are bytes. */
export const utf8Bytes = (s: string): number => (NON_ASCII.test(s) ? encoder.encode(s).byteLength : s.length);

/** The event's rrweb type, null when it cannot be read. */
export function eventType(json: string): number | null {
  const m = LEADING_TYPE.exec(json);
  if (m) return Number(m[1]);
  try {
    const type: unknown = (JSON.parse(json) as { type?: unknown } | null)?.type;
    return typeof type === 'number' ? type : null;
  } catch {
    return null;
  }
}

export interface Shrunk {
  /** The event with its long strings cut, or null: it had to be dropped. */
  json: string | null;
  type: number | null;
  /** How many strings were cut. */
  cut: number;
}

/** Makes an event fit in `maxBytes` of UTF-8 by cutting its longest strings, or gives it up. */
export function shrinkEvent(json: string, maxBytes: number): Shrunk {
  let value: unknown;
  try {
    if (json.length > maxBytes * PARSE_FACTOR) throw new Error('too big to parse');
    value = JSON.parse(json);
  } catch {
    return { json: null, type: eventType(json.slice(0, 32)), cut: 0 };
  }
  const type = typeof (value as { type?: unknown } | null)?.type === 'number' ? (value as { type: number }).type : null;
  for (const keep of KEEP_CHARS) {
    let cut = 0;
    const shorter = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v !== 'string' || v.length <= keep) return v;
      cut++;
      return `${v.slice(0, keep)}…`;
    });
    if (cut > 0 && utf8Bytes(shorter) <= maxBytes) return { json: shorter, type, cut };
  }
  return { json: null, type, cut: 0 };
}

const KIND: Record<number, string> = {
  [FULL_SNAPSHOT]: 'full snapshot',
  [INCREMENTAL_SNAPSHOT]: 'page change',
  4: 'page meta event',
  5: 'custom event',
};
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

const recordingCrumb = (tsMs: number, message: string, data: Record<string, unknown>): CustomEvent<Breadcrumb> =>
  // `error` type: the panel lists it with the page's errors, where the user looks when something is missing.
  breadcrumbEvent(tsMs, { type: 'error', category: 'tandem.recording', level: 'warning', message, data });

/** Said in place of an event that was cut or dropped because it was too big to send. */
export function oversizeBreadcrumb(tsMs: number, shrunk: Shrunk, bytes: number, maxBytes: number) {
  const kind = (shrunk.type !== null && KIND[shrunk.type]) || 'event';
  const data = { reason: 'oversize', eventType: shrunk.type, bytes, limit: maxBytes, cut: shrunk.cut };
  if (shrunk.json !== null)
    return recordingCrumb(
      tsMs,
      `A ${kind} of ${mb(bytes)} was over the ${mb(maxBytes)} a message can carry: ${shrunk.cut} long ` +
        'text(s) in it were shortened.',
      { ...data, action: 'cut' },
    );
  const dom = shrunk.type === FULL_SNAPSHOT || shrunk.type === INCREMENTAL_SNAPSHOT;
  return recordingCrumb(
    tsMs,
    `A ${kind} of ${mb(bytes)} was over the ${mb(maxBytes)} a message can carry and was dropped` +
      (dom ? ': the replay shows no page changes until the next full snapshot.' : '.'),
    { ...data, action: 'dropped' },
  );
}

/** Said when page changes were skipped while waiting for a full snapshot after a dropped one. */
export function resumedBreadcrumb(tsMs: number, skipped: number) {
  return recordingCrumb(
    tsMs,
    `Replay resumes at this full snapshot; ${skipped} page change(s) before it were skipped.`,
    {
      reason: 'oversize',
      action: 'resumed',
      skipped,
    },
  );
}

/** Said when batches the background never stored were given up to keep the page's memory bounded. */
export function unackedDroppedBreadcrumb(tsMs: number, batches: number, bytes: number) {
  return recordingCrumb(
    tsMs,
    `${batches} batch(es) of events (${mb(bytes)}) were dropped: Tandem could not store them in time ` +
      '(storage full?), and the page keeps only the newest.',
    { reason: 'unstored', action: 'dropped', batches, bytes },
  );
}

/** Said when a batch was refused as malformed, or never answered: its events are not in the session. */
export function rejectedBreadcrumb(tsMs: number, seq: number, error: string) {
  return recordingCrumb(tsMs, `Batch ${seq} could not be stored and its events are missing: ${error.slice(0, 500)}`, {
    reason: 'rejected',
    action: 'dropped',
    seq,
  });
}
