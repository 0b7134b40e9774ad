/**
 * Backend traces end to end, on defaults: the real Spotlight sidecar on its default port (8969, where
 * Tandem looks without being configured), the demo shop whose checkout calls a payments service
 * instrumented with @sentry/node, Chromium with the built extension. Nothing in Tandem's trace settings
 * is changed: the stored session must hold the checkout's backend spans, its error and its metrics.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmittedMetric } from '../../demo/payments/index';
import { startDemoServer, type DemoServer } from '../../demo/server/index';
import { declinedCheckoutFromPage, shoppingTrip } from '../../demo/shopping-trip';
import { SPOTLIGHT_DEFAULT_PORT, type Spotlight, startSpotlight } from '../../demo/spotlight/index';
import type { RequestRecord, TraceRecord } from '../../src/shared/model';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { metricKey } from '../../src/shared/traces/metrics';
import type { MetricSummaries } from '../../src/shared/traces/model';
import { requestSummaries } from '../../src/shared/traces/request-metrics';
import { callBackground, setSettings, tabIdOf } from '../harness/background';
import { launchTandem, type Tandem } from '../harness/launch';
import { storedRequests, storedTraces } from '../harness/store';

let spotlight: Spotlight;
let shop: DemoServer;
let tandem: Tandem;
let ext: Page;

beforeAll(async () => {
  spotlight = await startSpotlight({ port: SPOTLIGHT_DEFAULT_PORT });
  shop = await startDemoServer({ port: 0, spotlightUrl: spotlight.url });
  tandem = await launchTandem();
  ext = await tandem.openExtensionPage('viewer.html');
}, 60_000);

afterAll(async () => {
  const errors = tandem?.extensionErrors() ?? [];
  await tandem?.close();
  await shop?.close();
  await spotlight?.stop();
  expect(errors).toEqual([]);
});

/** Records `drive` on a fresh shop tab, started and stopped as the user would (the record button). */
async function record(
  drive: (page: Page, sessionId: string) => Promise<void>,
): Promise<{ sessionId: string; page: Page }> {
  const page = await tandem.context.newPage();
  await page.goto(shop.url);
  const tabId = await tabIdOf(ext, page.url());
  const { sessionId } = await callBackground(ext, 'startRecording', { tabId });
  if (!sessionId) throw new Error('recording did not start');
  await drive(page, sessionId);
  await callBackground(ext, 'stopRecording', { tabId });
  return { sessionId, page };
}

const checkoutsOf = (requests: RequestRecord[]) =>
  requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/api/checkout');

async function storedTrace(sessionId: string, traceId: string, ready: (t: TraceRecord) => boolean, timeout = 20_000) {
  let found: TraceRecord | undefined;
  const held = async () => {
    const traces = (await storedTraces(ext, sessionId)).map((t) => ({
      traceId: t.traceId,
      spans: t.trace.spans.map((s) => s.name),
      errors: t.trace.errors.length,
      points: t.trace.metricPoints.length,
    }));
    const sources = await callBackground(ext, 'getTraceSources', {});
    return JSON.stringify({ wanted: traceId, traces, sources });
  };
  await expect
    .poll(
      async () => {
        found = (await storedTraces(ext, sessionId)).find((t) => t.traceId === traceId);
        return found !== undefined && ready(found);
      },
      { timeout, message: await held() },
    )
    .toBe(true)
    .catch(async (e: unknown) => {
      throw new Error(`the trace was not stored as expected; the session holds ${await held()}`, { cause: e });
    });
  return found!;
}

/** count/sum/min/max of what the service emitted, per summary key, over every tag set. */
function expectedTotals(metrics: EmittedMetric[]) {
  const totals = new Map<string, { count: number; sum: number; min: number; max: number }>();
  for (const m of metrics) {
    const key = metricKey(m.type, m.name, m.unit);
    const t = totals.get(key) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity };
    totals.set(key, {
      count: t.count + 1,
      sum: t.sum + m.value,
      min: Math.min(t.min, m.value),
      max: Math.max(t.max, m.value),
    });
  }
  return Object.fromEntries(totals);
}

function totalsOf(summaries: MetricSummaries) {
  return Object.fromEntries(
    Object.entries(summaries).map(([key, entries]) => [
      key,
      {
        count: entries.reduce((n, e) => n + e.count, 0),
        sum: entries.reduce((n, e) => n + e.sum, 0),
        min: Math.min(...entries.map((e) => e.min)),
        max: Math.max(...entries.map((e) => e.max)),
      },
    ]),
  );
}

const declinedCheckout = declinedCheckoutFromPage;

