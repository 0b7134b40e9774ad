import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildRequestRecord, requestSpan } from '../../../src/background/network/request-record';
import { panelApi, type PanelApiDeps } from '../../../src/background/panel-api';
import { SettingsStore } from '../../../src/background/settings-store';
import type { NewSession } from '../../../src/background/store/session-store';
import { TraceFetcher } from '../../../src/background/traces/fetcher';
import { TraceJobs } from '../../../src/background/traces/trace-jobs';
import { panelResultSchemas, type TabState } from '../../../src/shared/protocol';
import type { PanelHandlers } from '../../../src/shared/rpc';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../src/shared/settings';
import { SESSION_A, SESSION_B, testDeps, type TestDeps } from '../fixtures/db';
import { MemoryStorageArea } from '../fixtures/fakes';
import { observation, PAGE_URL, TRACE_ID, wrapperRecord } from '../fixtures/network';

const T0 = 1_700_000_000_000;
const TAB = 5;
const PARTNER_API = 'https://api.partner.test/v1/stock';

const idle = (tabId: number): TabState => ({
  tabId,
  recording: false,
  sessionId: null,
  buffering: false,
  bufferMinutes: null,
});

interface Harness extends TestDeps {
  api: PanelHandlers;
  recordings: { [K in keyof PanelApiDeps['recordings']]: ReturnType<typeof vi.fn<PanelApiDeps['recordings'][K]>> };
  area: MemoryStorageArea;
  traces: TraceJobs;
  fetch: ReturnType<typeof vi.fn>;
}

/** A real store on fake-indexeddb and a real SettingsStore over an in-memory storage.local; fake recordings. */
function harness(): Harness {
  const t = testDeps(T0);
  const recordings = {
    state: vi.fn<PanelApiDeps['recordings']['state']>(async (tabId) => idle(tabId)),
    start: vi.fn<PanelApiDeps['recordings']['start']>(async (tabId) => ({ ...idle(tabId), recording: true })),
    stop: vi.fn<PanelApiDeps['recordings']['stop']>(async (tabId) => idle(tabId)),
    saveBuffer: vi.fn<PanelApiDeps['recordings']['saveBuffer']>(async () => ({ sessionId: SESSION_A })),
  };
  const area = new MemoryStorageArea();
  const settingsStore = new SettingsStore(area, t.diagnostics);
  const network = { webRequest: { webRequest: 'detailed' as const, webRequestTabs: [TAB], webRequestEvents: 12 } };
  // Trace backends answer that they have no such trace (traces/*.test.ts test the fetching itself).
  const fetch = vi.fn(async () => new Response('[]', { status: 200 }));
  const sleep = async (ms: number) => {
    t.clock.now += ms;
  };
  const fetcher = new TraceFetcher({ fetch, now: () => t.clock.now, sleep });
  const settings = () => settingsStore.get();
  const traces = new TraceJobs({ ...t.deps, settings, fetcher });
  const api = panelApi({ ...t.deps, settings, recordings, network, settingsStore, traces });
  return { ...t, api, recordings, area, traces, fetch };
}

const session = (id: string, overrides: Partial<NewSession> = {}): NewSession => ({
  id,
  tabId: TAB,
  trigger: 'manual',
  url: PAGE_URL,
  title: 'Shop',
  now: T0,
  ...overrides,
});

