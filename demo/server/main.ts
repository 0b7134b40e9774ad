/**
 * Starts the demo shop: `npx tsx demo/server/main.ts [--port 8080]` (or PORT=8080).
 * Listens on 127.0.0.1 only.
 */
import { parseArgs } from 'node:util';
import { startDemoServer } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    spotlight: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('usage: npx tsx demo/server/main.ts [--port N] [--spotlight http://127.0.0.1:8969]');
  console.log('  --port: default $PORT or 8080; 0 = any free port');
  console.log('  --spotlight: a running Spotlight sidecar; checkouts then go through the Sentry payments service');
  process.exit(0);
}

const rawPort = values.port ?? process.env.PORT ?? '8080';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${rawPort}`);
  process.exit(2);
}

const server = await startDemoServer({ port, ...(values.spotlight ? { spotlightUrl: values.spotlight } : {}) });
console.log(`Tandem demo shop listening on ${server.url}`);
console.log(`  spans of a trace: ${server.url}/__demo/traces/<traceId>`);
console.log(`  Jaeger query API v1 stand-in: ${server.url}/api/traces/<traceId>`);
if (server.payments) console.log(`  payments service (Sentry -> ${values.spotlight}): ${server.payments.url}`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // A second Ctrl-C means "now": do not wait for the flush.
    process.exit(130);
  }
  stopping = true;
  console.log(`\n${signal}: shutting down`);
  await server.close();
  process.exit(0);
}

process.on('SIGINT', (s) => void stop(s));
process.on('SIGTERM', (s) => void stop(s));
