import { performance } from 'node:perf_hooks';
import { SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';

/**
 * Durations of the operations done for one request, summed per metric name, so the response can
 * report them in Server-Timing (`db;dur=12.3;desc="2 queries"`).
 */
export class Timings {
  private readonly totals = new Map<string, { dur: number; count: number }>();

  add(metric: string, durationMs: number): void {
    const entry = this.totals.get(metric) ?? { dur: 0, count: 0 };
    entry.dur += durationMs;
    entry.count += 1;
    this.totals.set(metric, entry);
  }

  /** Server-Timing metric entries (without the `trace` entry). */
  entries(): string[] {
    return [...this.totals].map(([name, { dur, count }]) => {
      const desc = count > 1 ? `;desc="${count} calls"` : '';
      return `${name};dur=${dur.toFixed(1)}${desc}`;
    });
  }
}

export interface Traced {
  tracer: Tracer;
  timings: Timings;
}

/**
 * Runs `work` in an active child span named `name`, records an exception and ERROR status if it throws,
 * and adds its measured duration to the request's Server-Timing under `metric`.
 */
export async function traced<T>(
  ctx: Traced,
  name: string,
  metric: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return ctx.tracer.startActiveSpan(name, { attributes }, async (span) => {
    const started = performance.now();
    try {
      return await work(span);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      throw error;
    } finally {
      ctx.timings.add(metric, performance.now() - started);
      span.end();
    }
  });
}

/** A small deterministic PRNG (mulberry32) so simulated latencies vary but runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
