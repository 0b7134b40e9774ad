/**
 * Spotlight latency: from the backend's span end to that span readable with the session in IndexedDB.
 * The real sidecar on a free port, the demo shop whose checkout calls the @sentry/node payments service,
 * Chromium with the built extension pointed at that sidecar; a recorded shop tab makes declined checkouts
 * one after another, each its own trace. Baseline, same run and same envelopes: the sidecar's own delivery
 * to a plain Node SSE subscriber. `npx tsx bench/traces/spotlight-latency.ts` runs it alone (build first).
 */
import { startDemoServer } from '../../demo/server/index';
import { declinedCheckoutFromPage } from '../../demo/shopping-trip';
import { startSpotlight } from '../../demo/spotlight/index';
import { envelopeItems, type SpotlightItem, subscribeSpotlight } from '../../demo/spotlight/stream';
import { waitUntil } from '../../demo/wait';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { callBackground, setSettings, tabIdOf } from '../../test/harness/background';
import { launchTandem } from '../../test/harness/launch';
import { spotlightRows, spotlightSection } from '../report/spotlight';
import {
  SPAN_NAME,
  SPOTLIGHT_CHECKOUTS,
  SPOTLIGHT_WARMUP,
  type SpotlightLatencyFigures,
  type SpotlightSample,
  STORE_POLL_MS,
  STORE_WAIT_MS,
} from './spotlight-figures';
import { startStorePoll } from './store-poll';

/** Spans of `name` an item carries: a `transaction` event (its root span) or a `span` list (span v2). */
export function spansNamed(item: SpotlightItem, name: string): { traceId: string; end: number }[] {
  const p = item.payload as {
    transaction?: unknown;
    timestamp?: unknown;
    contexts?: { trace?: { trace_id?: unknown } };
    items?: { name?: unknown; trace_id?: unknown; end_timestamp?: unknown }[];
  } | null;
  if (!p || typeof p !== 'object') return [];
  if (item.type === 'transaction') {
    const traceId = p.contexts?.trace?.trace_id;
    if (p.transaction !== name || typeof traceId !== 'string' || typeof p.timestamp !== 'number') return [];
    return [{ traceId, end: p.timestamp * 1000 }];
  }
  if (item.type !== 'span' || !Array.isArray(p.items)) return [];
  return p.items.flatMap((s) =>
    s.name === name && typeof s.trace_id === 'string' && typeof s.end_timestamp === 'number'
      ? [{ traceId: s.trace_id, end: s.end_timestamp * 1000 }]
      : [],
  );
}

const declinedCheckout = declinedCheckoutFromPage;

export async function measureSpotlightLatency(
  checkouts = SPOTLIGHT_CHECKOUTS,
  log: (line: string) => void = () => {},
): Promise<SpotlightLatencyFigures> {
  const cleanup: (() => Promise<void>)[] = [];
  try {
    const spotlight = await startSpotlight({ port: 0 });
    cleanup.push(() => spotlight.stop());
    const arrivals = new Map<string, { at: number; end: number }>();
    const sub = subscribeSpotlight(spotlight.url, {
      onEvent: (event, at) => {
        for (const item of envelopeItems(event)) {
          for (const s of spansNamed(item, SPAN_NAME))
            if (!arrivals.has(s.traceId)) arrivals.set(s.traceId, { at, ...s });
        }
      },
    });
    cleanup.push(async () => sub.close());
    const shop = await startDemoServer({ port: 0, spotlightUrl: spotlight.url });
    cleanup.push(() => shop.close());
    const tandem = await launchTandem();
    cleanup.push(() => tandem.close());
    const ext = await tandem.openExtensionPage('viewer.html');
    const spotlightSettings = { ...DEFAULT_SETTINGS.traces.spotlight, url: spotlight.url };
    await setSettings(ext, { traces: { ...DEFAULT_SETTINGS.traces, spotlight: spotlightSettings } });
    await waitUntil('Tandem to read the sidecar', 20_000, async () => {
      const { sources } = await callBackground(ext, 'getTraceSources', {});
      return sources.some((s) => s.kind === 'spotlight' && s.baseUrl === spotlight.url && s.reachable === true);
    });

    const page = await tandem.context.newPage();
    await page.goto(shop.url);
    const tabId = await tabIdOf(ext, page.url());
    const { sessionId } = await callBackground(ext, 'startRecording', { tabId });
    if (!sessionId) throw new Error('recording did not start');
    const poll = await startStorePoll(ext, sessionId, SPAN_NAME, STORE_POLL_MS);
    const samples: SpotlightSample[] = [];
    for (let i = 0; i < SPOTLIGHT_WARMUP + checkouts; i++) {
      const before = new Set(arrivals.keys());
      const status = await declinedCheckout(page);
      if (status !== 402) throw new Error(`checkout ${i} answered ${status}, not 402 (declined)`);
      const traceId = await waitUntil("the checkout's span at the Node subscriber", STORE_WAIT_MS, () =>
        [...arrivals.keys()].find((id) => !before.has(id)),
      );
      const streamed = arrivals.get(traceId)!;
      // Waits for the store (or gives up) before the next checkout, so each is measured alone.
      const seen = await waitUntil('the span in the store', STORE_WAIT_MS, async () => {
        const s = await poll.read();
        return s.spans[traceId] ? s : undefined;
      }).catch(() => poll.read());
      const stored = seen.spans[traceId];
      const sample: SpotlightSample = {
        traceId,
        spanEnd: streamed.end,
        sidecarAt: streamed.at,
        requestAt: seen.requests[traceId] ?? null,
        storedAt: stored?.at ?? null,
        endDifferenceMs: stored ? stored.end - streamed.end : null,
      };
      if (i >= SPOTLIGHT_WARMUP) samples.push(sample);
      const ms = (t: number | null) => (t === null ? 'never' : `${Math.round(t - sample.spanEnd)} ms`);
      const label = i < SPOTLIGHT_WARMUP ? 'warm-up' : `checkout ${i + 1 - SPOTLIGHT_WARMUP}`;
      log(
        `${label}: span at the subscriber after ${ms(sample.sidecarAt)}, ` +
          `request stored ${ms(sample.requestAt)}, stored ${ms(sample.storedAt)}`,
      );
    }
    const { polls, maxGapMs } = await poll.read();
    await poll.stop();
    await callBackground(ext, 'stopRecording', { tabId });
    const errors = tandem.extensionErrors();
    if (errors.length > 0) throw new Error(`the extension reported errors:\n${errors.join('\n')}`);
    return { samples, warmup: SPOTLIGHT_WARMUP, pollMs: STORE_POLL_MS, polls, maxPollGapMs: maxGapMs };
  } finally {
    for (const close of cleanup.reverse()) await close().catch(() => {});
  }
}

// `npx tsx bench/traces/spotlight-latency.ts` runs this benchmark alone.
if (process.argv[1]?.endsWith('bench/traces/spotlight-latency.ts')) {
  const figures = await measureSpotlightLatency(SPOTLIGHT_CHECKOUTS, console.log);
  for (const row of spotlightRows(figures)) console.log(row.join(' | '));
  console.log(spotlightSection(figures).join('\n'));
}
