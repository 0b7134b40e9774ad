import { afterEach, describe, expect, it } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../../src/background/network/request-record';
import { SourceStatuses } from '../../../../src/background/traces/source-statuses';
import { SPOTLIGHT_SOURCE_ID, SpotlightSource } from '../../../../src/background/traces/spotlight-source';
import type { RequestRecord } from '../../../../src/shared/model';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { until } from '../../../harness/until';
import { newSession, SESSION_A, SESSION_B, testDeps } from '../../fixtures/db';
import { observation, wrapperRecord } from '../../fixtures/network';
import { type FakeSidecar, type SidecarOptions, startFakeSidecar } from '../../fixtures/spotlight-sidecar';
import { fixtureText } from '../../shared/traces/fixtures';

/** The trace of the @sentry/node captures in test/fixtures/traces (sentry-core-*.txt). */
const TRACE = 'e65eaae45b964461c50ba0f16eaba1e0';
const T0 = 1_700_000_000_000;
const raw = (name: string) => fixtureText(name).trimEnd();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function sidecar(options: SidecarOptions = {}): Promise<FakeSidecar> {
  const s = await startFakeSidecar(options);
  cleanups.push(() => s.close());
  return s;
}

/** A real store on fake-indexeddb and real fetch to a local sidecar; timers are real (the stream is). */
async function setup(url: string, enabled = true) {
  const t = testDeps(T0, { requestWriteDelayMs: 0 });
  t.settings.current = {
    ...DEFAULT_SETTINGS,
    traces: { ...DEFAULT_SETTINGS.traces, spotlight: { enabled, url } },
  };
  const statuses = new SourceStatuses(() => t.clock.now);
  const source = new SpotlightSource({
    ...t.deps,
    statuses,
    fetch: (u, init) => fetch(u, init),
    setTimeout: (run, ms) => setTimeout(run, ms),
    clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    catchUpQuietMs: 50,
  });
  cleanups.push(() => source.reconfigure({ enabled: false, url }));
  await t.store.create(newSession(SESSION_A));
  return { ...t, source, statuses };
}

/** A request of `sessionId` that carried `traceId`, stored as RequestCapture stores one. */
async function storeRequest(t: Awaited<ReturnType<typeof setup>>, id: string, traceId: string, sessionId = SESSION_A) {
  const built = buildRequestRecord(observation({ requestId: id }), wrapperRecord({ id }), {
    headers: [],
    queryParams: [],
  });
  const record: RequestRecord = { ...built, sessionId, traceId, responseTraceId: null };
  expect(await t.store.appendRequest(record, requestSpan(record))).toBe(true);
}

const storedTrace = (t: Awaited<ReturnType<typeof setup>>, sessionId = SESSION_A) =>
  until('the trace stored', async () => {
    const record = await t.store.traceOf(sessionId, TRACE);
    return record && record.trace.spans.length > 0 ? record : undefined;
  });

