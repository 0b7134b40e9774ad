/**
 * One measurement: a variant's browser, one page, a warm-up, then a fixed window during which the page's
 * main-thread time (CDP Performance.getMetrics deltas), its long tasks and the CPU of every Chromium
 * process are taken. Speed is measured, never asserted against a timer.
 */
import type { CDPSession, Page } from 'playwright-core';
import { cpuDelta, cpuSnapshot, type CpuMs } from '../browser/process-cpu';
import { launchVariant, type Captured, type VariantName } from '../variants/launch';
import type { Bundles } from '../inpage/bundles';
import type { SentrySink } from '../variants/sentry-sink';
import '../inpage/globals';

export type Driver = (page: Page, ms: number) => Promise<number>;

export interface Measurement {
  variant: VariantName;
  /** The window, epoch ms. */
  start: number;
  end: number;
  windowMs: number;
  /** Main-thread busy time of the page's renderer (all tasks), and the parts spent in script. */
  taskMs: number;
  scriptMs: number;
  longTasks: number;
  longTaskMs: number;
  cpu: CpuMs;
  inputs: number;
  /** Units of its own work the page got done in the window (window.benchProgress). */
  progress: number;
  captured: Captured;
}

export interface MeasureOptions {
  variant: VariantName;
  url: string;
  drive: Driver;
  warmupMs: number;
  windowMs: number;
  bundles: Bundles;
  sink: SentrySink;
}

async function mainThread(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

export async function measure(o: MeasureOptions): Promise<Measurement> {
  const run = await launchVariant(o.variant, o.bundles, o.sink);
  try {
    const page = await run.open(o.url);
    const cdp = await run.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await o.drive(page, o.warmupMs);

    const progress = () => page.evaluate(() => window.benchProgress?.() ?? 0);
    await run.windowStart(page);
    const progress0 = await progress();
    const perf0 = await page.evaluate(() => performance.now());
    const [m0, cpu0, t0] = [await mainThread(cdp), cpuSnapshot(run.profileDir), Date.now()];
    const inputs = await o.drive(page, o.windowMs);
    const [m1, cpu1, t1] = [await mainThread(cdp), cpuSnapshot(run.profileDir), Date.now()];
    const perf1 = await page.evaluate(() => performance.now());
    const progress1 = await progress();

    const long = (await page.evaluate(() => window.__benchLongTasks ?? [])).filter(
      (l) => l.start >= perf0 && l.start < perf1,
    );
    const captured = await run.collect(page, t0, t1);
    return {
      variant: o.variant,
      start: t0,
      end: t1,
      windowMs: t1 - t0,
      taskMs: m1.task - m0.task,
      scriptMs: m1.script - m0.script,
      longTasks: long.length,
      longTaskMs: long.reduce((n, l) => n + l.duration, 0),
      cpu: cpuDelta(cpu0, cpu1),
      inputs,
      progress: progress1 - progress0,
      captured,
    };
  } finally {
    await run.close();
  }
}
