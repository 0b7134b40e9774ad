import { afterEach, describe, expect, it } from 'vitest';
import { type FetchSettings, TraceFetcher } from '../../../../src/background/traces/fetcher';
import type { TraceSourceConfig } from '../../../../src/shared/settings';
import { sentrySpansPath } from '../../../../src/shared/traces/sentry-api';
import { type Backend, startBackend } from '../../fixtures/trace-backend';
import { fixtureText } from '../../shared/traces/fixtures';

const T0 = 1_700_000_000_000;
const SETTINGS: FetchSettings = { concurrency: 4, timeoutMs: 5000, retryForSeconds: 30 };
const TRACE = '4b1c7f0e9a2d4e6f8a0b1c2d3e4f5a6b';
const TOKEN = 'sntryu_s3cret';
const PATH = sentrySpansPath('acme', TRACE);
const background = { urgent: () => false };

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

async function sentry(routes: Parameters<typeof startBackend>[0]) {
  const backend = await startBackend(routes);
  backends.push(backend);
  const source: TraceSourceConfig = {
    id: 'sentry',
    kind: 'sentry',
    baseUrl: backend.url,
    org: 'acme',
    enabled: true,
    headers: { Authorization: `Bearer ${TOKEN}` },
  };
  const clock = { now: T0 };
  const pauses: number[] = [];
  const fetcher = new TraceFetcher({
    fetch: (url, init) => fetch(url, init),
    now: () => clock.now,
    sleep: async (ms) => {
      pauses.push(ms);
      clock.now += ms;
    },
  });
  return { backend, source, fetcher, pauses };
}

const table = { status: 200, body: fixtureText('sentry-api-events-spans.json') };
const empty = { status: 200, body: '{"data":[],"meta":{"fields":{},"units":{}}}' };

describe("TraceFetcher against a local server answering in Sentry's documented response shape", () => {
  it('fetches the spans with the bearer token and counts them', async () => {
    const { backend, source, fetcher, pauses } = await sentry({ [PATH]: [table] });

    const outcome = await fetcher.fetchTrace(source, TRACE, SETTINGS, background);

    expect(outcome.kind === 'found' && outcome.traces[0]!.spans.length).toBe(5);
    expect(outcome.kind === 'found' && outcome.warnings).toEqual([]);
    expect(backend.seen.map((r) => r.path)).toEqual([PATH]);
    expect(backend.seen[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` });
    expect(pauses).toEqual([]);
    expect(fetcher.statuses.list([source])[0]).toMatchObject({ state: 'ok', spansReceived: 5 });
  });

  it('asks again while the table is empty (not ingested yet)', async () => {
    const { backend, source, fetcher, pauses } = await sentry({ [PATH]: [empty, empty, table] });

    expect((await fetcher.fetchTrace(source, TRACE, SETTINGS, background)).kind).toBe('found');
    expect(pauses).toEqual([1000, 2000]);
    expect(backend.seen).toHaveLength(3);
  });

  it('gives up on an empty table after retryForSeconds, as not found', async () => {
    const { source, fetcher } = await sentry({ [PATH]: [empty] });
    expect(await fetcher.fetchTrace(source, TRACE, SETTINGS, background)).toEqual({ kind: 'not-found' });
  });

  it('stops at a 401 with a clear message that never holds the token', async () => {
    const refusal = { status: 401, body: '{"detail":"Invalid token header. No credentials provided."}' };
    const { backend, source, fetcher } = await sentry({ [PATH]: [refusal], '/api/0/organizations/acme/': [refusal] });

    const outcome = await fetcher.fetchTrace(source, TRACE, SETTINGS, background);
    await fetcher.probe(source, 1000);

    const message = 'HTTP 401: the auth token is missing or lacks org:read';
    expect(outcome).toEqual({ kind: 'error', message });
    expect(backend.seen).toHaveLength(2);
    const status = fetcher.statuses.list([source])[0]!;
    expect(status).toMatchObject({ state: 'failing', lastError: message });
    expect(JSON.stringify(status)).not.toContain(TOKEN);
  });

  it('does not retry a 404 (a wrong organization)', async () => {
    const { backend, source, fetcher } = await sentry({});
    expect((await fetcher.fetchTrace(source, TRACE, SETTINGS, background)).kind).toBe('error');
    expect(backend.seen).toHaveLength(1);
  });

  it("warns when Sentry's Link header offers another page", async () => {
    const link = `<${'http://x'}${PATH}&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`;
    const { source, fetcher } = await sentry({ [PATH]: [{ ...table, headers: { link } }] });

    const outcome = await fetcher.fetchTrace(source, TRACE, SETTINGS, background);

    expect(outcome.kind === 'found' && outcome.warnings).toEqual([
      'Sentry holds more than 100 spans for this trace; only the first were read',
    ]);
  });
});
