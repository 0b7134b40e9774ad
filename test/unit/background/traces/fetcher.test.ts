import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FetchSettings, TraceFetcher } from '../../../../src/background/traces/fetcher';
import type { TraceSourceConfig, TraceSourceKind } from '../../../../src/shared/settings';
import { type Backend, downBackendUrl, startBackend } from '../../fixtures/trace-backend';
import { CHECKOUT_TRACE } from '../../fixtures/traces';
import { fixtureText } from '../../shared/traces/fixtures';

const T0 = 1_700_000_000_000;
const SETTINGS: FetchSettings = { concurrency: 4, timeoutMs: 5000, retryForSeconds: 30 };
/** 1, 2, 4, 8, 8 s: the sixth attempt would start past 30 s. */
const ALL_PAUSES = [1000, 2000, 4000, 8000, 8000];

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

async function backend(routes: Parameters<typeof startBackend>[0]): Promise<Backend> {
  const b = await startBackend(routes);
  backends.push(b);
  return b;
}

const source = (kind: TraceSourceKind, baseUrl: string, id: string = kind): TraceSourceConfig => ({
  id,
  kind,
  baseUrl,
  enabled: true,
});

/** A fetcher on real fetch whose pauses move a fake clock at once, and are recorded. */
function fetcher(maxBodyBytes?: number) {
  const clock = { now: T0 };
  const pauses: number[] = [];
  const sleep = async (ms: number) => {
    pauses.push(ms);
    clock.now += ms;
  };
  return {
    fetcher: new TraceFetcher({
      fetch: (url, init) => fetch(url, init),
      now: () => clock.now,
      sleep,
      ...(maxBodyBytes ? { maxBodyBytes } : {}),
    }),
    pauses,
  };
}

const ok = (file: string) => ({ status: 200, body: fixtureText(file) });
const background = { urgent: () => false };

