/** The Spotlight latency bench's part of BENCHMARKS.md (bench/traces/spotlight-latency.ts): target row, table. */
import { max, quantile, fmt } from '../stats';
import {
  SPAN_NAME,
  STORE_WAIT_MS,
  type SpotlightLatencyFigures,
  type SpotlightSample,
} from '../traces/spotlight-figures';
import { table, verdict, type Row } from './markdown';

export const SPOTLIGHT_TARGET_MS = 2000;

/** p50/p95/max of a stage; a sample it does not apply to (never stored) is left out and counted. */
function stage(f: SpotlightLatencyFigures, ms: (s: SpotlightSample) => number | null) {
  const values = f.samples.map(ms).filter((x): x is number => x !== null);
  return { n: values.length, p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: max(values) };
}

const tandem = (s: SpotlightSample) => (s.storedAt === null ? null : s.storedAt - s.spanEnd);
const sidecar = (s: SpotlightSample) => s.sidecarAt - s.spanEnd;
const request = (s: SpotlightSample) => (s.requestAt === null ? null : s.requestAt - s.spanEnd);
/** Tandem's own part: from the later of "envelope at the sidecar's subscribers" and "request stored". */
const own = (s: SpotlightSample) =>
  s.storedAt === null || s.requestAt === null ? null : s.storedAt - Math.max(s.sidecarAt, s.requestAt);

export function spotlightRows(f: SpotlightLatencyFigures): Row[] {
  const [t, b] = [stage(f, tandem), stage(f, sidecar)];
  const missing = f.samples.length - t.n;
  const ok = missing === 0 && t.p95 <= SPOTLIGHT_TARGET_MS;
  const measured = [
    `${fmt(t.p95, 0)} ms (p50 ${fmt(t.p50, 0)}, max ${fmt(t.max, 0)}; ${t.n} of ${f.samples.length} checkouts stored`,
    missing > 0 ? `, ${missing} not within ${STORE_WAIT_MS / 1000} s` : '',
    `); baseline, the sidecar's delivery to a Node subscriber: p95 ${fmt(b.p95, 0)} ms (p50 ${fmt(b.p50, 0)}),`,
    ` ratio of p95s ${fmt(t.p95 / b.p95, 1)}`,
  ].join('');
  const what = `Spotlight: backend span end (\`${SPAN_NAME}\` of @sentry/node) -> span stored with the session, p95`;
  return [[what, `<= ${SPOTLIGHT_TARGET_MS} ms`, measured, verdict(ok)]];
}

const METHOD = [
  'The real Spotlight sidecar on a free port, the demo shop whose checkout calls its @sentry/node payments',
  "service (which sends to that sidecar), and Chromium with the built extension, Tandem's",
  '`traces.spotlight.url` set to the sidecar; a recorded tab of the shop makes declined checkouts from the',
  'page one after another (cart, then checkout), each its own trace, the next once the last was stored.',
  `Span end: the \`${SPAN_NAME}\` span's end as the payments service's SDK stamped it. Stored: the first read of`,
  "IndexedDB from an extension page (`bench/traces/store-poll.ts`, the panel's view of the store) that finds",
  'the trace with that span; baseline: the same envelope arriving at a plain Node SSE subscriber of the same',
  'sidecar (`subscribeSpotlight`, in the bench process, which also runs the shop). All three processes read',
  'the same machine clock (Date.now()).',
].join(' ');

/** The section: each stage with its percentiles, and how finely the store was watched. */
export function spotlightSection(f: SpotlightLatencyFigures): string[] {
  const row = (name: string, ms: (s: SpotlightSample) => number | null) => {
    const s = stage(f, ms);
    return [name, String(s.n), fmt(s.p50, 0), fmt(s.p95, 0), fmt(s.max, 0)];
  };
  const diffs = f.samples.flatMap((s) => (s.endDifferenceMs === null ? [] : [Math.abs(s.endDifferenceMs)]));
  return [
    `${METHOD} ${f.samples.length} checkouts after ${f.warmup} not counted (warm-up). The page read the store`,
    `every ${f.pollMs} ms (${f.polls} reads; the longest gap between two reads was ${fmt(f.maxPollGapMs, 0)} ms),`,
    `so "stored" is late by up to one gap. The stored span's end and the streamed one differ by at most`,
    `${fmt(max(diffs), 3)} ms.`,
    '',
    table(
      ['from the span end to', 'checkouts', 'p50 ms', 'p95 ms', 'max ms'],
      [
        row("the envelope at a Node subscriber of the sidecar (baseline: the SDK's send and the sidecar)", sidecar),
        row('the request record carrying its trace id readable in IndexedDB (the recorder, not Spotlight)', request),
        row('the span readable with the session in IndexedDB (Tandem)', tandem),
        row("Tandem's own part: stored, after the later of the envelope and the request record", own),
      ],
    ),
  ];
}

/** What dominates, in figures of this run (for "What dominates"). */
export function spotlightFinding(f: SpotlightLatencyFigures): string {
  const [t, b, r, o] = [stage(f, tandem), stage(f, sidecar), stage(f, request), stage(f, own)];
  const beaten = f.samples.filter((s) => s.requestAt !== null && s.sidecarAt < s.requestAt).length;
  return [
    `- Spotlight: a checkout's span reached a subscriber of the sidecar p50 ${fmt(b.p50, 0)} ms after its end and`,
    `was stored with the session after p50 ${fmt(t.p50, 0)} ms. Its request record became readable p50`,
    `${fmt(r.p50, 0)} ms after the span end (the recorder's write, not Spotlight's), later than the envelope in`,
    `${beaten} of ${f.samples.length} checkouts; Tandem stored the span p50 ${fmt(o.p50, 0)} ms (p95`,
    `${fmt(o.p95, 0)}) after the later of the two. That part is the source's timers: the write coalescing`,
    '(`DELIVER_EVERY_MS`) finds no request yet, and the trace is looked for again only at the next recheck',
    '(`WAIT_RECHECK_MS`, docs/traces.md "Sentry Spotlight"), not when the request record is written.',
  ].join(' ');
}