let h: Harness;
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  h = harness();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('panelApi (real store on fake-indexeddb, fake recordings)', () => {
  it('lists the saved sessions newest first, never an instant-replay buffer', async () => {
    const SESSION_C = 'c'.repeat(32);
    await h.store.create(session(SESSION_A, { now: T0 }));
    await h.store.create(session(SESSION_B, { now: T0 + 20 }));
    await h.store.create(session(SESSION_C, { now: T0 + 10, buffer: true, trigger: 'auto', tabId: 6 }));
    await h.store.finish(SESSION_A, 'complete', 'stopped', T0 + 5);

    expect((await h.api.listSessions({})).map((s) => [s.id, s.status])).toEqual([
      [SESSION_B, 'recording'],
      [SESSION_A, 'complete'],
    ]);
  });

  it("stops a live session's recording before deleting it, then deletes it and tells the panels", async () => {
    await h.store.create(session(SESSION_A));
    h.recordings.stop.mockImplementation(async (tabId) => {
      // The recording ends while its session is still there to be finished.
      expect(await h.store.get(SESSION_A)).toMatchObject({ id: SESSION_A, status: 'recording' });
      return idle(tabId);
    });

    expect(await h.api.deleteSession({ sessionId: SESSION_A })).toEqual({ deleted: true });

    expect(h.recordings.stop).toHaveBeenCalledExactlyOnceWith(TAB);
    expect(await h.store.get(SESSION_A)).toBeUndefined();
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
  });

  it('deletes a finished session without touching any recording, and answers false for an unknown one', async () => {
    await h.store.create(session(SESSION_A));
    await h.store.finish(SESSION_A, 'complete', 'stopped', T0 + 5);
    await h.store.create(session(SESSION_B, { tabId: 6 }));

    expect(await h.api.deleteSession({ sessionId: SESSION_A })).toEqual({ deleted: true });
    expect(await h.api.deleteSession({ sessionId: 'c'.repeat(32) })).toEqual({ deleted: false });

    expect(h.recordings.stop).not.toHaveBeenCalled();
    expect((await h.store.all()).map((s) => s.id)).toEqual([SESSION_B]);
  });

  it('pins a session and tells the panels; refuses an unknown session', async () => {
    await h.store.create(session(SESSION_A));

    expect(await h.api.pinSession({ sessionId: SESSION_A, pinned: true })).toEqual({ pinned: true });

    expect(await h.store.get(SESSION_A)).toMatchObject({ id: SESSION_A, pinned: true });
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
    await expect(h.api.pinSession({ sessionId: SESSION_B, pinned: true })).rejects.toThrow(`no session ${SESSION_B}`);
  });

  it('names and tags a session, and an empty name removes the name', async () => {
    await h.store.create(session(SESSION_A));
    expect(await h.api.labelSession({ sessionId: SESSION_A, name: 'Repro', tags: ['qa', 'qa', 'cart'] })).toEqual({
      name: 'Repro',
      tags: ['qa', 'cart'],
    });
    expect(await h.store.get(SESSION_A)).toMatchObject({ name: 'Repro', tags: ['qa', 'cart'] });
    expect(h.notify).toHaveBeenCalledWith({ type: 'sessions-changed' });
    expect(await h.api.labelSession({ sessionId: SESSION_A, name: '', tags: [] })).toEqual({ tags: [] });
    const cleared = await h.store.get(SESSION_A);
    expect(cleared).not.toHaveProperty('name');
    expect(cleared).not.toHaveProperty('tags');
    await expect(h.api.labelSession({ sessionId: SESSION_B, name: 'x', tags: [] })).rejects.toThrow(
      `no session ${SESSION_B}`,
    );
  });

  it("runs the propagation dry run on the session's stored requests, with the configured targets by default", async () => {
    await h.store.create(session(SESSION_A));
    for (const [id, url] of [
      ['1', PARTNER_API],
      ['2', `${new URL(PAGE_URL).origin}/api/cart`], // same origin: never preflighted
    ] as const) {
      const r = buildRequestRecord(
        observation({ requestId: id, url, method: 'GET' }),
        wrapperRecord({ url, method: 'GET' }),
        { headers: [], queryParams: [] },
      );
      await h.store.appendRequest(r, requestSpan(r));
    }
    // Another site's API: its target names the page (wrapper-scope.ts).
    const targets = [
      {
        urls: ['https://api.partner.test/*'],
        propagators: ['tracecontext' as const],
        pages: [`${new URL(PAGE_URL).origin}/*`],
      },
    ];
    await h.area.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, network: { ...DEFAULT_SETTINGS.network, targets } } });

    const configured = await h.api.propagationDryRun({ sessionId: SESSION_A });
    const given = await h.api.propagationDryRun({
      sessionId: SESSION_A,
      targets: [{ urls: ['https://other.test/*'], propagators: ['b3'] }],
    });

    expect(configured).toEqual({
      preflighted: [{ url: PARTNER_API, method: 'GET', origin: 'https://api.partner.test', headers: ['traceparent'] }],
      origins: [{ origin: 'https://api.partner.test', requests: 1, allowHeaders: ['traceparent'] }],
    });
    expect(given).toEqual({ preflighted: [], origins: [] });
    await expect(h.api.propagationDryRun({ sessionId: SESSION_B })).rejects.toThrow(`no session ${SESSION_B}`);
  });

  it("adds network capture's webRequest state to the diagnostics", async () => {
    h.diagnostics.report('dnr', 'tab 5: rule refused');

    expect(await h.api.getDiagnostics({})).toMatchObject({
      errors: { dnr: 1 },
      webRequest: 'detailed',
      webRequestTabs: [TAB],
      webRequestEvents: 12,
    });
  });

  it("counts the panel's corrupt chunks in the diagnostics", async () => {
    expect(
      await h.api.reportProblems({ sessionId: SESSION_A, problems: ['chunk p/0: bad gzip', 'chunk p/1: x'] }),
    ).toEqual({ counted: 2 });
    expect(h.diagnostics.snapshot().errors['corrupt-chunk']).toBe(2);
  });

  it('reads and saves the settings through the settings store', async () => {
    const next = { ...DEFAULT_SETTINGS, autoRecord: ['https://shop.test/*'] };

    expect(await h.api.setSettings({ settings: next })).toEqual({ settings: next });

    expect(await h.api.getSettings({})).toEqual({ settings: next, problems: [] });
    expect(h.area.data.get(SETTINGS_KEY)).toEqual(next);
  });

  it('hands the tab calls to the recordings', async () => {
    expect(await h.api.startRecording({ tabId: TAB })).toMatchObject({ tabId: TAB, recording: true });
    expect(await h.api.saveInstantReplay({ tabId: TAB })).toEqual({ sessionId: SESSION_A });
    expect(h.recordings.start).toHaveBeenCalledExactlyOnceWith(TAB, 'manual');
    expect(h.recordings.saveBuffer).toHaveBeenCalledExactlyOnceWith(TAB);
  });
});

