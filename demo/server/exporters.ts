import { SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { MemorySpanStore } from './span-store';

/**
 * Where finished spans go. Only the in-memory store for now; this is the one place to add an
 * OTLP / Jaeger / Zipkin exporter later (wrap it in a BatchSpanProcessor, unlike the store).
 */
export function createSpanProcessors(store: MemorySpanStore): SpanProcessor[] {
  // Simple (not batched) so a span is readable from /__demo/traces as soon as it ends:
  // tests query the trace right after the response arrives.
  return [new SimpleSpanProcessor({ exporter: store })];
}
