import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../demo/server/index';
import { waitUntil } from '../../../demo/wait';
import { claimPort, type Spotlight, spotlightRunsOn, startSpotlight } from '../../../demo/spotlight/index';
import {
  type SpotlightItem,
  type SpotlightSubscription,
  subscribeSpotlight,
  traceIdsOf,
} from '../../../demo/spotlight/stream';

let spotlight: Spotlight;
let stream: SpotlightSubscription;
let shop: DemoServer;

beforeAll(async () => {
  // Both children take seconds to load their modules: start them side by side on a port chosen up front.
  const port = await claimPort();
  [spotlight, shop] = await Promise.all([
    startSpotlight({ port }),
    startDemoServer({ port: 0, spotlightUrl: `http://127.0.0.1:${port}` }),
  ]);
  stream = subscribeSpotlight(spotlight.url);
}, 30_000);

afterAll(async () => {
  stream?.close();
  await shop?.close();
  await spotlight?.stop();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function cartCookie(): Promise<string> {
  const add = await fetch(`${shop.url}/api/cart`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 1, quantity: 3 }),
  });
  expect(add.status).toBe(200);
  return (add.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A checkout as the browser sends it with Tandem recording: traceparent, sentry-trace and baggage. */
async function checkout(cardNumber: string, traceId: string, replayId: string): Promise<Response> {
  const browserSpan = hex(8);
  return fetch(`${shop.url}/api/checkout`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: await cartCookie(),
      traceparent: `00-${traceId}-${browserSpan}-01`,
      'sentry-trace': `${traceId}-${browserSpan}-1`,
      baggage: `sentry-trace_id=${traceId},sentry-replay_id=${replayId}`,
    },
    body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', cardNumber }),
  });
}

const ofType = (items: SpotlightItem[], type: string, traceId: string) =>
  items.filter((i) => i.type === type && traceIdsOf(i).includes(traceId));

interface SpanV2 {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  status: string;
}
interface MetricV2 {
  trace_id: string;
  span_id: string;
  name: string;
  type: string;
  value: number;
  unit?: string;
  attributes: Record<string, { value: unknown }>;
}
const listOf = <T>(items: SpotlightItem[], traceId: string) =>
  items
    .flatMap((i) => (i.payload as { items: (T & { trace_id: string })[] }).items)
    .filter((x) => x.trace_id === traceId);

