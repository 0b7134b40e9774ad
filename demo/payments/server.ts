/**
 * The demo's payments service: a separate process instrumented with @sentry/node (started through
 * `startPaymentsService`, with instrument.ts loaded first). Sentry's http instrumentation makes the server
 * span and continues the caller's `sentry-trace` + `baggage`; the handler adds a `card.charge` span,
 * trace-connected metrics, and an error event for a declined card. Prints `PAYMENTS_PORT=<port>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Sentry from '@sentry/node';
import { z } from 'zod';
import {
  AUTHORIZE_PATH,
  declineCodeFor,
  EMITTED_PATH,
  type Emitted,
  type EmittedMetric,
  type AuthorizeReply,
} from './protocol';

const authorizeBody = z.object({
  amountCents: z.number().int().nonnegative(),
  currency: z.string().max(3),
  last4: z.string().regex(/^\d{4}$/),
  brand: z.string().max(20),
  itemCount: z.number().int().nonnegative(),
});

class CardDeclinedError extends Error {
  constructor(readonly code: string) {
    super(`card declined: ${code}`);
    this.name = 'CardDeclinedError';
  }
}

/** Bounded like the shop's span store: a demo left running must not grow without limit. */
const MAX_EMITTED = 5000;
const emitted: Emitted = { metrics: [], errors: [] };

function remember<T>(list: T[], value: T): void {
  list.push(value);
  if (list.length > MAX_EMITTED) list.shift();
}

type Attributes = EmittedMetric['attributes'];

function emit(type: EmittedMetric['type'], name: string, value: number, attributes: Attributes, unit?: string) {
  const options = { attributes, ...(unit ? { unit } : {}) };
  if (type === 'counter') Sentry.metrics.count(name, value, options);
  else if (type === 'distribution') Sentry.metrics.distribution(name, value, options);
  else Sentry.metrics.gauge(name, value, options);
  const { traceId, spanId } = Sentry.getActiveSpan()?.spanContext() ?? { traceId: '', spanId: '' };
  remember(emitted.metrics, { name, type, value, ...(unit ? { unit } : {}), attributes, traceId, spanId });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function authorize(req: IncomingMessage): Promise<{ status: number; reply: AuthorizeReply }> {
  const body = authorizeBody.parse(await readJson(req));
  // Without a router the http instrumentation names the server span only by its method.
  const active = Sentry.getActiveSpan();
  if (active) Sentry.updateSpanName(Sentry.getRootSpan(active), `POST ${AUTHORIZE_PATH}`);
  const started = performance.now();
  const declineCode = await Sentry.startSpan(
    {
      name: 'card.charge',
      op: 'payment.charge',
      attributes: { 'payment.amount_cents': body.amountCents, 'payment.card.last4': body.last4 },
    },
    async (span) => {
      // A card network's round trip.
      await sleep(40 + Math.random() * 60);
      const code = declineCodeFor(body.last4);
      if (code) {
        span.setAttribute('payment.decline_code', code);
        span.setStatus({ code: 2, message: code });
        // Captured inside card.charge, so the error event names this span in its trace context.
        const eventId = Sentry.captureException(new CardDeclinedError(code), { tags: { decline_code: code } });
        const traceId = span.spanContext().traceId;
        remember(emitted.errors, { eventId, traceId, message: `card declined: ${code}` });
      }
      return code;
    },
  );
  const latencyMs = performance.now() - started;
  const attributes = { success: !declineCode, 'payment.card.brand': body.brand };
  emit('distribution', 'payment.latency', latencyMs, attributes, 'millisecond');
  emit('distribution', 'checkout.items', body.itemCount, attributes);
  emit('gauge', 'checkout.amount', body.amountCents / 100, attributes, 'usd');
  if (declineCode) {
    emit('counter', 'checkout.declined', 1, { ...attributes, decline_code: declineCode });
    return { status: 402, reply: { error: 'payment declined', code: declineCode } };
  }
  return { status: 200, reply: { authorizationId: `auth_${randomUUID().slice(0, 8)}` } };
}

function listEmitted(url: URL): Emitted {
  const traceId = url.searchParams.get('traceId');
  if (!traceId) return emitted;
  return {
    metrics: emitted.metrics.filter((m) => m.traceId === traceId),
    errors: emitted.errors.filter((e) => e.traceId === traceId),
  };
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // Spans and metrics wait up to 5 s in the SDK's buffers; flushing after each request brings them to
  // Spotlight within a moment (after 'close' the http server span has ended).
  res.once('close', () => setImmediate(() => void Sentry.flush(2000)));
  if (req.method === 'POST' && url.pathname === AUTHORIZE_PATH) {
    authorize(req).then(
      ({ status, reply }) => send(res, status, reply),
      (error: unknown) => {
        if (error instanceof z.ZodError || error instanceof SyntaxError) send(res, 400, { error: 'invalid request' });
        else {
          Sentry.captureException(error);
          send(res, 500, { error: 'internal server error' });
        }
      },
    );
  } else if (req.method === 'GET' && url.pathname === EMITTED_PATH) {
    send(res, 200, listEmitted(url));
  } else if (req.method === 'GET' && url.pathname === '/health') {
    send(res, 200, { ok: true });
  } else {
    send(res, 404, { error: 'not found' });
  }
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`PAYMENTS_PORT=${(server.address() as AddressInfo).port}`);
});

let shuttingDown = false;
async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  server.close();
  server.closeAllConnections();
  await Sentry.close(2000);
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown());
if (process.env.TANDEM_EXIT_WITH_PARENT === '1') {
  // startPaymentsService holds our stdin open: its end means the parent is gone, even one killed with SIGKILL.
  process.stdin.once('end', () => void shutdown());
  process.stdin.resume();
}
process.once('SIGINT', () => void shutdown());
