/**
 * The panel's pure work at 30-minute scale, in Node's V8 (the panel runs the same code in its own V8):
 * laying out the waterfall of a 10,000-span trace against aligning it alone (alignTrace, which the layout
 * needs anyway), and building the request rows of 5,000 requests and filtering them with the Network grammar
 * (`status-code:402 -domain:cdn.example.com has:error`) against a plain loop that reads one field per row.
 * The browser-side figures (first frame, seeks, frame times, memory) are in browser.ts.
 */
import { filterRows } from '../../src/devtools/requests/filter';
import { buildRequestRows } from '../../src/devtools/session/request-rows';
import { buildWaterfall } from '../../src/devtools/waterfall/layout';
import type { RequestRecord } from '../../src/shared/model';
import { alignTrace } from '../../src/shared/traces/align';
import type { Span, Trace } from '../../src/shared/traces/model';
import { alternate, type Timed } from '../traces/timing';

const T0 = 1_700_000_000_000;
const TRACE_ID = 'a'.repeat(32);

function record(i: number): RequestRecord {
  return {
    sessionId: 'b'.repeat(32),
    id: `r${i}`,
    tabId: 1,
    url: i % 3 === 0 ? `https://cdn.example.com/asset-${i}.js` : `http://127.0.0.1:5173/api/item/${i}?page=${i % 7}`,
    method: i % 5 === 0 ? 'POST' : 'GET',
    type: i % 3 === 0 ? 'script' : 'xmlhttprequest',
    api: i % 3 === 0 ? null : 'fetch',
    op: i % 3 === 0 ? 'resource.script' : 'resource.fetch',
    startTs: T0 + i * 360,
    endTs: T0 + i * 360 + 40 + (i % 50),
    status: i % 97 === 0 ? 402 : 200,
    error: null,
    fromCache: false,
    requestHeaders: { accept: '*/*' },
    responseHeaders: { 'content-type': 'application/json', 'content-length': String(200 + i) },
    traceId: i % 3 === 0 ? null : i.toString(16).padStart(32, '0'),
    spanId: i % 3 === 0 ? null : i.toString(16).padStart(16, '0'),
    traceSource: 'injected',
    responseTraceId: null,
    responseSpanId: null,
    correlationId: null,
    serverTiming: [{ name: 'db', dur: i % 13 }],
    injectedHeaders: ['traceparent'],
    adopted: false,
    retriedWithoutHeaders: false,
    redirects: [],
  };
}

/** A 10,000-span trace: a server root under the request, a wide-and-deep tree of children (fan-out 8). */
function bigTrace(request: RequestRecord): Trace {
  const spans: Span[] = [];
  for (let i = 0; i < 10_000; i++) {
    const parent = i === 0 ? request.spanId! : (Math.floor((i - 1) / 8) + 1).toString(16).padStart(16, '0');
    const start = request.startTs + 1 + (i % 500) * 0.05;
    spans.push({
      traceId: TRACE_ID,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: parent,
      name: i % 10 === 0 ? 'SELECT orders' : `work ${i % 40}`,
      service: i % 2 ? 'payments' : 'shop',
      kind: i === 0 ? 'server' : 'internal',
      start,
      end: start + 5 + (i % 17),
      status: { code: i % 211 === 0 ? 'error' : 'unset' },
      attributes: { 'db.rows': i % 9 },
      resource: {},
      events: [],
      links: [],
    });
  }
  return { traceId: TRACE_ID, spans, errors: [], logs: [], metricPoints: [] } as unknown as Trace;
}

export interface PanelPureFigures {
  waterfall: Timed;
  rows: Timed;
}

/** Times the two in Node's V8, each against its baseline, alternating (bench/traces/timing.ts). */
export function measurePanelPure(): PanelPureFigures {
  const records = Array.from({ length: 5000 }, (_, i) => record(i));
  const root = { ...record(1), startTs: T0, endTs: T0 + 200, spanId: 'f'.repeat(16), traceId: TRACE_ID };
  const trace = bigTrace(root);

  const fall = alternate(
    10,
    3,
    () => alignTrace(root, trace.spans),
    () => buildWaterfall(root, trace),
  );
  const rows = buildRequestRows(records, []);
  const FILTER = 'status-code:402 -domain:cdn.example.com has:error';
  let matched = 0;
  const filtered = alternate(
    20,
    5,
    () => rows.filter((r) => r.status === 402),
    () => {
      matched = filterRows(buildRequestRows(records, []), FILTER).rows.length;
    },
  );

  return {
    waterfall: {
      label: 'waterfall of 10,000 spans',
      detail: 'buildWaterfall; baseline alignTrace',
      subjectMs: fall.subjectMs,
      baselineMs: fall.baselineMs,
    },
    rows: {
      label: 'rows of 5,000 requests + filter',
      detail: `\`${FILTER}\` (${matched} match); baseline a plain loop`,
      subjectMs: filtered.subjectMs,
      baselineMs: filtered.baselineMs,
    },
  };
}