describe('backend traces on defaults, with the real Spotlight sidecar and @sentry/node', () => {
  it("stores the declined checkout's backend spans, its error and metric summaries equal to what the backend emitted", async () => {
    const { sessionId, page } = await record((p) => shoppingTrip(p, shop.url));
    const checkouts = checkoutsOf(await storedRequests(ext, sessionId));
    const declined = checkouts.find((r) => r.status === 402);
    const approved = checkouts.find((r) => r.status === 200);
    if (!declined?.traceId || !approved?.traceId)
      throw new Error(`checkouts not recorded: ${JSON.stringify(checkouts)}`);

    const emitted = await shop.payments!.emitted(declined.traceId);
    expect(emitted.errors).toHaveLength(1);
    const stored = await storedTrace(
      sessionId,
      declined.traceId,
      (t) => t.trace.errors.length > 0 && t.trace.metricPoints.length >= emitted.metrics.length,
    );

    // The payments service's spans, continued from the browser's own trace id.
    expect(stored.sources.map((s) => s.sourceId)).toContain('spotlight');
    const names = stored.trace.spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['POST /authorize', 'card.charge']));
    expect(stored.trace.spans.every((s) => s.traceId === declined.traceId)).toBe(true);
    expect(stored.trace.spans.find((s) => s.name === 'card.charge')?.status.code).toBe('error');
    // The backend's error, by its event id, on the span that raised it.
    const [error] = stored.trace.errors;
    expect(error).toMatchObject({ eventId: emitted.errors[0]!.eventId, traceId: declined.traceId });
    expect(error!.message).toMatch(/declined/i);

    // Metric summaries of the request: the numbers the service passed to Sentry.metrics.*.
    const summaries = requestSummaries(declined, stored.trace);
    const backend = Object.fromEntries(
      Object.entries(totalsOf(summaries)).filter(([k]) => !k.includes('server_timing')),
    );
    expect(backend).toEqual(expectedTotals(emitted.metrics));
    expect(Object.keys(backend)).toEqual(
      expect.arrayContaining(['c:checkout.declined@none', 'd:payment.latency@millisecond']),
    );

    // The approved checkout has its own trace, without an error.
    const ok = await storedTrace(sessionId, approved.traceId, (t) => t.trace.spans.length >= 2);
    expect(ok.trace.errors).toEqual([]);
    await page.close();
  });

  it('keeps receiving after Spotlight restarts mid-session: spans sent after the restart reach the session', async () => {
    const checkout = declinedCheckout;
    let second = 0;
    const { sessionId, page } = await record(async (p, id) => {
      expect(await checkout(p)).toBe(402);
      await expect.poll(async () => checkoutsOf(await storedRequests(ext, id)).length).toBe(1);
      const [first] = checkoutsOf(await storedRequests(ext, id));
      await storedTrace(id, first!.traceId!, (t) => t.trace.errors.length > 0);
      await spotlight.stop();
      spotlight = await startSpotlight({ port: SPOTLIGHT_DEFAULT_PORT });
      // The shop's payments service still posts to the same address, now a fresh sidecar.
      second = await checkout(p);
    });
    expect(second).toBe(402);
    // The last request of a stopped recording is written once it is joined with its page record.
    await expect.poll(async () => checkoutsOf(await storedRequests(ext, sessionId)).length).toBe(2);
    const checkouts = checkoutsOf(await storedRequests(ext, sessionId));
    const after = checkouts.at(-1)!;
    // The worker reconnects with growing pauses (1, 2, 4... s) and reads the new sidecar's buffer.
    const stored = await storedTrace(sessionId, after.traceId!, (t) => t.trace.errors.length > 0, 45_000);
    expect(stored.trace.spans.map((s) => s.name)).toContain('card.charge');
    await page.close();
  });

  it("with the demo's Jaeger-API stand-in configured, one stored trace joins the shop's OpenTelemetry spans and the payments service's Sentry spans", async () => {
    await setSettings(ext, {
      traces: {
        ...DEFAULT_SETTINGS.traces,
        sources: [{ id: 'demo-jaeger', kind: 'jaeger-v1', baseUrl: shop.url, enabled: true }],
      },
    });
    try {
      const { sessionId, page } = await record(async (p, id) => {
        expect(await declinedCheckout(p)).toBe(402);
        await expect.poll(async () => checkoutsOf(await storedRequests(ext, id)).length).toBe(1);
      });
      const [declined] = checkoutsOf(await storedRequests(ext, sessionId));
      const traceId = declined!.traceId!;
      const result = await callBackground(ext, 'fetchTrace', { sessionId, traceId });
      expect(result.sources).toEqual(expect.arrayContaining([{ sourceId: 'demo-jaeger', outcome: 'found' }]));
      const stored = await storedTrace(sessionId, traceId, (t) => t.sources.length === 2 && t.trace.errors.length > 0);
      const byName = new Map(stored.trace.spans.map((s) => [s.name, s]));
      const authorize = byName.get('payment.authorize');
      const paymentsServer = byName.get('POST /authorize');
      expect(authorize?.service).toBe('tandem-demo-shop');
      // The Sentry-instrumented service continued the shop's span: one tree across both sources.
      expect(paymentsServer?.parentSpanId).toBe(authorize?.spanId);
      // The shop's server span is the child of the browser's request span.
      expect(stored.trace.spans.some((s) => s.parentSpanId === declined!.spanId && s.kind === 'server')).toBe(true);
      await page.close();
    } finally {
      await setSettings(ext, { traces: DEFAULT_SETTINGS.traces });
    }
  });
});
