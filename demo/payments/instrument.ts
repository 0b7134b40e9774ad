/**
 * Loaded with `--import` before the payments service's own code, so @sentry/node sets up its OpenTelemetry
 * providers and http instrumentation before `node:http` is loaded (a later init would miss the server spans).
 */
import * as Sentry from '@sentry/node';

const spotlightUrl = process.env.TANDEM_SPOTLIGHT_URL;
if (!spotlightUrl) throw new Error('TANDEM_SPOTLIGHT_URL is not set (e.g. http://127.0.0.1:8969)');

Sentry.init({
  // No DSN on purpose: envelopes go only to the local Spotlight sidecar, never to sentry.io.
  spotlight: `${spotlightUrl}/stream`,
  tracesSampleRate: 1,
  environment: 'demo',
  release: 'tandem-demo-payments@0.1.0',
  serverName: 'payments',
  // Spotlight's own endpoint must not be traced: every flush would create spans about itself.
  tracePropagationTargets: [],
  integrations: (defaults) => [
    // The SDK drops an error identical to the one before it (Dedupe); every declined payment is its own
    // event here, so a second declined checkout also shows its error next to its trace.
    ...defaults.filter((integration) => integration.name !== 'Dedupe'),
    // Only the business route is traced: health checks and the tests' reads of what was emitted are not.
    Sentry.httpIntegration({ ignoreIncomingRequests: (url) => !url.startsWith('/authorize') }),
  ],
});
