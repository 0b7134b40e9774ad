/** What every trace reader's answer must be, whatever it was given: clean traces, or a clear reason. */
import { expect } from 'vitest';
import { isValidSpanId, isValidTraceId } from '../../../src/shared/trace';
import type { Trace } from '../../../src/shared/traces/model';

/**
 * A refusal names what is wrong. `unexpected failure` is how `safely` reports a throw the normaliser did not
 * mean (a TypeError on a value of the wrong kind): that is a bug, not a reason.
 */
export function expectReason(error: string): void {
  expect(error.length).toBeGreaterThan(0);
  expect(error).not.toMatch(/unexpected failure/);
  // Capped, so a hostile payload cannot flood the panel or the diagnostics.
  expect(error.length).toBeLessThan(4000);
}

const validOptionalSpan = (id: string | undefined) => id === undefined || isValidSpanId(id);

/** The model's promises (model.ts): W3C ids, unique span ids per trace, finite times. */
export function expectCleanTraces(traces: readonly Trace[]): void {
  const seen = new Set<string>();
  for (const trace of traces) {
    expect(isValidTraceId(trace.traceId)).toBe(true);
    expect(seen.has(trace.traceId)).toBe(false);
    seen.add(trace.traceId);
    const spanIds = new Set<string>();
    for (const span of trace.spans) {
      expect(span.traceId).toBe(trace.traceId);
      expect(isValidSpanId(span.spanId)).toBe(true);
      expect(spanIds.has(span.spanId)).toBe(false);
      spanIds.add(span.spanId);
      expect(validOptionalSpan(span.parentSpanId)).toBe(true);
      expect(Number.isFinite(span.start) && Number.isFinite(span.end)).toBe(true);
      for (const event of span.events) expect(Number.isFinite(event.time)).toBe(true);
      for (const link of span.links) expect(isValidTraceId(link.traceId) && isValidSpanId(link.spanId)).toBe(true);
    }
    for (const item of [...trace.errors, ...trace.logs, ...trace.metricPoints]) {
      expect(item.traceId).toBe(trace.traceId);
      expect(validOptionalSpan(item.spanId)).toBe(true);
      expect(Number.isFinite(item.time)).toBe(true);
    }
    for (const point of trace.metricPoints) expect(Number.isFinite(point.value)).toBe(true);
  }
}