describe("SpotlightSource (a local sidecar in Spotlight's SSE shape, fed with @sentry/node captures)", () => {
  it('stores a live envelope with the session whose request carried its trace, with status and counts', async () => {
    const s = await sidecar();
    const t = await setup(s.url);
    await storeRequest(t, 'r1', TRACE);
    expect(await t.source.ensure()).toBe(true);
    s.send({ data: raw('sentry-core-span.txt') });
    s.send({ data: raw('sentry-core-trace_metric.txt') });
    s.send({ data: raw('sentry-core-event.txt') });
    const record = await until('spans, points and the error', async () => {
      const r = await t.store.traceOf(SESSION_A, TRACE);
      return r && r.trace.spans.length === 2 && r.trace.metricPoints.length === 5 && r.trace.errors.length === 1
        ? r
        : undefined;
    });
    expect(record.sources.map((x) => x.sourceId)).toEqual([SPOTLIGHT_SOURCE_ID]);
    expect(t.notify).toHaveBeenCalledWith({ type: 'trace-stored', sessionId: SESSION_A, traceId: TRACE });
    const status = await t.source.status();
    expect(status).toMatchObject({
      id: 'spotlight',
      kind: 'spotlight',
      state: 'ok',
      reachable: true,
      spansReceived: 2,
    });
  });

  it('stores spans that arrived before their request was written, once it is', async () => {
    const s = await sidecar();
    const t = await setup(s.url);
    await t.source.ensure();
    s.send({ data: raw('sentry-core-span.txt') });
    await until('the envelope read', async () => ((await t.source.status())?.spansReceived === 2 ? true : undefined));
    expect(await t.store.traceOf(SESSION_A, TRACE)).toBeUndefined();
    await storeRequest(t, 'late', TRACE);
    expect((await storedTrace(t)).trace.spans).toHaveLength(2);
  });

  it('reads the buffer the sidecar replays on connect (the worker slept) and answers deliver() from it', async () => {
    const s = await sidecar();
    s.send({ data: raw('sentry-core-span.txt') });
    const t = await setup(s.url);
    await t.store.create(newSession(SESSION_B));
    await storeRequest(t, 'b1', TRACE, SESSION_B);
    expect(await t.source.deliver(SESSION_A, [TRACE, '0af7651916cd43dd8448eb211c80319c'])).toEqual([TRACE]);
    expect((await t.store.traceOf(SESSION_A, TRACE))?.trace.spans).toHaveLength(2);
    // The session whose request carried it got it from the replay without being asked.
    expect((await storedTrace(t, SESSION_B)).trace.spans).toHaveLength(2);
  });

  it('follows a sidecar restarted mid-session: later spans still reach the session, resuming from the last id', async () => {
    const first = await sidecar();
    const t = await setup(first.url);
    await storeRequest(t, 'r1', TRACE);
    await t.source.ensure();
    first.send({ data: raw('sentry-core-event.txt') });
    await until('the error', async () =>
      (await t.store.traceOf(SESSION_A, TRACE))?.trace.errors.length ? 1 : undefined,
    );
    const port = first.port;
    await first.close();
    await until('the status to show the drop', async () =>
      (await t.statuses.list([{ id: 'spotlight', kind: 'spotlight', baseUrl: first.url, enabled: true }]))[0]?.state ===
      'unreachable'
        ? true
        : undefined,
    );
    const second = await sidecar({ port });
    await until('the reconnect', async () => (second.clients() > 0 ? true : undefined), 10_000);
    expect(second.lastEventIds).toEqual(['1']);
    second.send({ data: raw('sentry-core-span.txt') });
    const record = await storedTrace(t);
    expect(record.trace.spans).toHaveLength(2);
    expect(record.trace.errors).toHaveLength(1);
  });

  it('a hostile stream: a broken envelope is reported and skipped, the good ones after it still land', async () => {
    const s = await sidecar();
    const t = await setup(s.url);
    await storeRequest(t, 'r1', TRACE);
    await t.source.ensure();
    s.send({ data: '[{"sdk":{}}, [[{"type":"span"}, {"version":2,"items":[{"span_id":"zz"}]}]]]' });
    await until('the failure', async () => ((await t.source.status())?.state === 'failing' ? true : undefined));
    expect((await t.source.status())?.lastError).toMatch(/Sentry envelope/);
    expect(await t.store.traceOf(SESSION_A, TRACE)).toBeUndefined();
    s.send({ data: raw('sentry-core-span.txt') });
    expect((await storedTrace(t)).trace.spans).toHaveLength(2);
  });

  it('a hostile stream: a line past the limit drops the connection with a clear status, and it reconnects', async () => {
    const s = await sidecar();
    const t = await setup(s.url);
    await t.source.ensure();
    s.send({ raw: `data: ${'x'.repeat(9 * 1024 * 1024)}` });
    await until('the failure', async () =>
      (await t.source.status())?.lastError?.includes('longer than') ? 1 : undefined,
    );
    expect(await t.store.traceOf(SESSION_A, TRACE)).toBeUndefined();
    await until('the reconnect', async () => (s.lastEventIds.length >= 2 ? true : undefined), 10_000);
  });

  it('a sidecar that answers something else than a stream, or none at all, gets a status and no crash', async () => {
    const broken = await sidecar({ answer: { status: 500, contentType: 'text/plain', body: 'boom' } });
    const t = await setup(broken.url);
    expect(await t.source.ensure()).toBe(false);
    expect(await t.source.status()).toMatchObject({ state: 'failing', lastError: expect.stringMatching(/HTTP 500/) });

    const down = await sidecar();
    const url = down.url;
    await down.close();
    const t2 = await setup(url);
    expect(await t2.source.ensure()).toBe(false);
    expect(await t2.source.status()).toMatchObject({ state: 'unreachable', reachable: false });
  });

  it('connects to nothing while Spotlight is turned off', async () => {
    const s = await sidecar();
    const t = await setup(s.url, false);
    expect(await t.source.ensure()).toBe(false);
    expect(await t.source.status()).toBeNull();
    expect(s.clients()).toBe(0);
    expect(s.lastEventIds).toEqual([]);
  });
});
