import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { TraceFetcher } from '../../../../src/background/traces/fetcher';
import { TraceJobs, traceIdsOf } from '../../../../src/background/traces/trace-jobs';
import type { RequestRecord } from '../../../../src/shared/model';
import { DEFAULT_SETTINGS, type TraceSourceConfig } from '../../../../src/shared/settings';
import { newSession, SESSION_A, SESSION_B, testDeps } from '../../fixtures/db';
import { observation, wrapperRecord } from '../../fixtures/network';
import { type Backend, downBackendUrl, startBackend } from '../../fixtures/trace-backend';
import { CHECKOUT_TRACE } from '../../fixtures/traces';
import { fixtureText } from '../../shared/traces/fixtures';

const T0 = 1_700_000_000_000;
const OTHER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const TEMPO_PATH = `/api/v2/traces/${CHECKOUT_TRACE}`;
const ZIPKIN_PATH = `/api/v2/trace/${CHECKOUT_TRACE}`;

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.close()));
});
async function backend(routes: Parameters<typeof startBackend>[0]): Promise<Backend> {
  const b = await startBackend(routes);
  backends.push(b);
  return b;
}

const tempo = (baseUrl: string): TraceSourceConfig => ({ id: 'tempo', kind: 'tempo-v2', baseUrl, enabled: true });
const zipkin = (baseUrl: string): TraceSourceConfig => ({ id: 'zipkin', kind: 'zipkin-v2', baseUrl, enabled: true });

/** Real store on fake-indexeddb, real fetcher on real fetch; pauses between attempts move the fake clock. */
async function setup(sources: TraceSourceConfig[], retryForSeconds = 30) {
  const t = testDeps(T0, { requestWriteDelayMs: 0 });
  const fetchSettings = { ...DEFAULT_SETTINGS.traces.fetch, retryForSeconds };
  t.settings.current = { ...DEFAULT_SETTINGS, traces: { ...DEFAULT_SETTINGS.traces, sources, fetch: fetchSettings } };
  const sleep = async (ms: number) => {
    t.clock.now += ms;
  };
  const fetcher = new TraceFetcher({ fetch: (url, init) => fetch(url, init), now: () => t.clock.now, sleep });
  const jobs = new TraceJobs({ ...t.deps, fetcher, afterStopMs: 0 });
  await t.store.create(newSession(SESSION_A));
  return { ...t, fetcher, jobs };
}

/** A request of SESSION_A that carried `traceId` (the fixtures' request carries another). */
async function request(store: ReturnType<typeof testDeps>['store'], id: string, traceId: string) {
  const built = buildRequestRecord(observation({ requestId: id }), wrapperRecord({ id }), {
    headers: [],
    queryParams: [],
  });
  const r: RequestRecord = { ...built, traceId, responseTraceId: null };
  await store.appendRequest(r, requestSpan(r));
}

const tempoAnswer = { status: 200, body: fixtureText('otel-js-tempo-v2.json') };
const zipkinAnswer = { status: 200, body: fixtureText('otel-js-zipkin-v2.json') };

describe('traceIdsOf', () => {
  it('lists each valid trace id once, sent and answered, in request order', () => {
    const r = (traceId: string | null, responseTraceId: string | null) =>
      ({ traceId, responseTraceId }) as RequestRecord;
    expect(
      traceIdsOf([r(CHECKOUT_TRACE, null), r(null, OTHER_TRACE), r(CHECKOUT_TRACE, CHECKOUT_TRACE), r('nope', null)]),
    ).toEqual([CHECKOUT_TRACE, OTHER_TRACE]);
  });
});

