/** The targets table of BENCHMARKS.md: each target with its measured figure and an honest PASS/MISS. */
import type { VariantSummary } from '../page-cost/summary';
import { fmt } from '../stats';
import { byName, cpu, MB, task, type BenchReport, type PageReport } from './bench-report';
import { fetchRows } from './fetch';
import { verdict, type Row } from './markdown';
import { spotlightRows } from './spotlight';
import { traceRows } from './traces';
import { panelRows } from './panel';

/**
 * A main-thread ratio, judged on wall time (TaskDuration) as the target says, and on CPU time as a
 * cross-check. The ratio of medians must pass and so must most repetitions (the two variants of one
 * repetition ran next to each other): a median that passes while most repetitions do not is noise.
 */
function ratioRow(
  figure: string,
  target: string,
  ok: (ratio: number) => boolean,
  a: VariantSummary | undefined,
  b: VariantSummary | undefined,
  extra = '',
): Row {
  const [wall, cpuTime] = [task(a) / task(b), cpu(a) / cpu(b)];
  const valid = [a, b].every((s) => s && s.recordingReps === s.reps);
  // Paired only when both kept every repetition (a noisy one is left out of a variant's medians).
  const paired = a !== undefined && b !== undefined && a.taskMsPerS.length === b.taskMsPerS.length;
  const perRep = paired ? a.taskMsPerS.map((x, i) => x / b.taskMsPerS[i]!) : [];
  const repsOk = perRep.filter(ok).length;
  const steady = !paired || repsOk * 2 > perRep.length;
  const judged = ok(wall) && steady;
  const notes = [
    ok(wall) !== steady ? `median ${verdict(ok(wall))}, ${repsOk} of ${perRep.length} repetitions pass` : '',
    ok(cpuTime) !== ok(wall) ? `by CPU time: ${verdict(ok(cpuTime))}` : '',
  ].filter(Boolean);
  const result = !valid
    ? 'INVALID (a recorder was not recording)'
    : notes.length > 0
      ? `${verdict(judged)} (${notes.join('; ')})`
      : verdict(judged);
  const reps = paired ? `; per repetition: ${perRep.map((x) => fmt(x, 2)).join(', ')}` : '; repetitions not paired';
  return [figure, target, `${fmt(wall, 2)} (by main-thread CPU time: ${fmt(cpuTime, 2)})${reps}${extra}`, result];
}

function ratioRows(p: PageReport): Row[] {
  const [none, rrweb, tandem, sentry] = ['none', 'rrweb', 'tandem', 'sentry'].map((v) => byName(p, v));
  // Unstable when rrweb adds little over the page's own work: shown by both clocks, never judged.
  const added = (f: (s: VariantSummary | undefined) => number) => (f(tandem) - f(none)) / (f(rrweb) - f(none));
  const extra = `; time added over no recording, Tandem / rrweb: ${fmt(added(task), 2)} (CPU time: ${fmt(added(cpu), 2)})`;
  return [
    ratioRow(`${p.title}: main thread, Tandem / bare rrweb`, '<= 1.10', (x) => x <= 1.1, tandem, rrweb, extra),
    ratioRow(`${p.title}: main thread, Tandem / Sentry replay`, '< 1', (x) => x < 1, tandem, sentry),
  ];
}

export function targets(r: BenchReport): Row[] {
  const t = r.throughput;
  const committed = t.committedBytes / MB / (t.windowMs / 1000);
  return [
    ...r.pages.flatMap(ratioRows),
    [
      'Active page: event -> durable write, p95 (oldest event of each batch)',
      '<= 1000 ms',
      `${fmt(r.latency.first.p95, 0)} ms (p50 ${fmt(r.latency.first.p50, 0)}, max ${fmt(r.latency.first.max, 0)}; ${r.latency.batches} batches)`,
      verdict(r.latency.first.p95 <= 1000),
    ],
    [
      'Sustained ingest (firehose page, stored at the background)',
      '>= 2 MB/s',
      `${fmt(committed, 2)} MB/s; p95 latency ${fmt(t.latency.first.p95, 0)} ms`,
      verdict(committed >= 2),
    ],
    [
      'Active page: compression rawBytes / storedBytes (session record)',
      '>= 8x',
      `${fmt(r.storage.sessionRatio, 1)}x (window only: ${fmt(r.storage.windowRatio, 1)}x)`,
      verdict(r.storage.sessionRatio >= 8),
    ],
    ...fetchRows(r.wrapper),
    ...traceRows(r.traces),
    ...spotlightRows(r.spotlight),
    ...panelRows(r.panel),
    [
      'Active page: stored bytes per minute, once compacted',
      '<= 60 kB/min',
      `${fmt(r.storage.compactedBytesPerMin / 1000, 0)} kB/min, ${fmt(r.storage.compactedToBatches, 2)} of the ${fmt(r.storage.storedBytesPerMin / 1000, 0)} kB/min the batches store (raw ${fmt(r.storage.rawBytesPerMin / 1000, 0)} kB/min); compaction CPU ${fmt(r.storage.compactCpuMsPerMin, 0)} ms per minute recorded`,
      verdict(r.storage.compactedBytesPerMin <= 60_000),
    ],
  ];
}
