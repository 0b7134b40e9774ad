import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { context, logs, propagation, trace, type Tracer } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { createSpanProcessors } from './exporters';
import { MemorySpanStore } from './span-store';

export const SERVICE_NAME = 'tandem-demo-shop';
/** The shop's resource attributes besides `service.name` (Jaeger shows them as process tags). */
export const RESOURCE_ATTRIBUTES = { 'service.version': '0.1.0', 'deployment.environment.name': 'demo' } as const;

/** A server's hold on the process-wide OpenTelemetry SDK. */
export interface TelemetryLease {
  tracer: Tracer;
  store: MemorySpanStore;
  /** Trace incoming requests on this local port (other HTTP servers in the process stay untraced). */
  tracePort(port: number): void;
  /** Drops the hold; the last one flushes and shuts the SDK down. */
  release(): Promise<void>;
}

interface Session {
  sdk: NodeSDK;
  store: MemorySpanStore;
  users: number;
}

const tracedPorts = new Set<number>();
let session: Session | undefined;
let stopping: Promise<void> | undefined;
let httpInstrumentation: HttpInstrumentation | undefined;

function ignoreIncoming(req: IncomingMessage): boolean {
  if (!tracedPorts.has(req.socket.localPort ?? -1)) return true;
  // Reading traces must not create new traces (tests would see their own polling).
  return /^\/(__demo\/traces|api\/traces|api\/services)/.test(req.url ?? '');
}

/**
 * One instance for the life of the process: require-in-the-middle caches the `http` exports it has
 * seen, so a second instrumentation instance would never get the chance to patch them. Re-enabling
 * this one re-applies its patch directly.
 */
function getHttpInstrumentation(): HttpInstrumentation {
  httpInstrumentation ??= new HttpInstrumentation({
    ignoreIncomingRequestHook: ignoreIncoming,
    // Never inject trace headers into the process's own outgoing requests: tests that call
    // /__demo/echo with node:http must see exactly the headers they (or Tandem) sent.
    disableOutgoingRequestInstrumentation: true,
  });
  return httpInstrumentation;
}

function assertHttpPatched(): void {
  // An ESM `import 'node:http'` never passes through require-in-the-middle; requiring it once after the
  // SDK started lets the instrumentation patch Server.prototype.emit, which ESM and CJS share.
  const http = createRequire(import.meta.url)('http') as typeof import('node:http');
  const emit: unknown = http.Server.prototype.emit;
  if (typeof emit !== 'function' || !('__wrapped' in emit)) {
    throw new Error('OpenTelemetry HTTP instrumentation did not patch node:http; server spans would be missing');
  }
}

function startSession(): Session {
  const store = new MemorySpanStore();
  const sdk = new NodeSDK({
    serviceName: SERVICE_NAME,
    resource: resourceFromAttributes(RESOURCE_ATTRIBUTES),
    // Host/process detectors add noise and env-driven defaults would start OTLP exporters.
    autoDetectResources: false,
    metricReaders: [],
    logRecordProcessors: [],
    // Record everything, even when the caller's traceparent says "not sampled": the demo exists to
    // show the backend side of every request.
    sampler: new AlwaysOnSampler(),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: createSpanProcessors(store),
    instrumentations: [getHttpInstrumentation()],
  });
  sdk.start();
  const started = { sdk, store, users: 0 };
  try {
    // registerInstrumentations() only enables instrumentations whose config says disabled, so after a
    // stopSession() the shared instance has to be re-enabled by hand.
    getHttpInstrumentation().enable();
    assertHttpPatched();
  } catch (error) {
    // Undo the global registration, or every later attempt would fail with "duplicate registration".
    void stopSession(started);
    throw error;
  }
  return started;
}

async function stopSession(old: Session): Promise<void> {
  // shutdown() flushes the span processors; the rest undoes the global registration so a later
  // startDemoServer() in the same process (tests) can register a fresh SDK.
  await old.sdk.shutdown();
  httpInstrumentation?.disable();
  trace.disable();
  propagation.disable();
  context.disable();
  logs.disable();
}

export async function acquireTelemetry(): Promise<TelemetryLease> {
  if (stopping) await stopping;
  session ??= startSession();
  const current = session;
  current.users += 1;
  const ports: number[] = [];
  let released = false;
  return {
    tracer: trace.getTracer(SERVICE_NAME),
    store: current.store,
    tracePort(port) {
      ports.push(port);
      tracedPorts.add(port);
    },
    async release() {
      if (released) return;
      released = true;
      for (const port of ports) tracedPorts.delete(port);
      current.users -= 1;
      if (current.users > 0 || session !== current) return;
      session = undefined;
      stopping = stopSession(current).finally(() => {
        stopping = undefined;
      });
      await stopping;
    },
  };
}
