/**
 * A stand-in for Jaeger's query API v1 (`GET /api/traces/{id}`, `GET /api/services`), serving the shop's own
 * spans from its MemorySpanStore in the shape jaeger-query returns, so Tandem's Jaeger source can be pointed at
 * the demo without running Jaeger. Not Jaeger: no search, no dependencies, one process.
 */
import type { AttributeValue } from '@opentelemetry/api';
import type { Route } from '../context';
import { json } from '../http-utils';
import type { SpanRecord } from '../span-store';
import { RESOURCE_ATTRIBUTES, SERVICE_NAME } from '../telemetry';

interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64';
  value: string | boolean | number;
}

const TRACE_ID = /^[0-9a-f]{1,32}$/;
const PROCESS_ID = 'p1';
const micros = (ms: number) => Math.round(ms * 1000);

function tag(key: string, value: AttributeValue): JaegerTag {
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  // Jaeger's OTLP translator writes array attributes as JSON strings.
  return { key, type: 'string', value: typeof value === 'string' ? value : JSON.stringify(value) };
}

function tagsOf(attributes: Record<string, AttributeValue>): JaegerTag[] {
  return Object.entries(attributes).map(([key, value]) => tag(key, value));
}

/** As Jaeger's OTLP-to-Jaeger translator writes them: kind, status and errors become tags. */
function spanTags(span: SpanRecord): JaegerTag[] {
  const tags = tagsOf(span.attributes);
  tags.push(tag('span.kind', span.kind.toLowerCase()));
  if (span.status.code !== 'UNSET') tags.push(tag('otel.status_code', span.status.code));
  if (span.status.message) tags.push(tag('otel.status_description', span.status.message));
  if (span.status.code === 'ERROR') tags.push(tag('error', true));
  return tags;
}

function jaegerSpan(span: SpanRecord) {
  return {
    traceID: span.traceId,
    spanID: span.spanId,
    operationName: span.name,
    references: span.parentSpanId ? [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }] : [],
    startTime: micros(span.startMs),
    duration: micros(span.durationMs),
    tags: spanTags(span),
    logs: span.events.map((e) => ({
      timestamp: micros(e.timeMs),
      fields: [tag('event', e.name), ...tagsOf(e.attributes)],
    })),
    processID: PROCESS_ID,
    warnings: null,
  };
}

/** One trace in Jaeger's UI model; `null` when the store has no span of it. */
export function jaegerTrace(spans: SpanRecord[]) {
  const first = spans[0];
  if (!first) return null;
  return {
    traceID: first.traceId,
    spans: spans.map(jaegerSpan),
    processes: { [PROCESS_ID]: { serviceName: SERVICE_NAME, tags: tagsOf(RESOURCE_ATTRIBUTES) } },
    warnings: null,
  };
}

/** jaeger-query's envelope: `{data, total, limit, offset, errors}`. */
function envelope(status: number, data: unknown[] | null, error?: string) {
  const errors = error ? [{ code: status, msg: error }] : null;
  return json(status, { data, total: data?.length ?? 0, limit: 0, offset: 0, errors });
}

export const jaegerRoutes: Route[] = [
  {
    methods: ['GET'],
    path: '/api/traces/:traceId',
    handler: async (ctx) => {
      const raw = ctx.params.traceId?.toLowerCase() ?? '';
      if (!TRACE_ID.test(raw)) return envelope(400, null, `cannot parse traceID: ${raw}`);
      // Jaeger accepts ids without their leading zeros.
      const trace = jaegerTrace(ctx.state.store.spans(raw.padStart(32, '0')));
      return trace ? envelope(200, [trace]) : envelope(404, null, 'trace not found');
    },
  },
  {
    methods: ['GET'],
    path: '/api/services',
    handler: async () => envelope(200, [SERVICE_NAME]),
  },
];