describe('the demo with its Sentry path', () => {
  it('runs a Spotlight sidecar that answers /health', async () => {
    expect(spotlight.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await spotlightRunsOn(spotlight.port)).toBe(true);
    // A second start on a port where Spotlight runs reuses it instead of failing.
    const again = await startSpotlight({ port: spotlight.port });
    expect(again).toMatchObject({ reused: true, port: spotlight.port });
    await again.stop();
    expect(await spotlightRunsOn(spotlight.port)).toBe(true);
  });

  it('refuses at once a port that something other than Spotlight holds', async () => {
    const other = createServer((_req, res) => res.end('not Spotlight')).listen(0);
    await once(other, 'listening');
    const { port } = other.address() as AddressInfo;
    try {
      await expect(startSpotlight({ port })).rejects.toThrow(
        `port ${port} is taken by something that is not Spotlight`,
      );
    } finally {
      other.close();
    }
  });

  it('sends a declined checkout to Spotlight as spans, an error and metrics of the browser trace', async () => {
    const traceId = hex(16);
    const res = await checkout('4000 0000 0000 0002', traceId, hex(16));
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ error: 'payment declined', code: 'card_declined' });

    const items = await stream.waitFor('span, event and trace_metric items of the checkout', (now) =>
      ['span', 'event', 'trace_metric'].every((type) => ofType(now, type, traceId).length > 0),
    );
    const authorize = shop.spans(traceId).find((s) => s.name === 'payment.authorize');
    expect(authorize?.status.code).toBe('ERROR');

    // The payment service's spans continue the browser's trace under the shop's payment.authorize span.
    const spans = listOf<SpanV2>(ofType(items, 'span', traceId), traceId);
    const server = spans.find((s) => s.name === 'POST /authorize');
    const charge = spans.find((s) => s.name === 'card.charge');
    expect(server?.parent_span_id).toBe(authorize?.spanId);
    expect(charge).toMatchObject({ parent_span_id: server?.span_id, status: 'error' });

    const [event] = ofType(items, 'event', traceId);
    const payload = event?.payload as { contexts: { trace: { span_id: string } }; exception: { values: unknown[] } };
    expect(payload.contexts.trace.span_id).toBe(charge?.span_id);
    expect(JSON.stringify(payload.exception.values)).toContain('card declined: card_declined');

    // Metric values at Spotlight are exactly what the service says it emitted.
    const emitted = await shop.payments?.emitted(traceId);
    const metrics = listOf<MetricV2>(ofType(items, 'trace_metric', traceId), traceId);
    expect(emitted?.errors).toHaveLength(1);
    expect(emitted?.metrics.map((m) => m.name).sort()).toEqual(
      ['checkout.amount', 'checkout.declined', 'checkout.items', 'payment.latency'].sort(),
    );
    for (const sent of emitted?.metrics ?? []) {
      const got = metrics.find((m) => m.name === sent.name);
      expect(got).toMatchObject({ value: sent.value, span_id: sent.spanId, trace_id: traceId });
      expect(got?.attributes.success?.value).toBe(false);
    }
    expect(metrics.find((m) => m.name === 'checkout.items')?.value).toBe(3);
    expect(metrics.find((m) => m.name === 'checkout.declined')).toMatchObject({ type: 'counter', value: 1 });
    expect(metrics.find((m) => m.name === 'payment.latency')?.unit).toBe('millisecond');
  });

  it('approves a good card through the payments service', async () => {
    const traceId = hex(16);
    const res = await checkout('4242424242424242', traceId, hex(16));
    expect(res.status).toBe(200);
    const items = await stream.waitFor(
      'the approved checkout',
      (now) => ofType(now, 'trace_metric', traceId).length > 0,
    );
    expect(ofType(items, 'event', traceId)).toEqual([]);
    const emitted = await shop.payments?.emitted(traceId);
    expect(emitted?.metrics.map((m) => m.name)).not.toContain('checkout.declined');
    expect(emitted?.metrics.find((m) => m.name === 'payment.latency')?.attributes.success).toBe(true);
  });

  it('replays its buffer to a new subscriber and resumes after a Last-Event-ID', async () => {
    const seen = stream.events().map((e) => e.id);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((id) => typeof id === 'string' && id.length === 36)).toBe(true);
    const ids = async (lastEventId?: string, count = seen.length) => {
      const sub = subscribeSpotlight(spotlight.url, lastEventId ? { lastEventId } : {});
      try {
        return await waitUntil(`${count} replayed events`, 5000, () => {
          const got = sub.events().map((e) => e.id);
          return got.length >= count ? got : undefined;
        });
      } finally {
        sub.close();
      }
    };
    // No Last-Event-ID: everything still in the sidecar's buffer, oldest first.
    expect((await ids()).slice(0, seen.length)).toEqual(seen);
    // A known id: only what came after it.
    expect((await ids(seen[0], seen.length - 1)).slice(0, seen.length - 1)).toEqual(seen.slice(1));
    // An id the buffer does not hold (evicted, or from another sidecar): the whole buffer again.
    expect((await ids('01a00000-0000-7000-8000-000000000000')).slice(0, seen.length)).toEqual(seen);
  });

  it('stops the payments service with the shop, and the sidecar with stop()', async () => {
    const paymentsUrl = shop.payments?.url ?? '';
    stream.close();
    await shop.close();
    await expect(fetch(`${paymentsUrl}/health`)).rejects.toThrow();
    await spotlight.stop();
    expect(await spotlightRunsOn(spotlight.port)).toBe(false);
  });
});
