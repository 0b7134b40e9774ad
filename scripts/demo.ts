/**
 * `npm run demo`: starts a Spotlight sidecar (port 8969, or reuses one running there), the demo shop with its
 * Sentry-instrumented payments service on 127.0.0.1, launches Debian's Chromium with Tandem loaded and the
 * shop open.
 * - With a display (DISPLAY or WAYLAND_DISPLAY set): a headed browser for you to click around; Tandem
 *   records the shop by itself (autoRecord); Ctrl+C or closing the browser ends the demo.
 * - Without one (or with --headless): a scripted shopping trip is recorded, then the viewer plays it,
 *   and screenshots plus a summary are written to demo-output/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemoServer, type DemoServer } from '../demo/server/index';
import { SPOTLIGHT_DEFAULT_PORT, type Spotlight, startSpotlight } from '../demo/spotlight/index';
import { entriesOf, type SpotlightSubscription, subscribeSpotlight } from '../demo/spotlight/stream';
import { shoppingTrip } from '../demo/shopping-trip';
import { waitUntil } from '../demo/wait';
import { launchTandem, type Tandem } from '../test/harness/launch';
import { callBackground, setSettings, tabIdOf } from '../test/harness/background';
import { storedRequests, storedSessions, storedTraces } from '../test/harness/store';
import { DEFAULT_SETTINGS, type Settings } from '../src/shared/settings';

const OUT = resolve(import.meta.dirname, '../demo-output');
const headless = process.argv.includes('--headless') || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const preferredPort = Number(process.env.PORT ?? 8080);

async function startServer(spotlightUrl: string): Promise<DemoServer> {
  try {
    return await startDemoServer({ port: preferredPort, spotlightUrl });
  } catch {
    // 8080 is taken: any free port will do.
    return startDemoServer({ port: 0, spotlightUrl });
  }
}

/** On Tandem's default Spotlight port (reusing a Spotlight already there), else on any free port. */
async function startSidecar(): Promise<Spotlight> {
  try {
    return await startSpotlight({ port: SPOTLIGHT_DEFAULT_PORT });
  } catch (error) {
    console.warn(`Spotlight not on ${SPOTLIGHT_DEFAULT_PORT} (${error instanceof Error ? error.message : error})`);
    return startSpotlight({ port: 0 });
  }
}

/** Tandem's settings for the demo: record the shop, read this Spotlight, and the shop's Jaeger-API stand-in. */
function demoSettings(server: DemoServer, spotlight: Spotlight): Partial<Settings> {
  return {
    autoRecord: [`${server.url}/*`],
    traces: {
      ...DEFAULT_SETTINGS.traces,
      spotlight: { enabled: true, url: spotlight.url },
      sources: [
        {
          id: 'demo-jaeger',
          name: 'Demo shop (Jaeger API stand-in)',
          kind: 'jaeger-v1',
          baseUrl: server.url,
          enabled: true,
        },
      ],
    },
  };
}

/** Waits for a condition of the recorded data (polling against a deadline). */
const waitFor = <T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000) =>
  waitUntil(what, timeoutMs, fn, 100);

