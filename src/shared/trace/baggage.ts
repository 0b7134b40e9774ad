/**
 * W3C Baggage (https://www.w3.org/TR/baggage/): `key=value;property,key2=value2`, values
 * percent-encoded UTF-8. Tandem reads the page's baggage and adds its own members to it
 * (`sentry-replay_id`, `session.id`) so a backend can tie its trace to the recording.
 */
import { decodeBaggageValue, encodeBaggageValue, isBaggageValue } from './baggage-encoding';
import { isHeaderSafe, isToken, trimOws } from './text';

export { decodeBaggageValue, encodeBaggageValue } from './baggage-encoding';

export interface BaggageProperty {
  key: string;
  /** Percent-decoded; absent for a key-only property such as `;secret`. */
  value?: string;
}

export interface BaggageEntry {
  key: string;
  /** Percent-decoded. */
  value: string;
  properties: BaggageProperty[];
}

/** The spec's limits: a platform must propagate at least 64 members and 8192 bytes. */
export const BAGGAGE_MAX_MEMBERS = 64;
export const BAGGAGE_MAX_BYTES = 8192;

/** `key OWS "=" OWS value` with a token key and a baggage-octet value, or null. */
function parsePair(text: string): { key: string; value: string } | null {
  const eq = text.indexOf('=');
  if (eq < 0) return null;
  const key = trimOws(text.slice(0, eq));
  const value = trimOws(text.slice(eq + 1));
  return isToken(key) && isBaggageValue(value) ? { key, value } : null;
}

/** One list member, or null when its `key=value` part is malformed. */
function parseMember(member: string): BaggageEntry | null {
  const [head = '', ...rest] = member.split(';');
  const pair = parsePair(head);
  if (!pair) return null;
  const properties: BaggageProperty[] = [];
  for (const raw of rest) {
    const text = trimOws(raw);
    // A trailing `;` (Sentry's own fixtures have `other-vendor-value-2=foo;bar;`) adds nothing,
    // and a malformed property is dropped on its own rather than costing the whole member.
    if (text === '') continue;
    if (isToken(text)) properties.push({ key: text });
    else {
      const prop = parsePair(text);
      if (prop) properties.push({ key: prop.key, value: decodeBaggageValue(prop.value) });
    }
  }
  return { key: pair.key, value: decodeBaggageValue(pair.value), properties };
}

/**
 * Parses a `baggage` value into its members, in order. Empty and malformed members are skipped;
 * duplicate keys are kept (the spec allows them and asks that their order be preserved).
 */
export function parseBaggage(value: string | null | undefined): BaggageEntry[] {
  if (typeof value !== 'string') return [];
  const entries: BaggageEntry[] = [];
  for (const raw of value.split(',')) {
    const entry = parseMember(trimOws(raw));
    if (entry) entries.push(entry);
  }
  return entries;
}

function formatMember(entry: BaggageEntry): string | null {
  if (!isToken(entry.key)) return null;
  let out = `${entry.key}=${encodeBaggageValue(entry.value)}`;
  for (const prop of entry.properties) {
    if (!isToken(prop.key)) continue;
    out += prop.value === undefined ? `;${prop.key}` : `;${prop.key}=${encodeBaggageValue(prop.value)}`;
  }
  return out;
}

/** Serializes entries; a member whose key is not a token is left out. Limits are `mergeBaggage`'s job. */
export function formatBaggage(entries: readonly BaggageEntry[]): string {
  const members: string[] = [];
  for (const entry of entries) {
    const text = formatMember(entry);
    if (text !== null) members.push(text);
  }
  return members.join(',');
}

export interface BaggageMergeResult {
  /** The header value to send; empty when there is nothing to send. */
  value: string;
  /** Keys of `additions` that were not applied: not a token, or no room within the limits. */
  dropped: string[];
}

interface KeptMember {
  /** The key as far as it can be read (text before `=`), to find members an addition replaces. */
  key: string;
  text: string;
}

/** Byte length of the members joined with commas (all kept text is ASCII, so length = bytes). */
const joinedLength = (members: readonly KeptMember[]): number =>
  members.reduce((sum, m) => sum + m.text.length, Math.max(0, members.length - 1));

/**
 * Adds or replaces `additions` in the page's own `baggage` value without disturbing the rest.
 *
 * - The page's members are kept verbatim and in order (only the surrounding whitespace is trimmed),
 *   so its encoding and properties reach the backend unchanged.
 * - A malformed member is still kept verbatim when it is printable ASCII (another vendor may read
 *   it; Sentry's own fixtures carry `foo;bar;`); it is dropped when it is empty or holds characters
 *   a header value cannot carry (controls, non-ASCII).
 * - An added key replaces the page's member(s) with that key in place of the first one, so
 *   `sentry-replay_id` is never duplicated; new keys are appended in `additions` order.
 * - Each addition is applied only if the result stays within 64 members and 8192 bytes; those that
 *   do not fit are left out and listed in `dropped` (the page's own members are never cut).
 */
export function mergeBaggage(
  existing: string | null | undefined,
  additions: Readonly<Record<string, string>>,
): BaggageMergeResult {
  let members: KeptMember[] = [];
  for (const raw of typeof existing === 'string' ? existing.split(',') : []) {
    const text = trimOws(raw);
    if (text === '' || !isHeaderSafe(text)) continue;
    const eq = text.indexOf('=');
    members.push({ key: trimOws(eq < 0 ? (text.split(';')[0] ?? '') : text.slice(0, eq)), text });
  }

  const dropped: string[] = [];
  for (const [key, value] of Object.entries(additions)) {
    if (!isToken(key)) {
      dropped.push(key);
      continue;
    }
    const added: KeptMember = { key, text: `${key}=${encodeBaggageValue(value)}` };
    const first = members.findIndex((m) => m.key === key);
    const candidate =
      first < 0 ? [...members, added] : members.flatMap((m, i) => (i === first ? [added] : m.key === key ? [] : [m]));
    if (candidate.length > BAGGAGE_MAX_MEMBERS || joinedLength(candidate) > BAGGAGE_MAX_BYTES) {
      dropped.push(key);
      continue;
    }
    members = candidate;
  }
  return { value: members.map((m) => m.text).join(','), dropped };
}
