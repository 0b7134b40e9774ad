/**
 * A Spotlight sidecar for the demo, tests and benches: `startSpotlight({ port })` runs the real sidecar from
 * node_modules in a child process (see sidecar.mjs for why not its CLI) and resolves once `/health` answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../wait';

/** Tandem's default Spotlight URL is http://localhost:8969. */
export const SPOTLIGHT_DEFAULT_PORT = 8969;
/** What the sidecar sends as `X-Powered-By` on every answer. */
const SERVER_IDENTIFIER = 'spotlight-by-sentry';
const SIDECAR = fileURLToPath(new URL('./sidecar.mjs', import.meta.url));

export interface SpotlightOptions {
  /** 0 (the default) lets the sidecar pick a free port. */
  port?: number;
  /** How long to wait for `/health` (default 15 s). */
  timeoutMs?: number;
}

export interface Spotlight {
  /** `http://127.0.0.1:<port>`; envelopes go to `${url}/stream`, SSE comes from `GET ${url}/stream`. */
  url: string;
  port: number;
  /** True when a Spotlight was already running on the port and is used as it is (stop() leaves it alone). */
  reused: boolean;
  /** Kills the sidecar (its whole process group) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** True when a Spotlight sidecar answers `/health` on the port. */
export async function spotlightRunsOn(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok && res.headers.get('x-powered-by') === SERVER_IDENTIFIER;
  } catch {
    return false;
  }
}

/**
 * Binds the port on all interfaces (as the sidecar does) and releases it: a free port, or an error naming
 * the taken one. The sidecar itself would retry a taken port three times, 5 s apart, before giving up.
 */
export function claimPort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new Error(`port ${port} is taken by something that is not Spotlight`) : error,
      ),
    );
    probe.listen(port, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : port));
    });
  });
}

/** Keeps the last `max` characters of a stream, for error messages. */
function tail(max = 2000) {
  let text = '';
  return {
    add: (chunk: Buffer) => {
      text = (text + chunk.toString('utf8')).slice(-max);
    },
    get text() {
      return text.trim();
    },
  };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM to the process group, SIGKILL if it has not exited within `graceMs`. */
export async function killGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const done = exited(child);
  const signal = (sig: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      // Negative pid: the whole group (the child was spawned detached, so it leads its own group).
      process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

export async function startSpotlight({ port = 0, timeoutMs = 15_000 }: SpotlightOptions = {}): Promise<Spotlight> {
  if (port > 0 && (await spotlightRunsOn(port))) {
    return { url: `http://127.0.0.1:${port}`, port, reused: true, stop: async () => {} };
  }
  if (port > 0) await claimPort(port);
  // detached: its own process group, so stop() also reaches anything the sidecar spawns.
  const child = spawn(process.execPath, [SIDECAR, String(port)], {
    detached: true,
    // stdin stays open for the child's life: when this process dies, the child sees its end and exits.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, SPOTLIGHT_DEBUG: '', TANDEM_EXIT_WITH_PARENT: '1' },
  });
  const stderr = tail();
  const stdout = tail();
  child.stderr?.on('data', stderr.add);
  let actualPort = port;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout.add(chunk);
    const match = /SPOTLIGHT_PORT=(\d+)/.exec(stdout.text);
    if (match) actualPort = Number(match[1]);
  });
  const fail = async (why: string): Promise<never> => {
    await killGroup(child);
    const output = [stderr.text, stdout.text].filter(Boolean).join('\n') || '(no output)';
    throw new Error(`Spotlight sidecar ${why}; its output ends with:\n${output}`);
  };
  try {
    await waitUntil(`Spotlight /health on port ${port || '(any)'}`, timeoutMs, async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
      }
      return actualPort > 0 && (await spotlightRunsOn(actualPort));
    });
  } catch (error) {
    return fail(`did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    reused: false,
    stop() {
      stopping ??= killGroup(child);
      return stopping;
    },
  };
}
