/** What a bench run hands the report (BenchReport), and the accessors its sections share. */
import type { WrapperFigures } from '../fetch/figures';
import type { Latency } from '../ingest/latency';
import type { Storage } from '../ingest/storage';
import type { ThroughputResult } from '../ingest/throughput';
import type { VariantSummary } from '../page-cost/summary';
import type { SpotlightLatencyFigures } from '../traces/spotlight-figures';
import type { TraceBenchFigures } from '../traces/timing';
import type { PanelBenchFigures } from './panel';
import { median } from '../stats';
import type { ProfileReport } from './profile';

export interface PageReport {
  file: string;
  title: string;
  summaries: VariantSummary[];
}

export type { ProfileReport };

export interface BenchReport {
  date: string;
  machine: string;
  command: string;
  settings: string;
  durationS: number;
  /** How many measurements were repeated because other programs loaded the machine, in words. */
  retried: string;
  pages: PageReport[];
  latency: Latency;
  throughput: ThroughputResult & { latency: Latency };
  storage: Storage;
  profiles: ProfileReport[];
  wrapper: WrapperFigures[];
  traces: TraceBenchFigures;
  spotlight: SpotlightLatencyFigures;
  panel: PanelBenchFigures;
}

export const byName = (p: PageReport, v: string) => p.summaries.find((s) => s.variant === v);
/** Main-thread ms/s (TaskDuration), the median over repetitions. */
export const task = (s: VariantSummary | undefined) => (s ? median(s.taskMsPerS) : NaN);
/** Main-thread CPU ms/s (/proc). */
export const cpu = (s: VariantSummary | undefined) => s?.mainCpuMsPerS ?? NaN;
export const MB = 1_000_000;
