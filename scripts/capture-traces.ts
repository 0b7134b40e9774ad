/**
 * Captures the trace payloads in test/fixtures/traces/ that come from real SDKs run here, offline:
 * - the OpenTelemetry JS SDK records one multi-service trace (two services, five span kinds, an
 *   error span with an exception event, a link, typed attributes) and its OTLP/JSON serializer
 *   writes the export request; that request is re-encoded the way Tempo (v1 and v2) and Jaeger v3
 *   answer for the same trace (`reencode`; the fixtures README lists each change);
 * - the OpenTelemetry Zipkin exporter posts the same spans to a local HTTP server;
 * - Sentry's SDK core (the client @sentry/node builds on) continues the trace in a third service and
 *   sends span v2, trace_metric, log and event envelopes, then a transaction, through a transport
 *   that keeps the bodies.
 * Run: npx tsx scripts/capture-traces.ts   (rewrites the otel-js-* and sentry-core-* fixtures)
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import * as Sentry from '@sentry/core';
import { nodeStackLineParser, ServerRuntimeClient } from '@sentry/core/server';

const OUT = new URL('../test/fixtures/traces/', import.meta.url);
const write = (name: string, body: string) => {
  writeFileSync(new URL(name, OUT), body);
  console.log(`wrote test/fixtures/traces/${name} (${Buffer.byteLength(body)} bytes)`);
};

function provider(attributes: Record<string, string>) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes(attributes),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { exporter, tracerProvider };
}

/** Milliseconds after the trace's start as an OpenTelemetry HrTime, keeping nanoseconds exact. */
function at(t0: [number, number], ms: number): [number, number] {
  const nanos = t0[1] + Math.round(ms * 1e6);
  return [t0[0] + Math.floor(nanos / 1e9), nanos % 1e9];
}

/** The shop's checkout: browser-facing `shop-web` calls `payments`, which fails to charge the card. */
function recordTrace(t0: [number, number]) {
  const web = provider({ 'service.name': 'shop-web', 'service.version': '1.8.0' });
  const pay = provider({
    'service.name': 'payments',
    'service.version': '2.4.1',
    'deployment.environment.name': 'dev',
  });
  const http = web.tracerProvider.getTracer('shop-web-http', '1.0.0');
  const render = web.tracerProvider.getTracer('shop-web-render');
  const payments = pay.tracerProvider.getTracer('payments-api', '0.9.2');
  const child = (parent: ReturnType<typeof http.startSpan>): Context => trace.setSpan(ROOT_CONTEXT, parent);
  const remote = (parent: ReturnType<typeof http.startSpan>): Context =>
    trace.setSpanContext(ROOT_CONTEXT, { ...parent.spanContext(), isRemote: true });

  const root = http.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: at(t0, 0),
    attributes: { 'http.request.method': 'GET', 'http.route': '/checkout', 'url.path': '/checkout' },
  });
  root.addEvent('cache.miss', { 'cache.key': 'cart:42' }, at(t0, 1.000001));
  const call = http.startSpan(
    'POST /api/pay',
    {
      kind: SpanKind.CLIENT,
      startTime: at(t0, 12.5),
      attributes: { 'http.request.method': 'POST', 'server.address': 'payments.internal', 'server.port': 8443 },
    },
    child(root),
  );
  const server = payments.startSpan(
    'POST /api/pay',
    { kind: SpanKind.SERVER, startTime: at(t0, 14.25), attributes: { 'http.route': '/api/pay' } },
    remote(call),
  );
  const query = payments.startSpan(
    'SELECT accounts',
    {
      kind: SpanKind.CLIENT,
      startTime: at(t0, 20),
      attributes: {
        'db.system.name': 'postgresql',
        'db.query.text': 'SELECT balance FROM accounts WHERE id = $1',
        'db.response.returned_rows': 1,
      },
    },
    child(server),
  );
  query.end(at(t0, 31.75));
  const charge = payments.startSpan(
    'charge card',
    {
      kind: SpanKind.INTERNAL,
      startTime: at(t0, 35),
      attributes: { 'payment.amount': 42.5, 'payment.currency': 'EUR', 'payment.retry': false },
      links: [{ context: query.spanContext(), attributes: { 'link.reason': 'balance checked by' } }],
    },
    child(server),
  );
  const sentryTrace = `${charge.spanContext().traceId}-${charge.spanContext().spanId}-1`;
  charge.recordException({ name: 'CardDeclined', message: 'issuer declined the card' }, at(t0, 139.5));
  charge.setStatus({ code: SpanStatusCode.ERROR, message: 'issuer declined the card' });
  charge.end(at(t0, 140));
  server.setAttribute('http.response.status_code', 502);
  server.setStatus({ code: SpanStatusCode.ERROR });
  server.end(at(t0, 148));
  call.setAttribute('http.response.status_code', 502);
  call.setStatus({ code: SpanStatusCode.ERROR, message: 'payments answered 502' });
  call.end(at(t0, 150.125));
  const publish = http.startSpan(
    'publish orders',
    {
      kind: SpanKind.PRODUCER,
      startTime: at(t0, 155),
      attributes: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': 'orders' },
    },
    child(root),
  );
  publish.end(at(t0, 157.5));
  const consume = payments.startSpan(
    'process orders',
    { kind: SpanKind.CONSUMER, startTime: at(t0, 158), attributes: { 'messaging.system': 'rabbitmq' } },
    remote(publish),
  );
  consume.end(at(t0, 171));
  const receipt = render.startSpan(
    'render receipt',
    {
      startTime: at(t0, 160),
      attributes: { 'template.name': 'receipt.html', 'render.partials': ['header', 'footer'], 'render.cache_hits': 3 },
    },
    child(root),
  );
  receipt.setStatus({ code: SpanStatusCode.OK });
  receipt.end(at(t0, 175.000123));
  root.setAttribute('http.response.status_code', 502);
  root.setStatus({ code: SpanStatusCode.ERROR });
  root.end(at(t0, 180));
  return { web: web.exporter.getFinishedSpans(), pay: pay.exporter.getFinishedSpans(), sentryTrace };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Encoding = { ids: 'hex' | 'base64'; enums: 'names' | 'numbers' };
