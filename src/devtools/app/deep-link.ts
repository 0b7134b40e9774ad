/**
 * The viewer's deep links: `viewer.html?trace=<id>` (also `span`, `replay`, `request`, `id` for any id)
 * with an optional `t` (an offset into the session: `12500`, `12.5s`, `2m`; or an ISO time). A backend UI
 * or a log line links straight to the recorded moment. The URL is input from anywhere: validated here,
 * and what it names is only ever looked up, never run or rendered as markup.
 */
import { z } from 'zod';
import { type LookupKind, type LookupQuery, parseLookupId } from '../../shared/lookup-id';

/** Where to put the player: an offset from the session's first event, or an epoch time. */
export type TimeTarget = { offsetMs: number } | { at: number };

export interface DeepLink {
  kind: LookupKind;
  query: LookupQuery;
  t: TimeTarget | null;
}

/** No link (`none`), a link to follow, or one that cannot be followed and why. */
export type DeepLinkResult = { type: 'none' } | { type: 'link'; link: DeepLink } | { type: 'invalid'; error: string };

/** Ids and times are short; a longer value is not one of them and is refused before it is parsed. */
const param = z.string().max(200).optional();
const paramsSchema = z.object({ trace: param, span: param, request: param, id: param, replay: param, t: param });

/** The parameter that names what to open, first wins when a link has several. */
const KINDS: readonly (LookupKind & keyof z.infer<typeof paramsSchema>)[] = ['trace', 'span', 'request', 'replay'];

const KIND_NAMES: Record<LookupKind, string> = {
  trace: 'trace id',
  span: 'span id',
  replay: 'replay id',
  request: 'request id',
  any: 'id',
};

const OFFSET = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;
const isoTime = z.iso.datetime({ offset: true, local: true });

/** `t` as an offset (`12500`, `12500ms`, `12.5s`, `2m`) or an ISO time, or null when it is neither. */
export function parseTime(value: string): TimeTarget | null {
  const text = value.trim();
  const offset = OFFSET.exec(text);
  if (offset) return { offsetMs: Number(offset[1]) * UNIT_MS[(offset[2] ?? 'ms') as keyof typeof UNIT_MS] };
  if (!isoTime.safeParse(text).success) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? { at } : null;
}

export function parseDeepLink(search: string): DeepLinkResult {
  const params = new URLSearchParams(search);
  const parsed = paramsSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return { type: 'invalid', error: 'This link is too long to be a Tandem link.' };
  const values = parsed.data;
  const kind = KINDS.find((k) => values[k] !== undefined) ?? (values.id !== undefined ? 'any' : null);
  if (kind === null) {
    return values.t === undefined ? { type: 'none' } : { type: 'invalid', error: 'The link has a time but no id.' };
  }
  const text = (kind === 'any' ? values.id : values[kind]) ?? '';
  const query = parseLookupId(text, kind);
  if (!query) return { type: 'invalid', error: `The link's ${KIND_NAMES[kind]} is not valid: "${text.trim()}".` };
  const t = values.t === undefined ? null : parseTime(values.t);
  if (values.t !== undefined && t === null)
    return {
      type: 'invalid',
      error: `The link's time is neither an offset (12500, 12.5s) nor an ISO time: "${values.t}".`,
    };
  return { type: 'link', link: { kind, query, t } };
}

const holdSchema = z.coerce.number().min(0.001).max(4096);

/**
 * `holdMB`: how much of a long session the player holds decoded at once (app/windows.ts; default 16). For
 * trying the segmented player on a short session, and for the panel benchmark; null when absent or not a size.
 */
export function parseHoldMB(search: string): number | null {
  const value = new URLSearchParams(search).get('holdMB');
  const parsed = holdSchema.safeParse(value ?? undefined);
  return value !== null && parsed.success ? parsed.data : null;
}

/** The notice when nothing recorded matches: names what was looked for, as the link named it. */
export function notFoundMessage(kind: LookupKind, text: string): string {
  if (kind === 'replay') return `No recorded session has the replay id ${text}.`;
  if (kind === 'any') return `Nothing recorded matches ${text}.`;
  return `No recorded session holds ${KIND_NAMES[kind].replace(' id', '')} ${text}.`;
}
