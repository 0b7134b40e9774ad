import { afterEach, describe, expect, it } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { TraceFetcher } from '../../../../src/background/traces/fetcher';
import { SpotlightSource } from '../../../../src/background/traces/spotlight-source';
import { TraceJobs } from '../../../../src/background/traces/trace-jobs';
import type { RequestRecord } from '../../../../src/shared/model';
import { DEFAULT_SETTINGS, type TraceSourceConfig } from '../../../../src/shared/settings';
import { until } from '../../../harness/until';
import { newSession, SESSION_A, testDeps } from '../../fixtures/db';
import { observation, wrapperRecord } from '../../fixtures/network';
import { type FakeSidecar, startFakeSidecar } from '../../fixtures/spotlight-sidecar';
import { downBackendUrl } from '../../fixtures/trace-backend';
import { fixtureText } from '../../shared/traces/fixtures';

/** The trace of the @sentry/node captures (test/fixtures/traces/sentry-core-*.txt). */
const TRACE = 'e65eaae45b964461c50ba0f16eaba1e0';
const T0 = 1_700_000_000_000;
const SPANS = fixtureText('sentry-core-span.txt').trimEnd();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function setup(sidecar: FakeSidecar, sources: TraceSourceConfig[] = []) {
  const t = testDeps(T0, { requestWriteDelayMs: 0 });
  const traces = { ...DEFAULT_SETTINGS.traces, sources, spotlight: { enabled: true, url: sidecar.url } };
  t.settings.current = { ...DEFAULT_SETTINGS, traces: { ...traces, fetch: { ...traces.fetch, retryForSeconds: 0 } } };
  const fetcher = new TraceFetcher({ fetch: (u, i) => fetch(u, i), now: () => t.clock.now, sleep: async () => {} });
  const spotlight = new SpotlightSource({
    ...t.deps,
    statuses: fetcher.statuses,
    fetch: (u, i) => fetch(u, i),
    setTimeout: (run, ms) => setTimeout(run, ms),
    clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    catchUpQuietMs: 50,
  });
  cleanups.push(() => spotlight.reconfigure({ enabled: false, url: sidecar.url }));
  const jobs = new TraceJobs({ ...t.deps, fetcher, spotlight, afterStopMs: 0 });
  await t.store.create(newSession(SESSION_A));
  const built = buildRequestRecord(observation({ requestId: 'r1' }), wrapperRecord({ id: 'r1' }), {
    headers: [],
    queryParams: [],
  });
  const record: RequestRecord = { ...built, traceId: TRACE, responseTraceId: null };
  await t.store.appendRequest(record, requestSpan(record));
  return { ...t, jobs, spotlight };
}

async function sidecar(): Promise<FakeSidecar> {
  const s = await startFakeSidecar();
  cleanups.push(() => s.close());
  return s;
}

describe('TraceJobs with Spotlight (a local sidecar in its SSE shape, fed with @sentry/node captures)', () => {
  it('an opened request finds its trace in the buffer Spotlight replays, before other sources', async () => {
    const s = await sidecar();
    s.send({ data: SPANS });
    const h = await setup(s, [{ id: 'jaeger', kind: 'jaeger-v1', baseUrl: await downBackendUrl(), enabled: true }]);

    const result = await h.jobs.fetchTrace(SESSION_A, TRACE);

    expect(result.sources[0]).toEqual({ sourceId: 'spotlight', outcome: 'found' });
    expect(result.sources[1]).toMatchObject({ sourceId: 'jaeger', outcome: 'error' });
    expect(result.stored).toMatchObject({ traceId: TRACE, spanCount: 2 });
    await h.jobs.idle();
  });

  it('says pending while Spotlight has not seen the trace, and stores it when the stream brings it', async () => {
    const s = await sidecar();
    const h = await setup(s);
    expect((await h.jobs.fetchTrace(SESSION_A, TRACE)).sources).toEqual([
      { sourceId: 'spotlight', outcome: 'pending' },
    ]);
    s.send({ data: SPANS });
    await until('the trace stored', async () => (await h.store.traceOf(SESSION_A, TRACE)) ?? undefined);
  });

  it('lists Spotlight first among the sources, with its live status', async () => {
    const s = await sidecar();
    const h = await setup(s, [{ id: 'jaeger', kind: 'jaeger-v1', baseUrl: await downBackendUrl(), enabled: true }]);
    const [spotlight, jaeger] = await h.jobs.sources();
    expect(spotlight).toMatchObject({
      id: 'spotlight',
      kind: 'spotlight',
      baseUrl: s.url,
      state: 'ok',
      reachable: true,
    });
    expect(jaeger).toMatchObject({ id: 'jaeger', state: 'unreachable' });
  });

  it('connects to the stream when a recording starts', async () => {
    const s = await sidecar();
    const h = await setup(s);
    h.jobs.listen();
    expect(s.clients()).toBe(0);
    await h.events.recordingChanged.emit({ tabId: 7, rec: { sessionId: SESSION_A, startedAt: T0, mode: 'record' } });
    await until('the connection', async () => (s.clients() === 1 ? true : undefined));
  });
});
