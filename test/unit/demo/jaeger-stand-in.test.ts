import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type SpanRecord } from '../../../demo/server/index';
import { normalizeJaegerV1 } from '../../../src/shared/traces/jaeger-v1';

let shop: DemoServer;

beforeAll(async () => {
  shop = await startDemoServer({ port: 0 });
});

afterAll(async () => {
  await shop?.close();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function declinedCheckout(traceId: string): Promise<SpanRecord[]> {
  const add = await fetch(`${shop.url}/api/cart`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 2 }),
  });
  const cookie = (add.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await fetch(`${shop.url}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, traceparent: `00-${traceId}-${hex(8)}-01` },
    body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', cardNumber: '4000000000000002' }),
  });
  expect(res.status).toBe(402);
  await expect.poll(() => shop.spans(traceId).some((s) => s.kind === 'SERVER')).toBe(true);
  return shop.spans(traceId);
}

describe('the Jaeger query API v1 stand-in', () => {
  it('serves a checkout trace that normalizeJaegerV1 reads back span for span', async () => {
    const traceId = hex(16);
    const recorded = await declinedCheckout(traceId);
    const res = await fetch(`${shop.url}/api/traces/${traceId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { processes: Record<string, { serviceName: string }> }[] };
    expect(body).toMatchObject({ total: 1, limit: 0, offset: 0, errors: null });
    expect(body.data[0]?.processes.p1?.serviceName).toBe('tandem-demo-shop');

    const result = normalizeJaegerV1(body);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toEqual([]);
    expect(result.traces.map((t) => t.traceId)).toEqual([traceId]);
    const spans = result.traces[0]?.spans ?? [];
    expect(spans.map((s) => [s.spanId, s.parentSpanId ?? null, s.name]).sort()).toEqual(
      recorded.map((s) => [s.spanId, s.parentSpanId, s.name]).sort(),
    );
    const server = spans.find((s) => s.kind === 'server');
    expect(server).toMatchObject({ name: 'POST /api/checkout', service: 'tandem-demo-shop' });
    const payment = spans.find((s) => s.name === 'payment.authorize');
    expect(payment).toMatchObject({
      parentSpanId: server?.spanId,
      status: { code: 'error', message: 'payment declined' },
    });
    expect(payment?.attributes['payment.card.last4']).toBe('0002');
    expect(payment?.events.map((e) => e.name)).toContain('exception');
    const recordedPayment = recorded.find((s) => s.name === 'payment.authorize');
    // Microsecond precision, as Jaeger stores times.
    expect(Math.abs((payment?.start ?? 0) - (recordedPayment?.startMs ?? 0))).toBeLessThan(0.001);
  });

  it("answers an unknown trace with Jaeger's 404 body and lists the service", async () => {
    const missing = await fetch(`${shop.url}/api/traces/${hex(16)}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
    const services = await fetch(`${shop.url}/api/services`);
    expect(await services.json()).toMatchObject({ data: ['tandem-demo-shop'], total: 1, errors: null });
    // Reading traces does not trace the reads.
    expect(shop.spans().some((s) => String(s.attributes['url.path']).startsWith('/api/traces'))).toBe(false);
  });
});
