import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ShopState } from './context';
import { ShopDb } from './db';
import { createDispatcher } from './router';
import { cartRoutes } from './routes/cart';
import { catalogRoutes } from './routes/catalog';
import { demoRoutes } from './routes/demo';
import { jaegerRoutes } from './routes/jaeger';
import { type PaymentsService, startPaymentsService } from '../payments/index';
import type { SpanRecord } from './span-store';
import { serveStatic } from './static';
import { acquireTelemetry } from './telemetry';

export type { SpanRecord } from './span-store';

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only loopback addresses are accepted: the demo has no authentication. */
  host?: '127.0.0.1' | 'localhost' | '::1';
  /** Seed for the simulated latencies. */
  seed?: number;
  /**
   * A Spotlight sidecar (e.g. http://127.0.0.1:8969): the checkout then authorizes through the payments
   * service, a child process instrumented with @sentry/node that reports to this sidecar. Without it the
   * shop authorizes by itself (same card rules, no Sentry).
   */
  spotlightUrl?: string;
}

export interface DemoServer {
  url: string;
  port: number;
  /** Stops accepting requests, drops open connections and flushes / shuts down the OTel SDK. */
  close(): Promise<void>;
  /** Finished spans recorded so far, of one trace or of all traces, ordered by start time. */
  spans(traceId?: string): SpanRecord[];
  /** The payments service, when started with `spotlightUrl`. */
  payments?: PaymentsService;
}

export async function startDemoServer({
  port = 0,
  host = '127.0.0.1',
  seed = 42,
  spotlightUrl,
}: DemoServerOptions = {}): Promise<DemoServer> {
  if (!['127.0.0.1', 'localhost', '::1'].includes(host))
    throw new Error(`refusing to listen on non-loopback host ${host}`);
  const payments = spotlightUrl ? await startPaymentsService({ spotlightUrl }) : undefined;
  const telemetry = await acquireTelemetry().catch(async (error: unknown) => {
    await payments?.stop();
    throw error;
  });
  const state: ShopState = { db: new ShopDb(seed), store: telemetry.store, recommendationCalls: 0 };
  if (payments) state.paymentsUrl = payments.url;
  const dispatch = createDispatcher(
    [...catalogRoutes, ...cartRoutes, ...demoRoutes, ...jaegerRoutes],
    serveStatic,
    state,
    telemetry.tracer,
  );
  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      // dispatch() already turns handler errors into 500s; this only catches failures to write.
      console.error('[demo] failed to respond', error);
      res.destroy();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await Promise.all([telemetry.release(), payments?.stop()]);
    throw error;
  }

  const actualPort = (server.address() as AddressInfo).port;
  telemetry.tracePort(actualPort);
  const urlHost = host === '::1' ? '[::1]' : host;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    spans: (traceId) => telemetry.store.spans(traceId),
    ...(payments ? { payments } : {}),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Browsers keep idle keep-alive connections open; without this close() would wait for them.
        server.closeAllConnections();
        await closed;
        await Promise.all([telemetry.release(), payments?.stop()]);
      })();
      return closing;
    },
  };
}
