import { SpanKind, SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** A finished span as plain JSON: what `GET /__demo/traces/:traceId` returns and tests assert on. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** `null` for a root span (no parent at all, local or remote). */
  parentSpanId: string | null;
  name: string;
  kind: 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  /** Epoch milliseconds (fractional). */
  startMs: number;
  endMs: number;
  durationMs: number;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message?: string };
  attributes: Record<string, AttributeValue>;
  events: { name: string; timeMs: number; attributes: Record<string, AttributeValue> }[];
}

const KIND_NAMES: Record<SpanKind, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

const STATUS_NAMES: Record<SpanStatusCode, SpanRecord['status']['code']> = {
  [SpanStatusCode.UNSET]: 'UNSET',
  [SpanStatusCode.OK]: 'OK',
  [SpanStatusCode.ERROR]: 'ERROR',
};

function plainAttributes(attributes: Attributes | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  const startMs = hrTimeToMilliseconds(span.startTime);
  const endMs = hrTimeToMilliseconds(span.endTime);
  const status: SpanRecord['status'] = { code: STATUS_NAMES[span.status.code] };
  if (span.status.message) status.message = span.status.message;
  return {
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: KIND_NAMES[span.kind],
    startMs,
    endMs,
    durationMs: endMs - startMs,
    status,
    attributes: plainAttributes(span.attributes),
    events: span.events.map((e) => ({
      name: e.name,
      timeMs: hrTimeToMilliseconds(e.time),
      attributes: plainAttributes(e.attributes),
    })),
  };
}

/**
 * A SpanExporter that keeps finished spans in memory, grouped by trace.
 * Bounded by trace count so a demo left running for hours does not grow without limit.
 */
export class MemorySpanStore implements SpanExporter {
  private readonly traces = new Map<string, SpanRecord[]>();
  private stopped = false;

  constructor(private readonly maxTraces = 2000) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (!this.stopped) for (const span of spans) this.add(toSpanRecord(span));
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  private add(record: SpanRecord): void {
    const list = this.traces.get(record.traceId);
    if (list) {
      list.push(record);
      return;
    }
    this.traces.set(record.traceId, [record]);
    // Map iteration order is insertion order, so the first key is the oldest trace.
    if (this.traces.size > this.maxTraces) {
      const oldest = this.traces.keys().next().value;
      if (oldest !== undefined) this.traces.delete(oldest);
    }
  }

  /** Spans of one trace, or of all traces, ordered by start time. */
  spans(traceId?: string): SpanRecord[] {
    const lists = traceId === undefined ? [...this.traces.values()] : [this.traces.get(traceId) ?? []];
    return lists.flat().sort((a, b) => a.startMs - b.startMs);
  }

  traceIds(): string[] {
    return [...this.traces.keys()];
  }

  async forceFlush(): Promise<void> {}

  // Keep what was recorded readable after shutdown (tests inspect spans after close()), just stop adding.
  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
