/**
 * Starts the payments service as a child process. It must not share the shop's process: @sentry/node and
 * the shop's OpenTelemetry NodeSDK would both register the process-wide OTel providers.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killGroup } from '../spotlight/index';
import { waitUntil } from '../wait';
import { EMITTED_PATH, type Emitted } from './protocol';

export type { Emitted, EmittedMetric } from './protocol';

export interface PaymentsService {
  url: string;
  port: number;
  /** What the service emitted to Sentry (metrics exactly as passed to `Sentry.metrics.*`, captured errors). */
  emitted(traceId?: string): Promise<Emitted>;
  /** SIGTERM (the service flushes Sentry and exits), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INSTRUMENT = fileURLToPath(new URL('./instrument.ts', import.meta.url));
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

export async function startPaymentsService({
  spotlightUrl,
  timeoutMs = 20_000,
}: {
  /** The Spotlight sidecar the service's Sentry SDK sends to, e.g. http://127.0.0.1:8969. */
  spotlightUrl: string;
  timeoutMs?: number;
}): Promise<PaymentsService> {
  // `--import tsx` first so the TypeScript instrument file can load; it must run before server.ts loads http.
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', INSTRUMENT, SERVER], {
    cwd: ROOT,
    detached: true,
    // stdin stays open for the child's life: when this process dies, the child sees its end and exits.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TANDEM_SPOTLIGHT_URL: spotlightUrl, PORT: '0', TANDEM_EXIT_WITH_PARENT: '1' },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let port = 0;
  try {
    port = await waitUntil('the payments service to listen', timeoutMs, () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
      }
      return Number(/PAYMENTS_PORT=(\d+)/.exec(output)?.[1] ?? 0);
    });
  } catch (error) {
    await killGroup(child);
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`payments service did not start: ${why}; its output ends with:\n${output.trim()}`);
  }
  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    async emitted(traceId) {
      const query = traceId ? `?traceId=${encodeURIComponent(traceId)}` : '';
      const res = await fetch(`${url}${EMITTED_PATH}${query}`);
      return (await res.json()) as Emitted;
    },
    stop() {
      stopping ??= killGroup(child);
      return stopping;
    },
  };
}