const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'].map((n) => `SPAN_KIND_${n}`);
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'].map((n) => `STATUS_CODE_${n}`);
// Proto declaration order, which Go's JSON marshallers follow (the SDK's serializer uses its own).
const FIELD_ORDER = [
  ...['traceId', 'spanId', 'traceState', 'parentSpanId', 'flags', 'name', 'kind', 'startTimeUnixNano'],
  ...['endTimeUnixNano', 'timeUnixNano', 'attributes', 'droppedAttributesCount', 'events', 'droppedEventsCount'],
  ...['links', 'droppedLinksCount', 'status'],
];
const rank = (key: string) => (FIELD_ORDER.includes(key) ? FIELD_ORDER.indexOf(key) : FIELD_ORDER.length);

/**
 * The SDK's OTLP/JSON as a Go proto3 JSON marshaller writes the same message: zero values and empty
 * lists omitted (AnyValue's oneof members kept), int64 as strings, ids base64 (Tempo's gogo jsonpb
 * marshals `bytes`) or hex (Jaeger's id type), enums as names (Tempo) or numbers (Jaeger).
 */
function reencode(value: Json, enc: Encoding, key = ''): Json | undefined {
  if (Array.isArray(value)) {
    const items = value.map((v) => reencode(v, enc)).filter((v): v is Json => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, reencode(v, enc, k)] as const)
      .filter((e): e is readonly [string, Json] => e[1] !== undefined)
      .sort(([a], [b]) => rank(a) - rank(b));
    return Object.fromEntries(entries);
  }
  if (key === 'intValue') return String(value);
  if (['stringValue', 'boolValue', 'doubleValue'].includes(key)) return value;
  if (value === 0 || value === '') return undefined;
  if (['traceId', 'spanId', 'parentSpanId'].includes(key) && enc.ids === 'base64') {
    return Buffer.from(String(value), 'hex').toString('base64');
  }
  if (key === 'kind' && enc.enums === 'names') return KIND_NAMES[value as number]!;
  if (key === 'code' && enc.enums === 'names') return STATUS_NAMES[value as number]!;
  return value;
}

/** Keys sorted at every level, as Jaeger's stored v3 snapshot has them. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

function tempoResourceSpans(otlp: Json): Json {
  return (reencode(otlp, { ids: 'base64', enums: 'names' }) as { resourceSpans: Json }).resourceSpans;
}

/** Posts each service's spans with the Zipkin exporter to a local server and returns the bodies. */
async function zipkinBodies(batches: ReadableSpan[][]): Promise<unknown[][]> {
  const bodies: unknown[][] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[]);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  for (const spans of batches) {
    // One exporter per service: the exporter names every span of a batch after the batch's first resource.
    const exporter = new ZipkinExporter({ url: `http://127.0.0.1:${port}/api/v2/spans` });
    await new Promise<void>((resolve, reject) =>
      exporter.export(spans, (result) => (result.error ? reject(result.error) : resolve())),
    );
  }
  server.close();
  return bodies;
}

