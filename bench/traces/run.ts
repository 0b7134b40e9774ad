/**
 * Trace benchmarks, in Node's V8 (the extension runs the same code in the service worker's and the
 * panel's V8; Node has no worker-specific cost to add): normalising a 10,000-span trace against
 * JSON.parse of the same text, and the metric query over a 30-minute session of 5,000 requests against a
 * plain loop reading one summary field. `npx tsx bench/traces/run.ts` runs it alone; `npm run bench`
 * puts its figures in BENCHMARKS.md.
 */
import { normalizeJaegerV1 } from '../../src/shared/traces/jaeger-v1';
import { normalizeOtlp } from '../../src/shared/traces/otlp';
import { filterRequests, parseMetricQuery } from '../../src/shared/traces/query/index';
import { sessionSummaries } from '../../src/shared/traces/request-metrics';
import { fmt } from '../stats';
import { jaegerV1Payload, otlpPayload } from './payloads';
import { ATTRIBUTES, benchSession, SESSION_MS, summarizedItems } from './session';
import { alternate, spread, type Timed, type TraceBenchFigures } from './timing';

export const TRACE_SPANS = 10_000;
export const SESSION_REQUESTS = 5000;
/** The queries timed: the documented examples, a unit-less key with two clauses, OR with parentheses. */
export const BENCH_QUERIES = [
  'c:checkout.items{success=false} count>0',
  'd:db.query@millisecond max>100',
  'd:db.query max>100 c:ledger.entries{currency!=EUR} sum>=2',
  '(d:server_timing.db max>200 OR g:ledger.queue_depth max>5) d:db.query avg<80',
];

/** The normaliser on an already parsed payload, against the parse that made it (the worker does both). */
function timeNormalize(label: string, text: string, normalize: () => unknown): Timed {
  const { baselineMs, subjectMs } = alternate(10, 2, () => JSON.parse(text), normalize);
  return { label, detail: `${fmt(text.length / 1e6, 1)} MB of JSON`, baselineMs, subjectMs };
}

function checked(result: unknown): unknown {
  const r = result as { ok: boolean; traces?: { spans: unknown[] }[]; error?: string };
  if (!r.ok || r.traces?.[0]?.spans.length !== TRACE_SPANS) throw new Error(`bench payload refused: ${r.error}`);
  return result;
}

export function measureTraces(): TraceBenchFigures {
  const normalize: Timed[] = [];
  for (const [label, text, f] of [
    ['OTLP JSON (normalizeOtlp)', otlpPayload(TRACE_SPANS), normalizeOtlp],
    ['Jaeger v1 (normalizeJaegerV1)', jaegerV1Payload(TRACE_SPANS), normalizeJaegerV1],
  ] as const) {
    checked(f(JSON.parse(text)));
    const payload = JSON.parse(text) as unknown;
    normalize.push(timeNormalize(label, text, () => f(payload)));
  }

  const session = benchSession(SESSION_REQUESTS);
  const summariesMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    sessionSummaries(session.requests, session.traces, ATTRIBUTES);
    summariesMs.push(performance.now() - t0);
  }
  const items = summarizedItems(session);
  const query: Timed[] = BENCH_QUERIES.map((text) => {
    let matched = 0;
    const { baselineMs, subjectMs } = alternate(
      30,
      5,
      // What any filter must at least do: visit every request and read one figure of one summary.
      () => {
        const out = [];
        for (const item of items) {
          const entries = item.summaries['d:db.query@millisecond'];
          if (entries !== undefined && entries[0]!.max > 100) out.push(item);
        }
        return out;
      },
      () => {
        const parsed = parseMetricQuery(text);
        if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
        matched = filterRequests(parsed.query, items).length;
      },
    );
    return { label: `\`${text}\``, detail: `${matched} of ${items.length} requests match`, baselineMs, subjectMs };
  });
  return { normalize, query, summariesMs, requests: items.length, sessionMinutes: SESSION_MS / 60_000 };
}

// `npx tsx bench/traces/run.ts` runs this benchmark alone.
if (process.argv[1]?.endsWith('bench/traces/run.ts')) {
  const figures = measureTraces();
  for (const t of [...figures.normalize, ...figures.query]) {
    const [s, b] = [spread(t.subjectMs), spread(t.baselineMs)];
    console.log(
      `${t.label}: ${fmt(s.median, 2)} ms (${fmt(s.min, 2)}-${fmt(s.max, 2)}); baseline ${fmt(b.median, 2)} ms;`,
      `ratio ${fmt(s.median / b.median, 2)}; ${t.detail}`,
    );
  }
  console.log(`sessionSummaries of ${figures.requests} requests: ${fmt(spread(figures.summariesMs).median, 1)} ms`);
}