async function scriptedTrip(
  tandem: Tandem,
  server: DemoServer,
  spotlight: Spotlight,
  stream: SpotlightSubscription,
): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const ext = await tandem.openExtensionPage('viewer.html');
  await setSettings(ext, demoSettings(server, spotlight));
  const shop = await tandem.context.newPage();
  await shop.goto(server.url);
  const tabId = await tabIdOf(ext, shop.url());
  console.log('Recording a scripted shopping trip...');
  await shoppingTrip(shop, server.url);
  await shop.screenshot({ path: resolve(OUT, 'shop.png') });
  await callBackground(ext, 'stopRecording', { tabId });

  const session = await waitFor('the recorded session', async () =>
    (await storedSessions(ext)).find((s) => s.tabId === tabId && s.status === 'complete'),
  );
  await ext.reload();
  await ext.locator(`[data-session-id="${session.id}"]`).click();
  const stage = ext.frameLocator('[data-testid=replay-stage] iframe');
  await stage.locator('body').waitFor();
  await ext.screenshot({ path: resolve(OUT, 'viewer-end.png') });
  // Also a frame from the middle of the trip, so the picture shows the player in use.
  const seek = ext.getByTestId('seek');
  const total = Number(await seek.getAttribute('max'));
  await seek.evaluate(
    (el, v) => {
      (el as HTMLInputElement).value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    Math.round(total / 2),
  );
  await ext.screenshot({ path: resolve(OUT, 'viewer-middle.png') });

  const spans = server.spans();
  const serverRequests = spans.filter((s) => s.kind === 'SERVER' && s.attributes['url.path'] !== undefined).length;
  const requests = await storedRequests(ext, session.id);
  // A request is linked when the backend's own trace (Server-Timing) is the one Tandem sent it.
  const linked = requests.filter(
    (r) => r.traceId && r.responseTraceId === r.traceId && server.spans(r.traceId).length > 0,
  );
  const failed = requests.filter((r) => r.status >= 400 || r.error);
  // What the Sentry-instrumented payments service sent to Spotlight for the checkouts' traces.
  const checkoutTraces = new Set(
    requests.filter((r) => r.url.includes('/api/checkout')).flatMap((r) => r.traceId ?? []),
  );
  const count = (type: string) => entriesOf(stream.items(), type, checkoutTraces).length;
  // The payments service flushes right after each request; give the last envelopes a moment to arrive.
  await stream.waitFor("the checkouts' spans", () => count('span') >= 2 * checkoutTraces.size, 5000).catch(() => {});
  // What Tandem stored with the session: the declined checkout's trace from both sources, with its error.
  const declined = requests.find((r) => r.url.includes('/api/checkout') && r.status === 402);
  const declinedTrace = await waitFor(
    "the declined checkout's backend trace",
    async () =>
      (await storedTraces(ext, session.id)).find(
        (t) => t.traceId === declined?.traceId && t.sources.length >= 2 && t.trace.errors.length > 0,
      ),
    15_000,
  ).catch(() => undefined);
  const traces = await storedTraces(ext, session.id);
  const summary = {
    session: session.id,
    url: session.firstUrl,
    pages: session.pageCount,
    events: session.eventCount,
    storedBytes: session.storedBytes,
    rawBytes: session.rawBytes,
    durationMs: (session.endedAt ?? session.lastEventAt) - session.startedAt,
    requests: requests.length,
    requestsLinkedToBackendTraces: linked.length,
    failedRequests: failed.map((r) => ({ method: r.method, url: r.url, status: r.status, traceId: r.traceId })),
    backendRequests: serverRequests,
    backendTraces: new Set(spans.map((s) => s.traceId)).size,
    spotlight: {
      checkoutTraces: checkoutTraces.size,
      spans: count('span'),
      errors: count('event'),
      metrics: count('trace_metric'),
    },
    stored: {
      traces: traces.length,
      spans: traces.reduce((n, t) => n + t.trace.spans.length, 0),
      declinedCheckout: declinedTrace && {
        traceId: declinedTrace.traceId,
        sources: declinedTrace.sources.map((s) => s.sourceId),
        spans: declinedTrace.trace.spans.map((s) => `${s.service}: ${s.name}`),
        errors: declinedTrace.trace.errors.map((e) => e.message),
        metricPoints: declinedTrace.trace.metricPoints.length,
      },
    },
    screenshots: ['shop.png', 'viewer-end.png', 'viewer-middle.png'],
  };
  writeFileSync(resolve(OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `\nRecorded session ${summary.session}: ${summary.events} events over ${summary.pages} pages, ${(summary.durationMs / 1000).toFixed(1)} s,`,
  );
  console.log(
    `${summary.storedBytes} bytes stored (${(summary.rawBytes / Math.max(1, summary.storedBytes)).toFixed(1)}x compressed).`,
  );
  console.log(
    `Tandem captured ${requests.length} requests; ${linked.length} carry a trace the OpenTelemetry backend continued. Failed requests:`,
  );
  for (const f of summary.failedRequests) console.log(`  ${f.status} ${f.method} ${f.url}  trace ${f.traceId}`);
  const sl = summary.spotlight;
  console.log(
    `Spotlight got ${sl.spans} spans, ${sl.errors} errors and ${sl.metrics} metric points from the payments service for the ${sl.checkoutTraces} checkout traces.`,
  );
  const st = summary.stored;
  console.log(`Tandem stored ${st.traces} backend traces (${st.spans} spans) with the session.`);
  if (st.declinedCheckout) {
    const d = st.declinedCheckout;
    console.log(
      `The declined checkout's trace, from ${d.sources.join(' + ')}: ${d.spans.length} spans, error "${d.errors.join('; ')}", ${d.metricPoints} metric points.`,
    );
  } else console.log("The declined checkout's backend trace was not stored in time (see the viewer).");
  console.log(`Screenshots and summary.json are in ${OUT}/`);
}

async function interactive(tandem: Tandem, server: DemoServer, spotlight: Spotlight): Promise<void> {
  const ext = await tandem.openExtensionPage('viewer.html');
  await setSettings(ext, demoSettings(server, spotlight));
  const shop = tandem.context.pages().find((p) => p.url() === 'about:blank') ?? (await tandem.context.newPage());
  await shop.goto(server.url);
  await shop.bringToFront();
  console.log(`The shop is open at ${server.url} and Tandem records it.`);
  console.log('Open DevTools (F12) and pick the "Tandem" panel, or open the session viewer tab. Ctrl+C ends the demo.');
  await new Promise<void>((resolveClosed) => {
    tandem.context.on('close', () => resolveClosed());
    process.once('SIGINT', () => resolveClosed());
    process.once('SIGTERM', () => resolveClosed());
  });
}

const spotlight = await startSidecar();
const stream = subscribeSpotlight(spotlight.url);
const server = await startServer(spotlight.url).catch(async (error: unknown) => {
  stream.close();
  await spotlight.stop();
  throw error;
});
console.log(`Demo shop and its OpenTelemetry-instrumented backend: ${server.url}`);
console.log(
  `Spotlight${spotlight.reused ? ' (already running)' : ''}: ${spotlight.url}; payments service: ${server.payments?.url}`,
);
console.log(`Jaeger query API v1 stand-in: ${server.url}/api/traces/<traceId>`);
const tandem = await launchTandem({ headless }).catch(async (error: unknown) => {
  stream.close();
  await server.close();
  await spotlight.stop();
  throw error;
});
try {
  if (headless) await scriptedTrip(tandem, server, spotlight, stream);
  else await interactive(tandem, server, spotlight);
  const errors = tandem.extensionErrors();
  if (errors.length) throw new Error(`Chromium reported extension errors:\n${errors.join('\n')}`);
} finally {
  await tandem.close().catch(() => {});
  stream.close();
  await server.close();
  await spotlight.stop();
}
