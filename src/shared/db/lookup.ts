/**
 * Reverse lookup: which recorded sessions, requests and moments a pasted id belongs to. Read-only, like
 * read-requests.ts: the panel and the viewer call it on the extension's database. Trace ids go through
 * the requests' indexes; span ids and request ids have no index (they are looked for only when someone
 * pastes one), so those walk the stores with a cursor, one record in memory at a time.
 */
import type { LookupQuery } from '../lookup-id';
import type { RequestRecord, SessionRecord, TraceRecord } from '../model';
import { alignTrace } from '../traces/align';
import type { Span } from '../traces/model';
import type { TandemDb } from './schema';

/** How a match was found, most precise first (the order matches are listed in within a session). */
export const MATCH_KINDS = [
  'span-id',
  'response-span-id',
  'request-id',
  'trace-span',
  'trace-id',
  'response-trace-id',
  'session',
] as const;
export type MatchedBy = (typeof MATCH_KINDS)[number];

export interface LookupMatch {
  sessionId: string;
  /** The matched request; absent when the id named the session itself. */
  requestId?: string;
  /**
   * Epoch ms of the moment to show: the request's start, the span's start on the browser's clock, or the
   * session's start.
   */
  at: number;
  matchedBy: MatchedBy;
}

/** Every place the query's ids appear, newest session first; in a session, the most precise match first. */
export async function lookupIds(db: TandemDb, query: LookupQuery): Promise<LookupMatch[]> {
  const found: LookupMatch[] = [];
  const byRequest = (r: RequestRecord, matchedBy: MatchedBy): LookupMatch => ({
    sessionId: r.sessionId,
    requestId: r.id,
    at: r.startTs,
    matchedBy,
  });
  if (query.sessionId) {
    const session = await db.get('sessions', query.sessionId);
    if (session) found.push({ sessionId: session.id, at: session.startedAt, matchedBy: 'session' });
  }
  if (query.traceId) {
    for (const r of await db.getAllFromIndex('requests', 'byTraceId', query.traceId))
      found.push(byRequest(r, 'trace-id'));
    for (const r of await db.getAllFromIndex('requests', 'byResponseTraceId', query.traceId))
      found.push(byRequest(r, 'response-trace-id'));
  }
  if (query.spanId) {
    const spanId = query.spanId;
    await eachRecord(db, 'requests', (r) => {
      if (r.spanId === spanId) found.push(byRequest(r, 'span-id'));
      if (r.responseSpanId === spanId) found.push(byRequest(r, 'response-span-id'));
    });
    const holding: { record: TraceRecord; span: Span }[] = [];
    await eachRecord(db, 'traces', (record) => {
      const span = record.trace.spans.find((s) => s.spanId === spanId || s.wireSpanId === spanId);
      if (span) holding.push({ record, span });
    });
    for (const { record, span } of holding) found.push(await spanMoment(db, record, span));
  }
  if (query.requestId) {
    const requestId = query.requestId;
    const keys = (await db.getAllKeys('requests')).filter(([, id]) => id === requestId);
    for (const key of keys) {
      const r = await db.get('requests', key);
      if (r) found.push(byRequest(r, 'request-id'));
    }
  }
  return rank(await sessionsOf(db, found), found);
}

/** Walks a store with a cursor in one read-only transaction; `visit` must not await (the transaction would end). */
async function eachRecord<S extends 'requests' | 'traces'>(
  db: TandemDb,
  store: S,
  visit: (value: S extends 'requests' ? RequestRecord : TraceRecord) => void,
): Promise<void> {
  let cursor = await db.transaction(store).store.openCursor();
  while (cursor) {
    visit(cursor.value as S extends 'requests' ? RequestRecord : TraceRecord);
    cursor = await cursor.continue();
  }
}

/**
 * A span found in a stored trace, placed at its start on the browser's clock: aligned against the request
 * it descends from (the one whose sent or answered span is among its ancestors), else the trace's first
 * request in that session; the span's own time when the session has no request of that trace.
 */
async function spanMoment(db: TandemDb, record: TraceRecord, span: Span): Promise<LookupMatch> {
  const { sessionId, traceId, trace } = record;
  const inSession = (list: RequestRecord[]) => list.filter((r) => r.sessionId === sessionId);
  const requests = [
    ...inSession(await db.getAllFromIndex('requests', 'byTraceId', traceId)),
    ...inSession(await db.getAllFromIndex('requests', 'byResponseTraceId', traceId)),
  ].sort((a, b) => a.startTs - b.startTs);
  const ancestors = ancestorIds(span, trace.spans);
  const request =
    requests.find(
      (r) => (r.spanId && ancestors.has(r.spanId)) || (r.responseSpanId && ancestors.has(r.responseSpanId)),
    ) ?? requests[0];
  if (!request) return { sessionId, at: span.start, matchedBy: 'trace-span' };
  const aligned = alignTrace(request, trace.spans).spans.find((s) => s.spanId === span.spanId);
  return { sessionId, requestId: request.id, at: aligned?.start ?? span.start, matchedBy: 'trace-span' };
}

/** The span's id and every ancestor's (by parent links, and the ids sources shared: `wireSpanId`). */
function ancestorIds(span: Span, spans: readonly Span[]): Set<string> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const ids = new Set<string>();
  const visited = new Set<Span>();
  for (
    let s: Span | undefined = span;
    s && !visited.has(s);
    s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined
  ) {
    visited.add(s);
    ids.add(s.spanId);
    if (s.wireSpanId) ids.add(s.wireSpanId);
    // The parent may be missing from the trace (the browser's own span): its id still counts.
    if (s.parentSpanId) ids.add(s.parentSpanId);
  }
  return ids;
}

/** The sessions the matches are in, as the library lists them: a hidden instant-replay buffer is left out. */
async function sessionsOf(db: TandemDb, matches: LookupMatch[]): Promise<Map<string, SessionRecord>> {
  const sessions = new Map<string, SessionRecord>();
  for (const id of new Set(matches.map((m) => m.sessionId))) {
    const session = await db.get('sessions', id);
    if (session && session.status !== 'buffer') sessions.set(id, session);
  }
  return sessions;
}

/** Newest session first, then the most precise match, then time; one match per request (its most precise). */
function rank(sessions: Map<string, SessionRecord>, matches: LookupMatch[]): LookupMatch[] {
  const precision = (m: LookupMatch) => MATCH_KINDS.indexOf(m.matchedBy);
  const sorted = matches
    .filter((m) => sessions.has(m.sessionId))
    .sort(
      (a, b) =>
        sessions.get(b.sessionId)!.startedAt - sessions.get(a.sessionId)!.startedAt ||
        a.sessionId.localeCompare(b.sessionId) ||
        precision(a) - precision(b) ||
        a.at - b.at,
    );
  const seen = new Set<string>();
  return sorted.filter((m) => {
    const key = `${m.sessionId}/${m.requestId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
