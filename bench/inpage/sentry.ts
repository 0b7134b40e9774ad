/**
 * The Sentry browser SDK with session replay, as a site would install it (defaults: text masked, media
 * blocked, compression in a web worker, a segment sent every ~5 s), reporting to the bench's local sink.
 * window.__benchSentryDsn is set by an init script that runs before this bundle.
 */
import * as Sentry from '@sentry/browser';

const dsn = window.__benchSentryDsn;
if (location.protocol.startsWith('http') && dsn) {
  const replay = Sentry.replayIntegration();
  // debug: SDK logs in the console, for finding out why a replay stopped (BENCH_SENTRY_DEBUG=1).
  Sentry.init({
    dsn,
    integrations: [replay],
    replaysSessionSampleRate: 1,
    replaysOnErrorSampleRate: 1,
    debug: window.__benchSentryDebug === true,
  });
  window.__benchSentry = { flush: () => replay.flush(), replayId: () => replay.getReplayId() };
}
