/** The `sentry` variant: Sentry's browser SDK with session replay (inpage/sentry.ts), reporting to a local sink. */
import { launchPlain } from '../browser/plain';
import type { Bundles } from '../inpage/bundles';
import type { SentrySink } from './sentry-sink';
import { gotoNew, type VariantRun } from './variant-run';
import '../inpage/globals';

export async function sentryReplay(bundles: Bundles, sink: SentrySink): Promise<VariantRun> {
  const plain = await launchPlain(bundles);
  await plain.context.addInitScript({ content: `window.__benchSentryDsn = ${JSON.stringify(sink.dsn)};` });
  await plain.context.addInitScript({ content: bundles.sentry });
  sink.reset();
  return {
    ...plain,
    open: async (url) => gotoNew(plain.context, url),
    windowStart: async () => {},
    async collect(page, start, end) {
      // Send the pending segment now rather than waiting up to 5 s for Sentry's own flush; it holds every
      // event up to this moment, so the window's last events are in it.
      const before = sink.segments.length;
      await page.evaluate(() => window.__benchSentry?.flush());
      const deadline = Date.now() + 3000;
      while (sink.segments.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const inWindow = sink.segments.flatMap((s) => s.events).filter((e) => e.ts >= start && e.ts < end);
      const received = sink.segments.filter((s) => s.receivedAt >= start && s.receivedAt < end).length;
      const replayId = await page.evaluate(() => window.__benchSentry?.replayId());
      return {
        jsonBytes: inWindow.reduce((n, e) => n + e.bytes, 0),
        proof: `replay ${replayId ?? 'none'}: ${sink.segments.length} segments (${received} arrived in the window), ${inWindow.length} events in the window`,
        recording: inWindow.length > 0,
      };
    },
  };
}
