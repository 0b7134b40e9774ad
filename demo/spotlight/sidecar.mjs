/**
 * Runs Spotlight's own sidecar server (`setupSpotlight` from @spotlightjs/spotlight) on the port given as
 * the first argument (0 = any free port) and prints `SPOTLIGHT_PORT=<port>` once it listens.
 *
 * Why not the package's CLI (`spotlight server`): the CLI initialises @sentry/node with Spotlight's own
 * sentry.io DSN (dist/instrument.js, always enabled), so every demo or test run would report to sentry.io.
 * The demo's telemetry stays on this machine; the server code, routes and buffer are the CLI's own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setupSpotlight } from '@spotlightjs/spotlight';

const port = Number(process.argv[2] ?? '8969');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${process.argv[2]}`);
  process.exit(2);
}

// The UI the CLI serves at `/`, read the way the CLI's run.js reads it (manifest entries), so the demo's
// Spotlight can be opened in a browser too.
const uiDir = fileURLToPath(new URL('../ui/', import.meta.resolve('@spotlightjs/spotlight')));
const filesToServe = Object.create(null);
try {
  const manifest = JSON.parse(readFileSync(`${uiDir}manifest.json`, 'utf8'));
  filesToServe['index.html'] = readFileSync(`${uiDir}index.html`);
  for (const entry of Object.values(manifest)) {
    if (entry && typeof entry.file === 'string') filesToServe[entry.file] = readFileSync(`${uiDir}${entry.file}`);
  }
} catch (error) {
  console.error(`Spotlight UI not served: ${error instanceof Error ? error.message : String(error)}`);
}

const server = await setupSpotlight({ port, isStandalone: true, basePath: process.cwd(), filesToServe });
if (!server) {
  // setupSpotlight returns nothing when a Spotlight already answers on the port.
  console.error(`a Spotlight sidecar already runs on port ${port}`);
  process.exit(3);
}
if (process.env.TANDEM_EXIT_WITH_PARENT === '1') {
  // startSpotlight holds our stdin open; its end means the parent is gone (even killed with SIGKILL), and a
  // sidecar in its own process group would otherwise outlive it and keep the port.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
const address = server.address();
console.log(`SPOTLIGHT_PORT=${typeof address === 'object' && address ? address.port : port}`);
