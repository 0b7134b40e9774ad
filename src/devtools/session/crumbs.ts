/**
 * The session's breadcrumbs as the panel lists them: user actions, navigations, console lines and page errors,
 * read from the recording's custom events (Sentry's replay-recording `breadcrumb` tag). Pure: the timeline, the
 * seek bar's markers and the Console / Errors / Actions lists all read this one list.
 */
import type { StoredEvent } from '../../shared/db/read';
import { CUSTOM_EVENT_TYPE } from '../../shared/replay-events';

export type CrumbKind = 'action' | 'navigation' | 'console' | 'error';

export interface Crumb {
  /** Stable within one read of the session: its kind and position, for keys and selection. */
  id: string;
  kind: CrumbKind;
  /** Epoch milliseconds (the event's timestamp, the recorder's clock). */
  ts: number;
  /** Sentry's category: `ui.click`, `ui.input`, `navigation`, `console`, `exception`... */
  category: string;
  level: string;
  /** What a row shows: the console line, the error message, the clicked element's path, `from -> to`. */
  message: string;
  data: Record<string, unknown>;
}

/** Categories that are bookkeeping, not something the user or page did (rrweb mutation warnings). */
const SKIPPED = new Set(['replay.mutations']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

function kindOf(category: string, type: unknown): CrumbKind | null {
  if (SKIPPED.has(category)) return null;
  if (category === 'navigation' || type === 'navigation') return 'navigation';
  if (category === 'exception' || category === 'unhandledrejection' || type === 'error') return 'error';
  if (category === 'console') return 'console';
  if (category.startsWith('ui.')) return 'action';
  return null;
}

function messageOf(category: string, payload: Record<string, unknown>, data: Record<string, unknown>): string {
  if (category === 'navigation') {
    const from = text(data.from);
    const to = text(data.to);
    return from ? `${from} → ${to}` : to;
  }
  return text(payload.message);
}

/** Every breadcrumb of the events that the panel shows, in time order. Events that are not crumbs are ignored. */
export function readCrumbs(events: readonly StoredEvent[]): Crumb[] {
  const out: Crumb[] = [];
  for (const [i, event] of events.entries()) {
    if (event.type !== CUSTOM_EVENT_TYPE || !isRecord(event.data) || event.data.tag !== 'breadcrumb') continue;
    const payload = event.data.payload;
    if (!isRecord(payload)) continue;
    const category = text(payload.category);
    const level = text(payload.level) || 'info';
    const kind = kindOf(category, payload.type);
    if (!kind) continue;
    const data = isRecord(payload.data) ? payload.data : {};
    out.push({
      id: `${kind}-${i}`,
      kind,
      ts: event.timestamp,
      category,
      level,
      message: messageOf(category, payload, data),
      data,
    });
  }
  return out;
}

/** A console line at error level is an error the page reported: the Errors list shows it with the exceptions. */
export const isErrorCrumb = (c: Crumb): boolean => c.kind === 'error' || (c.kind === 'console' && c.level === 'error');
