/**
 * The fetch benchmark's page and server (fetch/wrapper.ts). The page times fetch() calls itself: in blocks
 * (`run`), or wrapped against an about:blank iframe's unwrapped fetch (`runPaired`); opened as
 * `?paired=<n>` it waits for the recording's headers, measures, and posts its figures to `/result`, for a
 * browser that attaches no DevTools client to it (browser/unobserved.ts). `/ping` counts requests that
 * carried a traceparent; `/probe` says whether this one did.
 */
import { createServer } from 'node:http';
import { z } from 'zod';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>fetch bench</title></head><body><script>
window.run = async (n, withHeaders, warm = 50) => {
  const call = [], total = [];
  for (let i = 0; i < warm; i++) await (await fetch('/ping?warm=' + i)).text();
  for (let i = 0; i < n; i++) {
    const init = withHeaders ? { headers: headersFor() } : undefined;
    const t0 = performance.now();
    const p = fetch('/ping?i=' + i, init);
    const t1 = performance.now();
    await (await p).text();
    call.push(t1 - t0);
    total.push(performance.now() - t0);
  }
  return { call, total, isolated: crossOriginIsolated };
};
window.runPaired = async (n) => {
  const frame = document.createElement('iframe');
  document.body.appendChild(frame);
  const raw = frame.contentWindow.fetch;
  const out = { wrapped: { call: [], total: [] }, unwrapped: { call: [], total: [] }, isolated: crossOriginIsolated };
  for (let i = 0; i < 2 * n; i++) {
    const wrapped = i % 2 === 0;
    const init = wrapped ? undefined : { headers: headersFor() };
    const t0 = performance.now();
    const p = wrapped ? fetch('/ping?p=' + i) : raw('/ping?p=' + i, init);
    const t1 = performance.now();
    await (await p).text();
    const into = wrapped ? out.wrapped : out.unwrapped;
    into.call.push(t1 - t0);
    into.total.push(performance.now() - t0);
  }
  return out;
};
// Opened as ?paired=<n> by a browser that attaches no DevTools client to it (bench/browser/unobserved.ts): once the
// recording's headers arrive, the page measures itself and posts the figures to the bench server.
if (location.search.startsWith('?paired=')) (async () => {
  while (!(await (await fetch('/probe')).json()).traced) await new Promise((r) => setTimeout(r, 50));
  const out = await runPaired(Number(location.search.slice(8)));
  await fetch('/result', { method: 'POST', body: JSON.stringify(out) });
})();
function hex(k) { return Array.from(crypto.getRandomValues(new Uint8Array(k)), (b) => b.toString(16).padStart(2, '0')).join(''); }
function headersFor() { const t = hex(16), s = hex(8); return { traceparent: '00-' + t + '-' + s + '-01', 'sentry-trace': t + '-' + s + '-1', baggage: 'sentry-replay_id=' + t + ',session.id=' + t }; }
</script></body></html>`;

const timings = z.object({ call: z.array(z.number()), total: z.array(z.number()) });
/** Each fetch's synchronous call and its time to the response body, ms. */
export type Timings = z.infer<typeof timings>;
/** What the unobserved page posts: checked, since a broken page would otherwise yield NaN figures. */
const pairedRun = z.object({ wrapped: timings, unwrapped: timings, isolated: z.boolean() });
export type PairedRun = z.infer<typeof pairedRun>;

/** What the page puts on `window` (call it with test/harness/page-api.ts); `isolated` says timers are 5 µs. */
export interface TimingPage {
  /** `n` fetches timed after `warm` untimed ones, the page setting the three headers itself if `withHeaders`. */
  run(n: number, withHeaders: boolean, warm: number): Promise<Timings & { isolated: boolean }>;
  /** `n` wrapped fetches alternating with `n` unwrapped ones (an about:blank iframe's) carrying the same headers. */
  runPaired(n: number): Promise<PairedRun>;
}

export type BenchServer = Awaited<ReturnType<typeof startServer>>;

export async function startServer() {
  let traced = 0;
  let onResult: ((run: PairedRun | Error) => void) | null = null;
  const server = createServer((req, res) => {
    if (req.url === '/result' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        res.end();
        let parsed: ReturnType<typeof pairedRun.safeParse> | null = null;
        try {
          parsed = pairedRun.safeParse(JSON.parse(body));
        } catch {
          // not JSON: reported below
        }
        onResult?.(
          parsed?.success
            ? parsed.data
            : new Error(
                `the unobserved bench page posted figures of the wrong shape: ${parsed?.error.message ?? 'not JSON'}`,
              ),
        );
      });
      return;
    }
    if (req.url?.startsWith('/probe')) {
      res
        .writeHead(200, { 'content-type': 'application/json', 'cross-origin-resource-policy': 'same-origin' })
        .end(JSON.stringify({ traced: Boolean(req.headers.traceparent) }));
      return;
    }
    if (req.url?.startsWith('/ping')) {
      if (req.headers.traceparent) traced++;
      res
        .writeHead(200, { 'content-type': 'application/json', 'cross-origin-resource-policy': 'same-origin' })
        .end('{"ok":true}');
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  /** The figures the next unobserved page posts. */
  const nextResult = () =>
    new Promise<PairedRun>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the unobserved bench page never posted its figures')), 180_000);
      onResult = (run) => {
        clearTimeout(timer);
        onResult = null;
        if (run instanceof Error) reject(run);
        else resolve(run);
      };
    });
  return {
    url: `http://127.0.0.1:${port}/`,
    traced: () => traced,
    nextResult,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