describe('panelApi: trace calls', () => {
  const zipkin = {
    id: 'zipkin',
    kind: 'zipkin-v2' as const,
    baseUrl: 'http://localhost:9411',
    enabled: true,
    headers: { Authorization: 'Bearer s3cret' },
  };
  const withSource = () => h.api.setSettings({ settings: { traces: { sources: [zipkin] } } });

  it('lists each source with its status after asking it, and never its headers', async () => {
    await withSource();

    const { sources } = await h.api.getTraceSources({});

    expect(h.fetch).toHaveBeenCalledWith(
      'http://localhost:9411/info',
      expect.objectContaining({ headers: expect.objectContaining({ Authorization: 'Bearer s3cret' }) }),
    );
    expect(sources).toEqual([
      {
        id: 'zipkin',
        kind: 'zipkin-v2',
        baseUrl: 'http://localhost:9411',
        enabled: true,
        state: 'ok',
        reachable: true,
        lastSuccessAt: T0,
        spansReceived: 0,
      },
    ]);
    expect(JSON.stringify(sources)).not.toContain('s3cret');
    // What the panel's client checks every answer against.
    expect(panelResultSchemas.getTraceSources.safeParse({ sources }).success).toBe(true);
  });

  it('refuses to fetch traces for a session that is not there', async () => {
    await expect(h.api.fetchSessionTraces({ sessionId: SESSION_B })).rejects.toThrow(`no session ${SESSION_B}`);
    await expect(h.api.fetchTrace({ sessionId: SESSION_B, traceId: TRACE_ID })).rejects.toThrow(`no session`);
  });

  it("asks every enabled source for each trace id of the session's requests", async () => {
    await withSource();
    await h.store.create(session(SESSION_A));
    const r = buildRequestRecord(observation(), wrapperRecord(), { headers: [], queryParams: [] });
    await h.store.appendRequest(r, requestSpan(r));

    expect(await h.api.fetchSessionTraces({ sessionId: SESSION_A })).toEqual({ traceIds: 1, started: 1 });
    await h.traces.idle();

    expect(h.fetch).toHaveBeenCalledWith(`http://localhost:9411/api/v2/trace/${TRACE_ID}`, expect.anything());
    expect(await h.store.tracesOf(SESSION_A)).toEqual([]);
  });

  it('answers an on-demand fetch in the shape the panel validates', async () => {
    await h.api.setSettings({ settings: { traces: { sources: [zipkin], fetch: { retryForSeconds: 0 } } } });
    await h.store.create(session(SESSION_A));

    const result = await h.api.fetchTrace({ sessionId: SESSION_A, traceId: TRACE_ID });

    expect(result).toEqual({ stored: null, sources: [{ sourceId: 'zipkin', outcome: 'not-found' }] });
    expect(panelResultSchemas.fetchTrace.safeParse(result).success).toBe(true);
  });
});
