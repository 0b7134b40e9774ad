/**
 * Turns repeated measurements of a page's cost into the figures BENCHMARKS.md reports: per page and variant
 * the median (and range) over the quiet repetitions of each rate; the ratios between variants come from
 * those medians.
 */
import type { Measurement } from './measure';
import { MAX_OTHER_LOAD_MS_PER_S } from '../limits';
import { otherLoad } from '../browser/process-cpu';
import { median } from '../stats';
import type { VariantName } from '../variants/launch';

export interface VariantSummary {
  variant: VariantName;
  reps: number;
  /** Repetitions the medians are taken over: the quiet ones (see quiet()), or all of them. */
  used: number;
  /** How many repetitions proved the recorder was recording in the window. */
  recordingReps: number;
  taskMsPerS: number[];
  scriptMsPerS: number;
  longTasksPerWindow: number;
  longTaskMsPerS: number;
  /** CPU time (/proc) of the page renderers' main threads: a cross-check of taskMsPerS that other load does not inflate. */
  mainCpuMsPerS: number;
  /** CPU per kind of process of this browser (ms per s of window). */
  rendererCpuMsPerS: number;
  extensionCpuMsPerS: number;
  browserCpuMsPerS: number;
  /** CPU used by everything else on the machine meanwhile: noise to keep in mind. */
  otherLoadMsPerS: number;
  progressPerS: number;
  inputsPerS: number;
  recordedKBps: number;
  proof: string;
}

const perS = (m: Measurement, value: number) => value / (m.windowMs / 1000);
export const otherLoadMsPerS = (m: Measurement): number => perS(m, otherLoad(m.cpu));

/**
 * The measurements to take medians over: those during which other programs stayed under the load limit,
 * when there are at least two; otherwise all (the "other load" column then shows the noise).
 */
export function quiet(runs: Measurement[]): Measurement[] {
  const calm = runs.filter((m) => otherLoadMsPerS(m) <= MAX_OTHER_LOAD_MS_PER_S);
  return calm.length >= 2 ? calm : runs;
}

export function summarize(variant: VariantName, all: Measurement[]): VariantSummary {
  const runs = quiet(all);
  const med = (f: (m: Measurement) => number) => median(runs.map(f));
  return {
    variant,
    reps: all.length,
    used: runs.length,
    recordingReps: all.filter((m) => m.captured.recording).length,
    taskMsPerS: runs.map((m) => perS(m, m.taskMs)),
    scriptMsPerS: med((m) => perS(m, m.scriptMs)),
    longTasksPerWindow: med((m) => m.longTasks),
    longTaskMsPerS: med((m) => perS(m, m.longTaskMs)),
    mainCpuMsPerS: med((m) => perS(m, m.cpu.rendererMain)),
    rendererCpuMsPerS: med((m) => perS(m, m.cpu.renderer)),
    extensionCpuMsPerS: med((m) => perS(m, m.cpu.extension)),
    browserCpuMsPerS: med((m) => perS(m, m.cpu.other)),
    otherLoadMsPerS: med((m) => otherLoadMsPerS(m)),
    progressPerS: med((m) => perS(m, m.progress)),
    inputsPerS: med((m) => perS(m, m.inputs)),
    recordedKBps: med((m) => perS(m, m.captured.jsonBytes) / 1000),
    proof: runs.at(-1)?.captured.proof ?? '',
  };
}
