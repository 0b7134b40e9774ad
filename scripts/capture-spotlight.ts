/**
 * `npx tsx scripts/capture-spotlight.ts`: records what a real Spotlight sidecar's `GET /stream` sends during
 * one demo checkout with the declined card, and writes it byte for byte to
 * test/fixtures/traces/spotlight-sse-checkout.txt. A fresh sidecar is started so its buffer holds only this
 * checkout; the request carries traceparent, sentry-trace and baggage as the browser does with Tandem on.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemoServer } from '../demo/server/index';
import { startSpotlight } from '../demo/spotlight/index';
import { entriesOf, subscribeSpotlight } from '../demo/spotlight/stream';

const OUT = resolve(import.meta.dirname, '../test/fixtures/traces/spotlight-sse-checkout.txt');

const spotlight = await startSpotlight({ port: 0 });
const stream = subscribeSpotlight(spotlight.url);
const shop = await startDemoServer({ port: 0, spotlightUrl: spotlight.url });
try {
  const add = await fetch(`${shop.url}/api/cart`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 1, quantity: 2 }),
  });
  const cookie = (add.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const traceId = randomBytes(16).toString('hex');
  const browserSpan = randomBytes(8).toString('hex');
  const replayId = randomBytes(16).toString('hex');
  const res = await fetch(`${shop.url}/api/checkout`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie,
      traceparent: `00-${traceId}-${browserSpan}-01`,
      'sentry-trace': `${traceId}-${browserSpan}-1`,
      baggage: `sentry-trace_id=${traceId},sentry-replay_id=${replayId}`,
    },
    body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', cardNumber: '4000 0000 0000 0002' }),
  });
  if (res.status !== 402) throw new Error(`expected a 402 from the checkout, got ${res.status}`);

  // Everything the payments service emits for the checkout: both spans, the error and all metric points.
  const emitted = await shop.payments?.emitted(traceId);
  const trace = new Set([traceId]);
  await stream.waitFor(
    'the whole checkout',
    (items) =>
      entriesOf(items, 'span', trace).length >= 2 &&
      entriesOf(items, 'event', trace).length >= (emitted?.errors.length ?? 1) &&
      entriesOf(items, 'trace_metric', trace).length >= (emitted?.metrics.length ?? 1),
  );
  writeFileSync(OUT, stream.raw());
  const events = stream.events();
  console.log(`wrote ${OUT}: ${events.length} SSE events, trace ${traceId}`);
  for (const event of events) console.log(`  id ${event.id} event ${event.event} ${event.data.length} chars`);
} finally {
  stream.close();
  await shop.close();
  await spotlight.stop();
}
