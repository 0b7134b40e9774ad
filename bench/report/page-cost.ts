/** The main-thread part of BENCHMARKS.md: a table per page, every variant's rates side by side. */
import { fmt, median } from '../stats';
import { byName, type PageReport } from './bench-report';
import { table } from './markdown';

export function pageTable(p: PageReport): string {
  const rows = p.summaries.map((s) => [
    s.variant,
    `${fmt(median(s.taskMsPerS), 0)} (${fmt(Math.min(...s.taskMsPerS), 0)}-${fmt(Math.max(...s.taskMsPerS), 0)}; ${s.used} of ${s.reps})`,
    fmt(s.mainCpuMsPerS, 0),
    fmt(s.scriptMsPerS, 0),
    `${fmt(s.longTasksPerWindow, 0)} / ${fmt(s.longTaskMsPerS, 0)}`,
    `${fmt(s.rendererCpuMsPerS, 0)} / ${fmt(s.extensionCpuMsPerS, 0)} / ${fmt(s.browserCpuMsPerS, 0)}`,
    s.inputsPerS > 0 ? `${fmt(s.progressPerS, 1)} (pointer moves ${fmt(s.inputsPerS, 0)}/s)` : fmt(s.progressPerS, 1),
    fmt(s.recordedKBps, 0),
    `${s.recordingReps}/${s.reps}: ${s.proof}`,
    fmt(s.otherLoadMsPerS, 0),
  ]);
  const header = [
    'variant',
    'main thread ms/s (range; quiet reps used)',
    'main thread CPU ms/s',
    'script ms/s',
    'long tasks per window / ms/s',
    'CPU ms/s: page renderer / extension / browser+GPU+utility',
    'page work /s',
    'recorded JSON kB/s',
    'recording in window (reps): last proof',
    'other load ms/s',
  ];
  const cpu = (v: string) => byName(p, v)?.mainCpuMsPerS ?? NaN;
  const cross = `Cross-check with main-thread CPU time: Tandem / bare rrweb ${fmt(cpu('tandem') / cpu('rrweb'), 2)}, Tandem / Sentry ${fmt(cpu('tandem') / cpu('sentry'), 2)}.`;
  return `### ${p.title} (\`bench/pages/${p.file}\`)\n\n${table(header, rows)}\n\n${cross}`;
}
