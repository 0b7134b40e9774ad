/**
 * Groups one payload's spans, errors, logs and metric points into traces, and makes span ids unique
 * within each trace: Jaeger returns the same span twice, and a backend can reuse an id for two
 * different spans. The panel keys spans by id, so a repeat must go or be renamed.
 */
import type { MetricPoint, Span, Trace, TraceError, TraceLog } from './model';
import { warn } from './result';

export interface TraceParts {
  spans?: Span[];
  errors?: TraceError[];
  logs?: TraceLog[];
  metricPoints?: MetricPoint[];
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

/**
 * A new span id derived from `seed` that no span in `taken` uses: FNV-1a 64 of the seed and a
 * counter. Deterministic, so normalising the same payload twice gives the same ids.
 */
export function deriveSpanId(seed: string, taken: ReadonlySet<string>): string {
  for (let n = 0; ; n++) {
    const id = fnv1a64(`${seed}#${n}`).toString(16).padStart(16, '0');
    if (id !== '0000000000000000' && !taken.has(id)) return id;
  }
}

/**
 * Drops exact repeats of a span and renames a different span that reuses an id (its parent stays;
 * children keep pointing at the first span with that id, which is the best guess there is).
 */
function uniqueSpans(spans: Span[], warnings: string[]): Span[] {
  const byId = new Map<string, Span>();
  // Every id of the payload, made only when a repeat must be renamed (rare; large traces have none).
  let taken: Set<string> | undefined;
  const out: Span[] = [];
  for (const span of spans) {
    const first = byId.get(span.spanId);
    if (first === undefined) {
      byId.set(span.spanId, span);
      out.push(span);
      // Serialised only for a repeat: stringifying every span doubled the cost of a large trace.
    } else if (JSON.stringify(first) !== JSON.stringify(span)) {
      taken ??= new Set(spans.map((s) => s.spanId));
      const spanId = deriveSpanId(`${span.traceId}:${span.spanId}`, taken);
      taken.add(spanId);
      warn(warnings, `span ${span.spanId} repeats with different content: the repeat is now ${spanId}`);
      out.push({ ...span, spanId, wireSpanId: span.spanId });
    }
  }
  return out;
}

function bucket(traces: Map<string, Trace>, traceId: string): Trace {
  let trace = traces.get(traceId);
  if (!trace) {
    trace = { traceId, spans: [], errors: [], logs: [], metricPoints: [] };
    traces.set(traceId, trace);
  }
  return trace;
}

/** Traces in order of first appearance, each with unique span ids. */
export function assembleTraces(parts: TraceParts, warnings: string[]): Trace[] {
  const traces = new Map<string, Trace>();
  for (const span of parts.spans ?? []) bucket(traces, span.traceId).spans.push(span);
  for (const error of parts.errors ?? []) bucket(traces, error.traceId).errors.push(error);
  for (const log of parts.logs ?? []) bucket(traces, log.traceId).logs.push(log);
  for (const point of parts.metricPoints ?? []) bucket(traces, point.traceId).metricPoints.push(point);
  for (const trace of traces.values()) trace.spans = uniqueSpans(trace.spans, warnings);
  return [...traces.values()];
}
