/**
 * Zipkin's `/api/v2/trace/{traceId}`: a bare array of v2 spans, times in microseconds, 64- or
 * 128-bit trace ids, a flat string map of tags and kind absent on local spans.
 *
 * B3 lets a server reuse its client's span id (`shared: true` on the server half), so one id can
 * name two spans. The model needs unique ids, so, following Zipkin's own tree builder
 * (zipkin-lens span-node.js / SpanNode.java):
 * - the shared server half keeps the wire id as `wireSpanId`, gets a derived id (deriveSpanId:
 *   deterministic) and becomes the client half's child; with no client half it keeps its id;
 * - a child naming the shared id attaches to the server half when it ran on the same endpoint
 *   (same service, and same address and port where both give one), else to the client half.
 * A server half whose instrumentation forgot `shared` is recognised as SERVER next to a CLIENT
 * with the same id, as Zipkin's span cleaner does.
 */
import { z } from 'zod';
import { assembleTraces, deriveSpanId } from './assemble';
import { setOwn } from './attributes';
import type { Attributes, Span, SpanKind, SpanStatus, TracesResult } from './model';
import { parseWith, safely, warn } from './result';
import { microsToMs } from './time';
import { parentIdFrom, spanIdFrom, traceIdFrom } from './wire-ids';

const endpointSchema = z.object({
  serviceName: z.string().optional(),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
  port: z.number().optional(),
});
type Endpoint = z.infer<typeof endpointSchema>;
const spanSchema = z.object({
  traceId: z.string(),
  id: z.string(),
  parentId: z.string().optional(),
  kind: z.enum(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']).optional(),
  name: z.string().optional(),
  timestamp: z.number().optional(),
  duration: z.number().optional(),
  localEndpoint: endpointSchema.optional(),
  remoteEndpoint: endpointSchema.optional(),
  annotations: z.array(z.object({ timestamp: z.number(), value: z.string() })).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  shared: z.boolean().optional(),
});
type ZipkinSpan = z.infer<typeof spanSchema>;

/** A span converted, with what the id fix-up needs to know about its wire form. */
interface Converted {
  span: Span;
  shared: boolean;
  endpoint: Endpoint | undefined;
}

const sameField = <T>(a: T | undefined, b: T | undefined) => a === undefined || b === undefined || a === b;

/** Zipkin's "same endpoint": a field one side lacks is not a difference (as its span cleaner merges). */
function sameEndpoint(a: Endpoint | undefined, b: Endpoint | undefined): boolean {
  if (!a || !b) return false;
  return (
    a.serviceName === b.serviceName &&
    sameField(a.ipv4, b.ipv4) &&
    sameField(a.ipv6, b.ipv6) &&
    sameField(a.port, b.port)
  );
}

function statusOf(tags: Record<string, string>): SpanStatus {
  // Zipkin marks failure with an `error` tag holding the message (possibly empty); OpenTelemetry's
  // exporter also writes `otel.status_code`.
  const error = tags.error;
  if (error !== undefined || tags['otel.status_code'] === 'ERROR') {
    return error ? { code: 'error', message: error } : { code: 'error' };
  }
  return tags['otel.status_code'] === 'OK' ? { code: 'ok' } : { code: 'unset' };
}

function convert(raw: ZipkinSpan, where: string, warnings: string[]): Span {
  const tags = raw.tags ?? {};
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(tags)) {
    if (key !== 'error' && key !== 'otel.status_code') setOwn(attributes, key, value);
  }
  const remote = raw.remoteEndpoint;
  // The remote endpoint under OpenTelemetry's names, so the panel reads one vocabulary.
  if (remote?.serviceName) setOwn(attributes, 'peer.service', remote.serviceName);
  if (remote?.ipv4 ?? remote?.ipv6) setOwn(attributes, 'network.peer.address', (remote.ipv4 ?? remote.ipv6)!);
  if (remote?.port !== undefined) setOwn(attributes, 'network.peer.port', remote.port);
  const annotations = raw.annotations ?? [];
  if (raw.timestamp === undefined) warn(warnings, `${where}: no timestamp, read from its annotations or as 0`);
  const startMicros = raw.timestamp ?? Math.min(...annotations.map((a) => a.timestamp), Number.POSITIVE_INFINITY);
  const start = Number.isFinite(startMicros) ? microsToMs(startMicros, where) : 0;
  const parentSpanId = parentIdFrom(raw.parentId, `${where}.parentId`);
  const service = raw.localEndpoint?.serviceName ?? 'unknown';
  const resource: Attributes = { 'service.name': service };
  return {
    traceId: traceIdFrom(raw.traceId, `${where}.traceId`),
    spanId: spanIdFrom(raw.id, `${where}.id`),
    ...(parentSpanId ? { parentSpanId } : {}),
    name: raw.name ?? '',
    service,
    kind: (raw.kind?.toLowerCase() as SpanKind | undefined) ?? 'internal',
    start,
    end: start + microsToMs(raw.duration ?? 0, where),
    status: statusOf(tags),
    attributes,
    resource,
    events: annotations.map((a, i) => ({
      name: a.value,
      time: microsToMs(a.timestamp, `${where}.annotations[${i}]`),
      attributes: {},
    })),
    links: [],
  };
}

/** Gives each shared server half its own id and re-points children as described at the top. */
function splitSharedIds(spans: Converted[]): Span[] {
  const key = (c: Converted) => `${c.span.traceId}/${c.span.spanId}`;
  const clients = new Set(spans.filter((c) => c.span.kind === 'client').map(key));
  for (const c of spans) {
    if (c.span.kind === 'server' && clients.has(key(c))) c.shared = true;
    if (c.span.kind === 'client') c.shared = false;
  }
  const taken = new Set(spans.map((c) => c.span.spanId));
  const servers = new Map<string, Converted[]>();
  for (const c of spans) {
    if (!c.shared || !clients.has(key(c))) continue;
    const wireSpanId = c.span.spanId;
    const spanId = deriveSpanId(`${c.span.traceId}:${wireSpanId}:${c.span.service}`, taken);
    taken.add(spanId);
    c.span = { ...c.span, spanId, wireSpanId, parentSpanId: wireSpanId };
    servers.set(`${c.span.traceId}/${wireSpanId}`, [...(servers.get(`${c.span.traceId}/${wireSpanId}`) ?? []), c]);
  }
  return spans.map((c) => {
    const parent = c.span.parentSpanId;
    if (!parent || c.span.wireSpanId) return c.span;
    const server = servers.get(`${c.span.traceId}/${parent}`)?.find((s) => sameEndpoint(s.endpoint, c.endpoint));
    return server ? { ...c.span, parentSpanId: server.span.spanId } : c.span;
  });
}

/** Zipkin v2 JSON: the array `/api/v2/trace/{id}` returns (or `/api/v2/traces`' array of them). */
export function normalizeZipkinV2(payload: unknown): TracesResult {
  return safely('Zipkin v2', (warnings) => {
    const list = Array.isArray(payload) && Array.isArray(payload[0]) ? payload.flat() : payload;
    const raw = parseWith(z.array(spanSchema), list, 'spans');
    const converted = raw.map((span, i) => ({
      span: convert(span, `[${i}]`, warnings),
      shared: span.shared === true,
      endpoint: span.localEndpoint,
    }));
    return assembleTraces({ spans: splitSharedIds(converted) }, warnings);
  });
}
