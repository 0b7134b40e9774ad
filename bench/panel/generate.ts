/**
 * The panel benchmark's 30-minute session, built from what the real producers emit: @rrweb/record's events of
 * the active bench page (recorded for `realMs` with Tandem's options, then their clock stretched to 30 minutes,
 * checkouts every 5 minutes as Tandem takes them), cut into the batches Tandem's recorder sends (750 ms of the
 * session each, as many chunks as a real 30-minute recording); >= 5,000 request records in Tandem's model with their performanceSpans made by the
 * background's own requestSpan(); and backend traces of 10,000 spans in total in the normalised trace model
 * (one of 2,000 spans, the largest waterfall, and 80 of 100).
 */
import type { eventWithTime } from '@rrweb/types';
import { EventType } from '@rrweb/types';
import type { Batch } from '../../src/shared/protocol';
import type { RequestRecord } from '../../src/shared/model';
import type { Span, Trace } from '../../src/shared/traces/model';
import { batchMeta, type BatchMeta } from '../../src/shared/rrweb-events';
import { newPageId, newSessionId } from '../../src/shared/random-ids';

export const SESSION_MS = 30 * 60_000;
/** What the recorder batches: 750 ms of recording, so a 30-minute session has up to 2,400 chunks. */
const BATCH_MS = 750;
export const BIG_TRACE_SPANS = 2000;
const SMALL_TRACES = 80;
const SMALL_TRACE_SPANS = 100;
export const REQUESTS = 5000;

export interface GeneratedSession {
  id: string;
  url: string;
  title: string;
  firstTs: number;
  lastTs: number;
  batches: { batch: Batch; meta: BatchMeta }[];
  records: RequestRecord[];
  traces: Trace[];
  /** The request whose trace is the largest waterfall. */
  bigRequestId: string;
  rrwebEvents: number;
  fullSnapshots: number;
}

/** Moves every timestamp (and mouse positions' offsets) `factor` times further from the first event. */
export function stretch(events: eventWithTime[], factor: number): eventWithTime[] {
  const t0 = events[0]?.timestamp ?? 0;
  return events.map((e) => {
    const out = { ...e, timestamp: Math.round(t0 + (e.timestamp - t0) * factor) } as eventWithTime;
    const data = (e as { data?: { positions?: { timeOffset: number }[] } }).data;
    if (data?.positions)
      (out as { data: object }).data = {
        ...data,
        positions: data.positions.map((p) => ({ ...p, timeOffset: Math.round(p.timeOffset * factor) })),
      };
    return out;
  });
}

/** Cuts the events into the recorder's batches: `windowMs` of recording each, sequence numbers from 0. */
function batchesOf(id: string, url: string, title: string, events: eventWithTime[], windowMs: number) {
  const pageId = newPageId();
  const out: GeneratedSession['batches'] = [];
  let start = 0;
  while (start < events.length) {
    const until = events[start]!.timestamp + windowMs;
    let end = start + 1;
    while (end < events.length && events[end]!.timestamp < until) end++;
    const slice = events.slice(start, end);
    const batch: Batch = {
      type: 'batch',
      sessionId: id,
      pageId,
      seq: out.length,
      url,
      title,
      events: JSON.stringify(slice),
    };
    out.push({ batch, meta: batchMeta(slice) });
    start = end;
  }
  return out;
}

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