describe('TraceJobs (real store, local HTTP backends)', () => {
  it("stores a session's trace from the source that has it while the one that is down gets a status", async () => {
    const up = await backend({ [TEMPO_PATH]: [tempoAnswer] });
    const h = await setup([tempo(up.url), zipkin(await downBackendUrl())]);
    await request(h.store, 'r1', CHECKOUT_TRACE);

    expect(await h.jobs.fetchSession(SESSION_A)).toEqual({ traceIds: 1, started: 2 });
    await h.jobs.idle();

    const [stored] = await h.store.tracesOf(SESSION_A);
    expect(stored!.trace.spans).toHaveLength(8);
    expect(stored!.sources.map((s) => [s.sourceId, s.spanCount])).toEqual([['tempo', 8]]);
    expect(h.notify).toHaveBeenCalledWith({ type: 'trace-stored', sessionId: SESSION_A, traceId: CHECKOUT_TRACE });
    const [tempoStatus, zipkinStatus] = h.fetcher.statuses.list(h.settings.current.traces.sources);
    expect(tempoStatus).toMatchObject({ state: 'ok', spansReceived: 8 });
    expect(zipkinStatus).toMatchObject({ state: 'unreachable', reachable: false });
    expect(zipkinStatus!.lastError).toMatch(/ECONNREFUSED/);
  });

  it('stores nothing from a malformed payload, and the good source still lands', async () => {
    const good = await backend({ [TEMPO_PATH]: [tempoAnswer] });
    const bad = await backend({ [ZIPKIN_PATH]: [{ status: 200, body: zipkinAnswer.body.slice(0, 500) }] });
    const h = await setup([tempo(good.url), zipkin(bad.url)]);
    await request(h.store, 'r1', CHECKOUT_TRACE);

    await h.jobs.fetchSession(SESSION_A);
    await h.jobs.idle();

    const [stored] = await h.store.tracesOf(SESSION_A);
    expect(stored!.sources.map((s) => s.sourceId)).toEqual(['tempo']);
    expect(stored!.trace.spans).toHaveLength(8);
    expect(h.fetcher.statuses.list(h.settings.current.traces.sources)[1]).toMatchObject({ state: 'failing' });
  });

  it("merges two sources' answers into one stored trace and does not ask them again", async () => {
    const a = await backend({ [TEMPO_PATH]: [tempoAnswer] });
    const b = await backend({ [ZIPKIN_PATH]: [zipkinAnswer] });
    const h = await setup([tempo(a.url), zipkin(b.url)]);
    await request(h.store, 'r1', CHECKOUT_TRACE);

    await h.jobs.fetchSession(SESSION_A);
    await h.jobs.idle();
    expect(await h.jobs.fetchSession(SESSION_A)).toEqual({ traceIds: 1, started: 0 });

    const [stored] = await h.store.tracesOf(SESSION_A);
    expect(stored!.sources.map((s) => s.sourceId).sort()).toEqual(['tempo', 'zipkin']);
    expect(new Set(stored!.trace.spans.map((s) => s.spanId)).size).toBe(stored!.trace.spans.length);
    expect(a.seen).toHaveLength(1);
    expect(b.seen).toHaveLength(1);
  });

  it('answers an on-demand fetch after the first attempts: found at one source, pending at the other', async () => {
    const a = await backend({ [TEMPO_PATH]: [tempoAnswer] });
    const b = await backend({ [ZIPKIN_PATH]: [{ status: 404, body: 'Trace not found' }, zipkinAnswer] });
    const h = await setup([tempo(a.url), zipkin(b.url)]);

    const result = await h.jobs.fetchTrace(SESSION_A, CHECKOUT_TRACE);

    expect(result.stored).toMatchObject({ traceId: CHECKOUT_TRACE, spanCount: 8 });
    expect(result.sources).toEqual(
      expect.arrayContaining([
        { sourceId: 'tempo', outcome: 'found' },
        { sourceId: 'zipkin', outcome: 'pending' },
      ]),
    );
    await h.jobs.idle();
    expect((await h.store.traceOf(SESSION_A, CHECKOUT_TRACE))!.sources.map((s) => s.sourceId).sort()).toEqual([
      'tempo',
      'zipkin',
    ]);
  });

  it('says not-found once retries run out, and refuses a session that is not there', async () => {
    const empty = await backend({});
    const h = await setup([{ ...tempo(empty.url), id: 't' }], 0);

    expect(await h.jobs.fetchTrace(SESSION_A, CHECKOUT_TRACE)).toEqual({
      stored: null,
      sources: [{ sourceId: 't', outcome: 'not-found' }],
    });
    await expect(h.jobs.fetchTrace(SESSION_B, CHECKOUT_TRACE)).rejects.toThrow(`no session ${SESSION_B}`);
  });

  it('fetches a session when its recording stops, not a buffer and not before', async () => {
    const a = await backend({ [TEMPO_PATH]: [tempoAnswer] });
    const h = await setup([tempo(a.url)]);
    await h.store.create(newSession(SESSION_B, { tabId: 8, buffer: true }));
    await request(h.store, 'r1', CHECKOUT_TRACE);
    h.jobs.listen();

    await h.events.recordingChanged.emit({ tabId: 7, rec: { sessionId: SESSION_A, startedAt: T0, mode: 'record' } });
    await h.events.recordingChanged.emit({ tabId: 8, rec: { sessionId: SESSION_B, startedAt: T0, mode: 'buffer' } });
    await h.events.recordingChanged.emit({ tabId: 8, rec: undefined });
    await h.jobs.idle();
    expect(a.seen).toHaveLength(0);

    await h.events.recordingChanged.emit({ tabId: 7, rec: undefined });
    await vi.waitFor(() => expect(a.seen).toHaveLength(1));
    await h.jobs.idle();
    expect(await h.store.tracesOf(SESSION_A)).toHaveLength(1);
  });

  it('stores nothing for a session deleted while its trace was on the way', async () => {
    const a = await backend({ [TEMPO_PATH]: ['hold'] });
    const h = await setup([tempo(a.url)]);
    await request(h.store, 'r1', CHECKOUT_TRACE);

    await h.jobs.fetchSession(SESSION_A);
    await vi.waitFor(() => expect(a.held()).toBe(1));
    await h.store.deleteSession(SESSION_A);
    a.release(tempoAnswer);
    await h.jobs.idle();

    expect(await (await h.db()).count('traces')).toBe(0);
    expect(h.notify).not.toHaveBeenCalled();
  });
});