describe('TraceFetcher against a local HTTP backend', () => {
  it.each([
    ['jaeger-v3', `/api/v3/traces/${CHECKOUT_TRACE}`, 'otel-js-jaeger-v3.json'],
    ['tempo-v1', `/api/traces/${CHECKOUT_TRACE}`, 'otel-js-tempo-v1.json'],
    ['tempo-v2', `/api/v2/traces/${CHECKOUT_TRACE}`, 'otel-js-tempo-v2.json'],
    ['zipkin-v2', `/api/v2/trace/${CHECKOUT_TRACE}`, 'otel-js-zipkin-v2.json'],
  ] as const)(
    'fetches a trace from %s at %s, with the source headers, and counts its spans',
    async (kind, path, file) => {
      const b = await backend({ [path]: [ok(file)] });
      const { fetcher: f, pauses } = fetcher();
      const s = { ...source(kind, b.url), headers: { Authorization: 'Bearer s3cret' } };

      const outcome = await f.fetchTrace(s, CHECKOUT_TRACE, SETTINGS, background);

      expect(outcome.kind === 'found' && outcome.traces.map((t) => t.spans.length)).toEqual([8]);
      expect(b.seen.map((r) => r.path)).toEqual([path]);
      expect(b.seen[0]!.headers).toMatchObject({ authorization: 'Bearer s3cret', accept: 'application/json' });
      expect(pauses).toEqual([]);
      expect(f.statuses.list([s])[0]).toMatchObject({
        state: 'ok',
        reachable: true,
        lastSuccessAt: T0,
        spansReceived: 8,
      });
      expect(JSON.stringify(f.statuses.list([s]))).not.toContain('s3cret');
    },
  );

  it('fetches a Jaeger v1 trace from /api/traces/{id}', async () => {
    const id = '83a9efd15c1c98a977e0711cc93ee28b';
    const b = await backend({ [`/api/traces/${id}`]: [ok('jaeger-v1-api-traces.json')] });
    const outcome = await fetcher().fetcher.fetchTrace(source('jaeger-v1', b.url), id, SETTINGS, background);
    expect(outcome.kind === 'found' && outcome.traces[0]!.traceId).toBe(id);
  });

  it('asks again after 1 s, then 2 s, while the backend has not ingested the trace yet', async () => {
    const path = `/api/v2/traces/${CHECKOUT_TRACE}`;
    const b = await backend({
      [path]: [{ status: 404, body: 'trace not found' }, { status: 200, body: '{}' }, ok('otel-js-tempo-v2.json')],
    });
    const { fetcher: f, pauses } = fetcher();
    const attempts: string[] = [];

    const outcome = await f.fetchTrace(source('tempo-v2', b.url), CHECKOUT_TRACE, SETTINGS, {
      urgent: () => false,
      onAttempt: (a, willRetry) => attempts.push(`${a.outcome.kind}${willRetry ? ', again' : ''}`),
    });

    expect(outcome.kind).toBe('found');
    expect(attempts).toEqual(['not-found, again', 'not-found, again', 'found']);
    expect(pauses).toEqual([1000, 2000]);
    expect(b.seen).toHaveLength(3);
  });

  it('gives up on a trace still missing after retryForSeconds, the source still counted as reachable', async () => {
    const b = await backend({});
    const { fetcher: f, pauses } = fetcher();
    const s = source('zipkin-v2', b.url);

    expect(await f.fetchTrace(s, CHECKOUT_TRACE, SETTINGS, background)).toEqual({ kind: 'not-found' });

    expect(pauses).toEqual(ALL_PAUSES);
    expect(b.seen).toHaveLength(6);
    expect(f.statuses.list([s])[0]).toMatchObject({ state: 'ok', reachable: true, spansReceived: 0 });
    expect(f.statuses.list([s])[0]!.lastError).toBeUndefined();
  });

  it('makes one attempt when retryForSeconds is 0', async () => {
    const b = await backend({});
    const { fetcher: f, pauses } = fetcher();
    await f.fetchTrace(source('zipkin-v2', b.url), CHECKOUT_TRACE, { ...SETTINGS, retryForSeconds: 0 }, background);
    expect(pauses).toEqual([]);
    expect(b.seen).toHaveLength(1);
  });

  it('gives up on a slow answer at the timeout and marks the source unreachable', async () => {
    const b = await backend({ [`/api/v2/traces/${CHECKOUT_TRACE}`]: ['hold'] });
    const { fetcher: f } = fetcher();
    const s = source('tempo-v2', b.url);

    const outcome = await f.fetchTrace(
      s,
      CHECKOUT_TRACE,
      { ...SETTINGS, timeoutMs: 100, retryForSeconds: 0 },
      background,
    );

    expect(outcome).toEqual({ kind: 'error', message: 'no answer within 100 ms' });
    expect(f.statuses.list([s])[0]).toMatchObject({
      state: 'unreachable',
      reachable: false,
      lastError: 'no answer within 100 ms',
      lastErrorAt: T0,
    });
  });

  it('retries a source that is down until the window closes, saying why', async () => {
    const { fetcher: f, pauses } = fetcher();
    const s = source('jaeger-v3', await downBackendUrl());

    const outcome = await f.fetchTrace(s, CHECKOUT_TRACE, SETTINGS, background);

    expect(outcome.kind).toBe('error');
    expect(pauses).toEqual(ALL_PAUSES);
    const status = f.statuses.list([s])[0]!;
    expect(status).toMatchObject({ state: 'unreachable', reachable: false });
    expect(status.lastError).toMatch(/ECONNREFUSED/);
  });

  it('does not retry malformed JSON, and reports it on the source', async () => {
    const text = fixtureText('otel-js-jaeger-v3.json');
    const b = await backend({ [`/api/v3/traces/${CHECKOUT_TRACE}`]: [{ status: 200, body: text.slice(0, 300) }] });
    const { fetcher: f, pauses } = fetcher();
    const s = source('jaeger-v3', b.url);

    const outcome = await f.fetchTrace(s, CHECKOUT_TRACE, SETTINGS, background);

    expect(outcome).toEqual({ kind: 'error', message: expect.stringMatching(/not JSON/) });
    expect(pauses).toEqual([]);
    expect(f.statuses.list([s])[0]).toMatchObject({ state: 'failing', reachable: true, spansReceived: 0 });
    expect(f.statuses.list([s])[0]!.lastError).toMatch(/not JSON/);
  });

  it('refuses an answer over the size limit without retrying it', async () => {
    const b = await backend({ [`/api/v2/traces/${CHECKOUT_TRACE}`]: [ok('otel-js-tempo-v2.json')] });
    const { fetcher: f, pauses } = fetcher(1000);
    const s = source('tempo-v2', b.url);

    const outcome = await f.fetchTrace(s, CHECKOUT_TRACE, SETTINGS, background);

    expect(outcome).toEqual({ kind: 'error', message: 'the answer is larger than 1000 bytes' });
    expect(pauses).toEqual([]);
    expect(f.statuses.list([s])[0]).toMatchObject({ state: 'failing', reachable: true });
  });

  it('retries a 503 but not a 401', async () => {
    const path = `/api/v2/trace/${CHECKOUT_TRACE}`;
    const busy = await backend({ [path]: [{ status: 503, body: 'busy' }, ok('otel-js-zipkin-v2.json')] });
    const refusing = await backend({ [path]: [{ status: 401, body: 'no' }] });
    const { fetcher: f } = fetcher();

    expect((await f.fetchTrace(source('zipkin-v2', busy.url), CHECKOUT_TRACE, SETTINGS, background)).kind).toBe(
      'found',
    );
    const refused = await f.fetchTrace(source('zipkin-v2', refusing.url, 'z2'), CHECKOUT_TRACE, SETTINGS, background);
    expect(refused).toEqual({ kind: 'error', message: 'HTTP 401: no' });
    expect(refusing.seen).toHaveLength(1);
  });

  it('keeps at most `concurrency` requests in flight over all sources', async () => {
    const path = `/api/v2/traces/${CHECKOUT_TRACE}`;
    const a = await backend({ [path]: ['hold'] });
    const b = await backend({ [path]: ['hold'] });
    const { fetcher: f } = fetcher();
    const settings = { ...SETTINGS, concurrency: 2, retryForSeconds: 0 };

    const all = [a, b, a, b, a].map((server, i) =>
      f.fetchTrace(source('tempo-v2', server.url, `s${i}`), CHECKOUT_TRACE, settings, background),
    );
    await vi.waitFor(() => expect(a.held() + b.held()).toBe(2));
    expect(a.seen.length + b.seen.length).toBe(2);
    const answer = { status: 200, body: fixtureText('otel-js-tempo-v2.json') };
    while (a.seen.length + b.seen.length < 5) {
      a.release(answer);
      b.release(answer);
      await vi.waitFor(() => expect(a.held() + b.held()).toBeGreaterThan(0));
      expect(a.held() + b.held()).toBeLessThanOrEqual(2);
    }
    a.release(answer);
    b.release(answer);

    expect((await Promise.all(all)).map((o) => o.kind)).toEqual(['found', 'found', 'found', 'found', 'found']);
  });

  it('reads the version from a probe, and keeps each source to its own status', async () => {
    const tempo = await backend({ '/api/status/buildinfo': [{ status: 200, body: '{"version":"2.6.1"}' }] });
    const { fetcher: f } = fetcher();
    const up = source('tempo-v2', tempo.url);
    const down = source('zipkin-v2', await downBackendUrl());

    await Promise.all([f.probe(up, 1000), f.probe(down, 1000)]);

    const [upStatus, downStatus] = f.statuses.list([up, down]);
    expect(upStatus).toMatchObject({ state: 'ok', reachable: true, version: '2.6.1', lastSuccessAt: T0 });
    expect(upStatus!.lastError).toBeUndefined();
    expect(downStatus).toMatchObject({ state: 'unreachable', reachable: false });
  });
});
