/** The trace benchmarks' part of BENCHMARKS.md (bench/traces/run.ts): target rows and their tables. */
import { fmt } from '../stats';
import { TRACE_SPANS } from '../traces/run';
import { spread, type Timed, type TraceBenchFigures } from '../traces/timing';
import { table, verdict, type Row } from './markdown';

export const NORMALIZE_TARGET_MS = 100;
export const QUERY_TARGET_MS = 50;
const SPANS = TRACE_SPANS.toLocaleString('en');

const figure = (t: Timed) => {
  const [s, b] = [spread(t.subjectMs), spread(t.baselineMs)];
  const range = `range ${fmt(s.min, 1)}-${fmt(s.max, 1)}`;
  return `${fmt(s.median, 1)} ms (${range}); baseline ${fmt(b.median, 2)} ms, ratio ${fmt(s.median / b.median, 1)}`;
};

export function traceRows(f: TraceBenchFigures): Row[] {
  const normalize = f.normalize.map((t): Row => {
    const ok = spread(t.subjectMs).median <= NORMALIZE_TARGET_MS;
    const what = `Normalising a ${SPANS}-span trace, ${t.label}, ${t.detail} (Node's V8; baseline: JSON.parse of it)`;
    return [what, `<= ${NORMALIZE_TARGET_MS} ms`, figure(t), verdict(ok)];
  });
  const slowest = f.query.reduce((a, b) => (spread(a.subjectMs).median >= spread(b.subjectMs).median ? a : b));
  const queryOk = spread(slowest.subjectMs).median <= QUERY_TARGET_MS;
  const what = [
    `Metric query over a ${f.sessionMinutes}-minute session of ${f.requests} requests with summaries,`,
    `parse + filter, slowest of ${f.query.length} queries: ${slowest.label}`,
    '(baseline: a plain loop reading one summary field)',
  ].join(' ');
  return [...normalize, [what, `<= ${QUERY_TARGET_MS} ms`, figure(slowest), verdict(queryOk)]];
}

const METHOD = [
  "Run in Node's V8 (`npx tsx bench/traces/run.ts` alone), not in the service worker or the panel: the same",
  "engine, without the extension's other work. Subject and baseline alternate within each repetition, their",
  'order swapped every other one, after untimed warm-up rounds; figures are medians with their range.',
  `The ${SPANS}-span payloads repeat a captured fixture with fresh span ids (\`bench/traces/payloads.ts\`);`,
  "the normaliser is timed on the parsed payload and its baseline is that parse. The session's requests carry",
  'summaries computed by `sessionSummaries` from traces made of the captured checkout trace',
  "(`bench/traces/session.ts`); the query's baseline visits every request and reads",
  "`summaries['d:db.query@millisecond'][0].max`.",
].join(' ');

/** The section: every query and normaliser with its baseline, and what computing the summaries costs. */
export function traceSection(f: TraceBenchFigures): string[] {
  const rows = [...f.normalize, ...f.query].map((t) => {
    const [s, b] = [spread(t.subjectMs), spread(t.baselineMs)];
    const range = `${fmt(s.min, 2)}-${fmt(s.max, 2)}`;
    return [t.label, t.detail, fmt(s.median, 2), range, fmt(b.median, 3), fmt(s.median / b.median, 1)];
  });
  const summaries = spread(f.summariesMs);
  const [normalizeReps, queryReps] = [f.normalize[0]?.subjectMs.length ?? 0, f.query[0]?.subjectMs.length ?? 0];
  const reps = `${normalizeReps} repetitions per normaliser, ${queryReps} per query.`;
  return [
    `${METHOD} ${reps}`,
    '',
    table(['what', 'input', 'median ms', 'range ms', 'baseline ms', 'ratio'], rows),
    '',
    `Computing the summaries of all ${f.requests} requests once (\`sessionSummaries\`, no target): ` +
      `median ${fmt(summaries.median, 0)} ms (range ${fmt(summaries.min, 0)}-${fmt(summaries.max, 0)}).`,
  ];
}