function requestAt(sessionId: string, origin: string, i: number, startTs: number): RequestRecord {
  const asset = i % 3 === 0;
  const traced = !asset;
  const status = i % 97 === 0 ? 402 : i % 211 === 0 ? 500 : 200;
  const dur = 20 + ((i * 37) % 400);
  return {
    sessionId,
    id: `bench-${hex(i, 8)}`,
    tabId: 1,
    url: asset ? `https://cdn.example.com/static/chunk-${i}.js` : `${origin}/api/items/${i}?page=${i % 7}`,
    method: i % 5 === 0 && !asset ? 'POST' : 'GET',
    type: asset ? 'script' : 'xmlhttprequest',
    api: asset ? null : 'fetch',
    op: asset ? 'resource.script' : 'resource.fetch',
    startTs,
    endTs: startTs + dur,
    status,
    error: null,
    fromCache: false,
    requestHeaders: { accept: '*/*', traceparent: traced ? `00-${hex(i, 32)}-${hex(i, 16)}-01` : '' },
    responseHeaders: {
      'content-type': asset ? 'text/javascript' : 'application/json',
      'content-length': String(300 + ((i * 131) % 90_000)),
      ...(traced ? { 'server-timing': `db;dur=${i % 23}, app;dur=${i % 41}` } : {}),
    },
    traceId: traced ? hex(i, 32) : null,
    spanId: traced ? hex(i, 16) : null,
    traceSource: traced ? 'injected' : null,
    responseTraceId: null,
    responseSpanId: null,
    correlationId: null,
    serverTiming: traced
      ? [
          { name: 'db', dur: i % 23 },
          { name: 'app', dur: i % 41 },
        ]
      : [],
    injectedHeaders: traced ? ['traceparent', 'sentry-trace', 'baggage'] : [],
    adopted: false,
    retriedWithoutHeaders: false,
    redirects: [],
  } as RequestRecord;
}

/** A server trace under a browser request: a root server span and a tree (fan-out 6) of work, db and http spans. */
function traceFor(request: RequestRecord, count: number): Trace {
  const traceId = request.traceId!;
  const spans: Span[] = [];
  const window = request.endTs - request.startTs - 4;
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? request.spanId! : hex(Math.floor((i - 1) / 6) + 1, 16);
    const start = request.startTs + 2 + ((i * 7) % Math.max(1, window - 10)) * 0.9;
    const kind = i === 0 ? 'server' : i % 10 === 0 ? 'client' : 'internal';
    spans.push({
      traceId,
      spanId: hex(i + 1, 16),
      parentSpanId: parent,
      name: i === 0 ? `${request.method} /api/items` : i % 10 === 0 ? 'SELECT items' : `step ${i % 40}`,
      ...(i % 10 === 0 ? { op: 'db' } : {}),
      service: i % 3 ? 'shop' : 'payments',
      kind,
      start,
      end: Math.min(request.endTs - 1, start + 1 + (i % 9)),
      status: i % 173 === 0 ? { code: 'error', message: 'declined' } : { code: 'unset' },
      attributes: { 'db.rows': i % 50, 'http.route': '/api/items/:id' },
      resource: { 'service.name': i % 3 ? 'shop' : 'payments' },
      events: [],
      links: [],
    } as Span);
  }
  return { traceId, spans, errors: [], logs: [], metricPoints: [] };
}

/** The whole session from the recorded events, already stretched to SESSION_MS. */
export function generateSession(events: eventWithTime[], pageUrl: string, title: string): GeneratedSession {
  const id = newSessionId();
  const firstTs = events[0]!.timestamp;
  const lastTs = events.at(-1)!.timestamp;
  const batches = batchesOf(id, pageUrl, title, events, BATCH_MS);
  const origin = new URL(pageUrl).origin;
  // Requests spread over the session (after its first full snapshot), a little jitter.
  const span = lastTs - firstTs - 4000;
  const records = Array.from({ length: REQUESTS }, (_, i) =>
    requestAt(id, origin, i, Math.round(firstTs + 2000 + (span * i) / REQUESTS + ((i * 53) % 200))),
  );
  const traced = records.filter((r) => r.traceId);
  const big = traced[Math.floor(traced.length / 2)]!;
  big.url = `${origin}/api/checkout/big`;
  big.method = 'POST';
  big.endTs = big.startTs + 900;
  const traces = [traceFor(big, BIG_TRACE_SPANS)];
  for (let k = 0; k < SMALL_TRACES; k++) {
    const r = traced[(k * 37) % traced.length]!;
    if (r !== big && !traces.some((t) => t.traceId === r.traceId)) traces.push(traceFor(r, SMALL_TRACE_SPANS));
  }
  return {
    id,
    url: pageUrl,
    title,
    firstTs,
    lastTs,
    batches,
    records,
    traces,
    bigRequestId: big.id,
    rrwebEvents: events.length,
    fullSnapshots: events.filter((e) => e.type === EventType.FullSnapshot).length,
  };
}