/** Sentry's SDK core continuing the trace in a `ledger` service: envelopes as its transport received them. */
async function captureSentry(sentryTrace: string, lifecycle: 'stream' | 'static'): Promise<string[]> {
  const bodies: string[] = [];
  const client = new ServerRuntimeClient({
    dsn: 'http://public@127.0.0.1:8969/1',
    integrations: [],
    transport: (options) =>
      Sentry.createTransport(options, async (request) => {
        bodies.push(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body));
        return { statusCode: 200 };
      }),
    stackParser: Sentry.createStackParser(nodeStackLineParser()),
    tracesSampleRate: 1,
    traceLifecycle: lifecycle,
    enableLogs: true,
    release: 'ledger@3.1.0',
    environment: 'dev',
  });
  Sentry.setCurrentClient(client);
  client.init();
  const baggage = `sentry-trace_id=${sentryTrace.slice(0, 32)},sentry-sampled=true,sentry-environment=dev`;
  Sentry.continueTrace({ sentryTrace, baggage }, () =>
    Sentry.startSpan(
      { name: 'POST /ledger/entries', op: 'http.server', attributes: { 'http.route': '/ledger/entries' } },
      () => {
        Sentry.startSpan(
          { name: 'INSERT ledger_entries', op: 'db', attributes: { 'db.system.name': 'postgresql' } },
          () => {
            Sentry.metrics.count('ledger.entries', 2, { attributes: { currency: 'EUR' } });
            Sentry.metrics.count('ledger.entries', 1, { attributes: { currency: 'CHF' } });
            Sentry.metrics.distribution('ledger.write_time', 12.5, { unit: 'millisecond' });
            Sentry.metrics.distribution('ledger.write_time', 7.25, { unit: 'millisecond' });
            Sentry.metrics.gauge('ledger.queue_depth', 3);
            Sentry.logger.warn('Buchung abgelehnt: Kärtchen gesperrt ✗', { entries: 2 });
          },
        );
        const error = new Error('ledger unavailable');
        // A stack of the service's own code, not of this script's machine.
        error.stack = 'Error: ledger unavailable\n    at postEntry (/srv/ledger/app.js:42:11)';
        Sentry.captureException(error);
      },
    ),
  );
  await Sentry.flush(5000);
  await client.close();
  return bodies;
}

/** The envelope whose item header has `"type":"<type>"`. */
function envelopeWith(bodies: string[], type: string): string {
  const body = bodies.find((b) => b.split('\n')[1]?.includes(`"type":"${type}"`));
  if (!body) throw new Error(`no ${type} envelope captured`);
  return body;
}

const nowMs = Date.now();
const t0: [number, number] = [Math.floor(nowMs / 1000), (nowMs % 1000) * 1e6 + 123_456];
const { web, pay, sentryTrace } = recordTrace(t0);
const otlp = new TextDecoder().decode(JsonTraceSerializer.serializeRequest([...web, ...pay]));
write('otel-js-otlp.json', otlp);
// Tempo v1 renames the top-level key to `batches`; v2 wraps it in `trace` (COMPLETE status omitted).
write('otel-js-tempo-v1.json', JSON.stringify({ batches: tempoResourceSpans(JSON.parse(otlp)) }));
write('otel-js-tempo-v2.json', JSON.stringify({ trace: { resourceSpans: tempoResourceSpans(JSON.parse(otlp)) } }));
const jaeger = reencode(JSON.parse(otlp), { ids: 'hex', enums: 'numbers' })!;
write('otel-js-jaeger-v3.json', JSON.stringify(sortKeys({ result: jaeger }), null, 2));
// Zipkin's trace endpoint returns every span of the trace in one array: the two posts, joined.
write('otel-js-zipkin-v2.json', JSON.stringify((await zipkinBodies([web, pay])).flat()));
const streamed = await captureSentry(sentryTrace, 'stream');
for (const type of ['span', 'trace_metric', 'log', 'event'])
  write(`sentry-core-${type}.txt`, envelopeWith(streamed, type));
write('sentry-core-transaction.txt', envelopeWith(await captureSentry(sentryTrace, 'static'), 'transaction'));
