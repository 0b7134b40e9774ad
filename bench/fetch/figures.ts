/**
 * What the fetch benchmark reports per variant (p50/p95 of the fetch() call and of the round trip, CPU per
 * fetch by process), and how samples become figures: per run, then medians over runs.
 */
import type { CpuMs } from '../browser/process-cpu';
import { median, p95 } from '../stats';

export const FETCHES = 1000;
/**
 * Runs of the whole set (each its own browsers); figures are medians over runs of each run's p50/p95. Nine:
 * on the 2-core bench machine one run's p95 difference between two variants moves by about 0.15 ms, as
 * much as the target; with five, two runs of the same code gave -0.009 and 0.149 ms for the wrapper.
 */
export const WRAPPER_RUNS = 9;

/** Every variant, in the order of the report's table. */
const VARIANTS = [
  'none',
  'none-with-headers',
  'tandem-idle',
  'tandem-other-recording',
  'tandem-off',
  'tandem-recording',
  'paired-wrapped',
  'paired-unwrapped',
  'unobserved-wrapped',
  'unobserved-unwrapped',
] as const;
export type WrapperVariant = (typeof VARIANTS)[number];

export interface WrapperFigures {
  variant: WrapperVariant;
  callP50Ms: number;
  callP95Ms: number;
  totalP50Ms: number;
  totalP95Ms: number;
  headersSeen: number;
  /** CPU per fetch by process, measured for `tandem-off` / `tandem-recording` only (medians over runs). */
  cpuPerFetchMs: CpuPerFetch | null;
  /** Each run's call p95, in run order (the report pairs variants run by run). */
  perRunCallP95Ms: number[];
}

/** ms of CPU per fetch: the page renderers' main threads, the page renderers (both tabs' renderers: /proc cannot tell them apart cheaply), the extension process, everything else of the browser. */
export interface CpuPerFetch {
  pageMain: number;
  page: number;
  extension: number;
  browser: number;
}

/** One run's samples of one variant: each fetch's call and round trip, traced requests, CPU where taken. */
export type Samples = { call: number[]; total: number[]; traced: number; cpu: CpuMs | null; fetches: number };

const perFetch = (s: Samples): CpuPerFetch | null =>
  s.cpu && s.fetches > 0
    ? {
        pageMain: s.cpu.rendererMain / s.fetches,
        page: s.cpu.renderer / s.fetches,
        extension: s.cpu.extension / s.fetches,
        browser: s.cpu.other / s.fetches,
      }
    : null;

/** One run's figures of one variant. */
const figures = (variant: WrapperVariant, r: Samples): WrapperFigures => ({
  variant,
  callP50Ms: median(r.call),
  callP95Ms: p95(r.call),
  totalP50Ms: median(r.total),
  totalP95Ms: p95(r.total),
  headersSeen: r.traced,
  cpuPerFetchMs: perFetch(r),
  perRunCallP95Ms: [],
});

/** Medians over runs of each variant's p50 and p95 (and of its CPU per fetch, where measured). */
export function medianFigures(runs: Map<WrapperVariant, Samples>[]): WrapperFigures[] {
  return VARIANTS.map((v) => {
    const per = runs.map((r) => figures(v, r.get(v)!));
    const med = (f: (x: WrapperFigures) => number) => median(per.map(f));
    const cpus = per.flatMap((x) => (x.cpuPerFetchMs ? [x.cpuPerFetchMs] : []));
    const cpuMed = (k: keyof CpuPerFetch) => median(cpus.map((c) => c[k]));
    const cpuPerFetchMs =
      cpus.length > 0
        ? {
            pageMain: cpuMed('pageMain'),
            page: cpuMed('page'),
            extension: cpuMed('extension'),
            browser: cpuMed('browser'),
          }
        : null;
    return {
      variant: v,
      callP50Ms: med((x) => x.callP50Ms),
      callP95Ms: med((x) => x.callP95Ms),
      totalP50Ms: med((x) => x.totalP50Ms),
      totalP95Ms: med((x) => x.totalP95Ms),
      headersSeen: per[0]!.headersSeen,
      cpuPerFetchMs,
      perRunCallP95Ms: per.map((x) => x.callP95Ms),
    };
  });
}
