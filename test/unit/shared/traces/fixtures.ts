/** Reads the trace payloads in test/fixtures/traces/ (see its README for where each comes from). */
import { readFileSync } from 'node:fs';
import type { Trace, TracesResult } from '../../../../src/shared/traces/model';

const DIR = new URL('../../../fixtures/traces/', import.meta.url);

export const fixtureText = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
export const fixtureJson = (name: string): unknown => JSON.parse(fixtureText(name));

/** The traces of a result that must have succeeded (fails the test with the error otherwise). */
export function tracesOf(result: TracesResult): Trace[] {
  if (!result.ok) throw new Error(`expected traces, got: ${result.error}`);
  return result.traces;
}

/** The only trace of a result. */
export function onlyTrace(result: TracesResult): Trace {
  const traces = tracesOf(result);
  if (traces.length !== 1) throw new Error(`expected one trace, got ${traces.length}`);
  return traces[0]!;
}

/** A span by id, failing loudly when absent. */
export function spanById(trace: Trace, spanId: string) {
  const span = trace.spans.find((s) => s.spanId === spanId);
  if (!span) throw new Error(`span ${spanId} not in trace ${trace.traceId}`);
  return span;
}
