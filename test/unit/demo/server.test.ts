import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer, type SpanRecord } from '../../../demo/server/index';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

/** The `trace;desc=...` entry of a Server-Timing header, split into its ids. */
function serverTimingTrace(response: Response): { traceId: string; spanId: string; flags: string } {
  const header = response.headers.get('server-timing') ?? '';
  const entry = header
    .split(',')
    .map((s) => s.trim())
    .find((s) => s.startsWith('trace;'));
  const match = TRACEPARENT.exec(entry?.match(/desc="?([^";]+)"?/)?.[1] ?? '');
  if (!match) throw new Error(`no trace entry in Server-Timing: "${header}"`);
  const [, traceId = '', spanId = '', flags = ''] = match;
  return { traceId, spanId, flags };
}

/** Spans are exported when the server span ends, just after the response is written: poll briefly. */
async function spansOf(traceId: string, until: (spans: SpanRecord[]) => boolean): Promise<SpanRecord[]> {
  let spans: SpanRecord[] = [];
  await expect
    .poll(async () => {
      const res = await fetch(`${server.url}/__demo/traces/${traceId}`);
      spans = (await res.json()) as SpanRecord[];
      return until(spans);
    })
    .toBe(true);
  return spans;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('demo server', () => {
  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('continues an incoming traceparent and reports it in Server-Timing', async () => {
    const traceId = hex(16);
    const parentId = hex(8);
    const res = await fetch(`${server.url}/api/products`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
    expect(res.status).toBe(200);
    const st = serverTimingTrace(res);
    expect(st.traceId).toBe(traceId);
    expect(st.spanId).not.toBe(parentId);
    expect(st.flags).toBe('01');
    expect(res.headers.get('server-timing')).toMatch(/\bdb;dur=\d+(\.\d)?/);

    const spans = await spansOf(traceId, (s) => s.some((x) => x.kind === 'SERVER'));
    const serverSpan = spans.find((s) => s.kind === 'SERVER');
    expect(serverSpan).toMatchObject({ traceId, spanId: st.spanId, parentSpanId: parentId, name: 'GET /api/products' });
    const db = spans.find((s) => s.name === 'db.query');
    expect(db?.parentSpanId).toBe(st.spanId);
    expect(db?.attributes['db.statement']).toContain('FROM products');
    // The handle sees the same spans as the HTTP endpoint.
    expect(
      server
        .spans(traceId)
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(spans.map((s) => s.spanId).sort());
  });

  it('starts a fresh, valid trace when no traceparent is sent', async () => {
    const res = await fetch(`${server.url}/api/products/2`);
    expect(res.status).toBe(200);
    const st = serverTimingTrace(res);
    expect(st.traceId).not.toBe('0'.repeat(32));
    expect(st.spanId).not.toBe('0'.repeat(16));
    const spans = await spansOf(st.traceId, (s) => s.some((x) => x.kind === 'SERVER'));
    expect(spans.find((s) => s.kind === 'SERVER')).toMatchObject({ spanId: st.spanId, parentSpanId: null });
  });

  it('declines card 0002 with 402 and records an ERROR span with the exception', async () => {
    const add = await fetch(`${server.url}/api/cart`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 1, quantity: 2 }),
    });
    expect(add.status).toBe(200);
    const cookie = (add.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^cart=/);

    const traceId = hex(16);
    const res = await fetch(`${server.url}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, traceparent: `00-${traceId}-${hex(8)}-01` },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', cardNumber: '4000 0000 0000 0002' }),
    });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ error: 'payment declined' });
    expect(res.headers.get('server-timing')).toMatch(/\bpayment;dur=/);

    const spans = await spansOf(traceId, (s) => s.some((x) => x.kind === 'SERVER'));
    const payment = spans.find((s) => s.name === 'payment.authorize');
    expect(payment?.status).toEqual({ code: 'ERROR', message: 'payment declined' });
    expect(
      payment?.events.some((e) => e.name === 'exception' && e.attributes['exception.message'] === 'payment declined'),
    ).toBe(true);
    expect(payment?.attributes['payment.card.last4']).toBe('0002');
    // The full card number must never end up in telemetry.
    expect(JSON.stringify(spans)).not.toContain('4000000000000002');

    const ok = await fetch(`${server.url}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', cardNumber: '4242424242424242' }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ orderId: expect.stringMatching(/^ord_/), totalCents: 3600 });
  });

  it('rejects an invalid checkout body with 400', async () => {
    const res = await fetch(`${server.url}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', email: 'nope', cardNumber: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('server-timing')).toMatch(/^trace;desc=00-/);
  });

  it('echoes method, url and lower-cased request headers', async () => {
    const res = await fetch(`${server.url}/__demo/echo?x=1`, {
      method: 'POST',
      headers: { 'X-Custom-Thing': 'abc', baggage: 'k=v', 'content-type': 'application/json' },
      body: '{"hello":"world"}',
    });
    const echo = (await res.json()) as { method: string; url: string; headers: Record<string, string>; body: unknown };
    expect(echo).toMatchObject({ method: 'POST', url: '/__demo/echo?x=1', body: { hello: 'world' } });
    expect(echo.headers['x-custom-thing']).toBe('abc');
    expect(echo.headers.baggage).toBe('k=v');
    // Nothing in the server or test process adds trace headers on its own.
    expect(echo.headers.traceparent).toBeUndefined();
  });

  it('fails recommendations with 500 when forced, and every 5th call otherwise', async () => {
    const forced = await fetch(`${server.url}/api/recommendations?fail=1`);
    expect(forced.status).toBe(500);
    const traceId = serverTimingTrace(forced).traceId;
    const spans = await spansOf(traceId, (s) => s.some((x) => x.kind === 'SERVER'));
    expect(spans.find((s) => s.name === 'recommendations.compute')?.status.code).toBe('ERROR');
    expect(spans.find((s) => s.kind === 'SERVER')?.status.code).toBe('ERROR');

    expect((await fetch(`${server.url}/api/recommendations?fail=0`)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.url}/api/recommendations`)).status);
    expect(statuses.filter((s) => s === 500)).toHaveLength(1);
  });

  it('serves the shop pages', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('data-testid="search-input"');
    expect((await fetch(`${server.url}/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('shares the SDK between servers and restarts it after the last one closes', async () => {
    const tracedOn = async (s: DemoServer) => {
      const traceId = hex(16);
      const res = await fetch(`${s.url}/api/products/1`, { headers: { traceparent: `00-${traceId}-${hex(8)}-01` } });
      return serverTimingTrace(res).traceId === traceId;
    };
    const second = await startDemoServer();
    expect(await tracedOn(second)).toBe(true);
    await second.close();
    expect(await tracedOn(server)).toBe(true);

    // Closing the last server shuts the SDK down; a new server must register a working one again.
    await server.close();
    server = await startDemoServer();
    expect(await tracedOn(server)).toBe(true);
  });
});
