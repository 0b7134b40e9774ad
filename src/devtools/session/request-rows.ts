/**
 * One row per request. The network capture (webRequest + the page's wrapper) stores a RequestRecord; the page's
 * resource timing records a `resource.*` performanceSpan for images, scripts and styles as well. Both describe
 * the same request: rows are the records, each enriched with its resource timing (sizes), plus the resources
 * only the page saw (served from memory cache, before recording reached the worker). Pure.
 */
import type { StoredEvent } from '../../shared/db/read';
import type { RequestRecord } from '../../shared/model';
import { CUSTOM_EVENT_TYPE } from '../../shared/replay-events';

export interface ResourceTiming {
  transferSize: number | null;
  encodedBodySize: number | null;
  decodedBodySize: number | null;
}

export interface RequestRow {
  /** The record's id, or `page-<n>` for a resource only the page's timing saw. */
  id: string;
  record: RequestRecord | null;
  url: string;
  method: string;
  /** 0 when unknown (a failed request, a resource the page saw without a status). */
  status: number;
  /** What the Type column shows: fetch, xhr, document, script, img, stylesheet, font, beacon... */
  type: string;
  startTs: number;
  endTs: number;
  /** Bytes over the network (resource timing's transferSize, else Content-Length); null when unknown. */
  size: number | null;
  /** Status >= 400 or a network error. */
  failed: boolean;
  error: string | null;
  traceId: string | null;
  timing: ResourceTiming | null;
}

/** How far apart the page's and the worker's start times of one request can be (different clocks and hooks). */
const MATCH_WINDOW_MS = 2000;

const TYPE_NAMES: Record<string, string> = {
  main_frame: 'document',
  sub_frame: 'document',
  xmlhttprequest: 'xhr',
  image: 'img',
  stylesheet: 'stylesheet',
  script: 'script',
  font: 'font',
  media: 'media',
  ping: 'ping',
  websocket: 'websocket',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

interface PageResource {
  url: string;
  type: string;
  startTs: number;
  endTs: number;
  status: number;
  timing: ResourceTiming;
}

/** The page's own resource spans; the spans the capture wrote for its records (they carry `requestId`) are not. */
function pageResources(events: readonly StoredEvent[]): PageResource[] {
  const out: PageResource[] = [];
  for (const e of events) {
    if (e.type !== CUSTOM_EVENT_TYPE || !isRecord(e.data) || e.data.tag !== 'performanceSpan') continue;
    const p = e.data.payload;
    if (!isRecord(p) || typeof p.op !== 'string' || !p.op.startsWith('resource.')) continue;
    const data = isRecord(p.data) ? p.data : {};
    if ('requestId' in data) continue;
    const start = num(p.startTimestamp);
    const end = num(p.endTimestamp);
    if (start === null || end === null || typeof p.description !== 'string') continue;
    out.push({
      url: p.description,
      type: p.op.slice('resource.'.length),
      startTs: start * 1000,
      endTs: end * 1000,
      status: num(data.statusCode) ?? 0,
      timing: {
        transferSize: num(data.size),
        encodedBodySize: num(data.encodedBodySize),
        decodedBodySize: num(data.decodedBodySize),
      },
    });
  }
  return out;
}

function typeOf(r: RequestRecord): string {
  if (r.api === 'fetch' || r.api === 'xhr' || r.api === 'beacon') return r.api;
  return TYPE_NAMES[r.type] ?? r.type;
}

function contentLength(r: RequestRecord): number | null {
  const v = r.responseHeaders['content-length'];
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

export function rowOfRecord(r: RequestRecord, timing: ResourceTiming | null = null): RequestRow {
  return {
    id: r.id,
    record: r,
    url: r.url,
    method: r.method,
    status: r.status,
    type: typeOf(r),
    startTs: r.startTs,
    endTs: r.endTs,
    size: timing?.transferSize || contentLength(r),
    failed: r.status >= 400 || r.error !== null,
    error: r.error,
    traceId: r.traceId ?? r.responseTraceId,
    timing,
  };
}

/** The session's requests, one row each, in start-time order. */
export function buildRequestRows(records: readonly RequestRecord[], events: readonly StoredEvent[]): RequestRow[] {
  const byUrl = new Map<string, RequestRecord[]>();
  for (const r of records) {
    const list = byUrl.get(r.url);
    if (list) list.push(r);
    else byUrl.set(r.url, [r]);
  }
  const timings = new Map<string, ResourceTiming>();
  const pageOnly: RequestRow[] = [];
  for (const [i, res] of pageResources(events).entries()) {
    // The nearest record of the same URL not yet matched, within the window.
    let best: RequestRecord | null = null;
    for (const r of byUrl.get(res.url) ?? []) {
      const gap = Math.abs(r.startTs - res.startTs);
      if (gap <= MATCH_WINDOW_MS && !timings.has(r.id) && (!best || gap < Math.abs(best.startTs - res.startTs)))
        best = r;
    }
    if (best) timings.set(best.id, res.timing);
    else
      pageOnly.push({
        id: `page-${i}`,
        record: null,
        url: res.url,
        method: 'GET',
        status: res.status,
        type: res.type,
        startTs: res.startTs,
        endTs: res.endTs,
        size: res.timing.transferSize,
        failed: res.status >= 400,
        error: null,
        traceId: null,
        timing: res.timing,
      });
  }
  const rows = records.map((r) => rowOfRecord(r, timings.get(r.id) ?? null));
  if (pageOnly.length === 0) return rows;
  return [...rows, ...pageOnly].sort((a, b) => a.startTs - b.startTs);
}
