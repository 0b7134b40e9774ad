import { describe, expect, it, vi } from 'vitest';
import { LIVE_POLL_MS } from '../../../../src/devtools/app/live';
import { shortcutAction } from '../../../../src/devtools/app/shortcuts';
import { whyNoTrace } from '../../../../src/devtools/details/why-no-trace';
import { markersOf } from '../../../../src/devtools/replay/markers';
import { rowOfRecord } from '../../../../src/devtools/session/request-rows';
import { sessionViewSelector } from '../../../../src/devtools/session/view';
import { createStore } from '../../../../src/devtools/store/store';
import type { StoredEvent } from '../../../../src/shared/db/read';
import type { TraceSourceStatus } from '../../../../src/shared/protocol';
import { consoleBreadcrumb, navigationBreadcrumb } from '../../../../src/shared/replay-events';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, request, summary, T0, tabState } from '../fixtures';
import { testPanel } from '../test-panel';

const source = (overrides: Partial<TraceSourceStatus>): TraceSourceStatus => ({
  id: 'spotlight',
  kind: 'spotlight',
  baseUrl: 'http://localhost:8969',
  enabled: true,
  state: 'ok',
  reachable: true,
  spansReceived: 0,
  ...overrides,
});

describe('why a request has no backend spans', () => {
  const traced = rowOfRecord(request('r1', { traceId: 'c'.repeat(32) }));
  it('names each reason in words', () => {
    expect(whyNoTrace(rowOfRecord(request('r0')), [source({})])).toMatch(/^Not traced/);
    expect(whyNoTrace(traced, [])).toMatch(/No trace source is on: start Spotlight/);
    expect(whyNoTrace(traced, [source({ state: 'unreachable', lastError: 'connection refused' })])).toBe(
      'No trace source answers: spotlight (connection refused).',
    );
    expect(whyNoTrace(traced, [source({})])).toMatch(/^Trace not found yet/);
  });
});

describe('seek bar markers', () => {
  it('marks errors, failed requests and navigations at their offsets from the first event', () => {
    const view = {
      start: T0,
      crumbs: [],
      rows: [rowOfRecord(request('ok')), rowOfRecord(request('bad', { status: 402, startTs: T0 + 4000 }))],
    };
    expect(markersOf(view)).toEqual([expect.objectContaining({ kind: 'failed-request', time: 4000 })]);
  });
});

describe('keyboard shortcuts', () => {
  const loaded = () => {
    const store = createStore();
    store.dispatch({ type: 'sessions', sessions: [summary(A)] });
    store.dispatch({ type: 'select', sessionId: A });
    store.dispatch({ type: 'replay-loaded', replay: { sessionId: A, events: pageEvents(T0), problems: [] } });
    store.dispatch({ type: 'replay-ready', total: 20_000 });
    return store;
  };
  const key = (key: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key, ...init });

  it('Space plays and pauses, Left/Right seek 5 s and Shift 1 s, Esc closes the details', () => {
    const store = loaded();
    expect(store.getState().replay.cursor.time).toBe(20_000);
    expect(shortcutAction(store, key('ArrowLeft'))).toBe(true);
    expect(store.getState().replay.cursor.time).toBe(15_000);
    shortcutAction(store, key('ArrowLeft', { shiftKey: true }));
    expect(store.getState().replay.cursor.time).toBe(14_000);
    shortcutAction(store, key(' '));
    expect(store.getState().replay.cursor.playing).toBe(true);
    shortcutAction(store, key(' '));
    expect(store.getState().replay.cursor.playing).toBe(false);
    store.dispatch({ type: 'select-request', requestId: 'r1' });
    expect(store.getState().view.detailsOpen).toBe(true);
    shortcutAction(store, key('Escape'));
    expect(store.getState().view.detailsOpen).toBe(false);
  });

  it('W/S zoom the timeline (and the lists) around the playhead, A/D pan it, S back out is the whole session', () => {
    const store = loaded();
    store.dispatch({ type: 'seek', time: 10_000 });
    expect(shortcutAction(store, key('w'))).toBe(true);
    expect(store.getState().view.range).toEqual({ from: T0 + 5000, to: T0 + 15_000 });
    shortcutAction(store, key('d'));
    expect(store.getState().view.range).toEqual({ from: T0 + 7500, to: T0 + 17_500 });
    // Panning stops at the session's end.
    for (let i = 0; i < 5; i++) shortcutAction(store, key('d'));
    expect(store.getState().view.range).toEqual({ from: T0 + 10_000, to: T0 + 20_000 });
    shortcutAction(store, key('a'));
    expect(store.getState().view.range).toEqual({ from: T0 + 7500, to: T0 + 17_500 });
    shortcutAction(store, key('s'));
    expect(store.getState().view.range).toBeNull();
    // Typed into a field, or with a modifier, the letters are the field's or the browser's.
    const typed = key('w');
    Object.defineProperty(typed, 'target', { value: document.createElement('input') });
    expect(shortcutAction(store, typed)).toBe(false);
    expect(shortcutAction(store, key('w', { ctrlKey: true }))).toBe(false);
    expect(store.getState().view.range).toBeNull();
  });
});

describe('live mode', () => {
  it('reads a recording session’s new events and requests and hands them to the store', async () => {
    vi.useFakeTimers();
    try {
      const first = pageEvents(T0);
      const later: StoredEvent[] = [
        navigationBreadcrumb(T0 + 30_000, 'http://a/', 'http://a/b') as unknown as StoredEvent,
        consoleBreadcrumb(T0 + 30_001, 'error', ['boom'], 100) as unknown as StoredEvent,
      ];
      let requests = [request('r1')];
      const panel = testPanel(
        {
          listSessions: async () => [summary(A, { status: 'recording' })],
          getTabState: async ({ tabId }) => tabState({ tabId, recording: true, sessionId: A }),
          getDiagnostics: async () => {
            throw new Error('not needed');
          },
          getTraceSources: async () => ({ sources: [] }),
        },
        {
          events: { [A]: { events: first, problems: [], chunks: ['p/0'] } },
          requests: { [A]: requests },
          newEvents: (_id, _after, seen) =>
            seen.has('p/1')
              ? { events: [], problems: [], chunks: [] }
              : { events: later, problems: [], chunks: ['p/1'] },
        },
      );
      const stop = panel.controller.connect();
      // The tab records this session: the panel opens it by itself.
      await vi.waitFor(() => expect(panel.store.getState().replay.loaded?.events.length).toBe(first.length));
      requests = [request('r1'), request('r2', { startTs: T0 + 30_000 })];
      (panel.host as unknown as { readRequests: () => Promise<unknown> }).readRequests = async () => requests;
      await vi.advanceTimersByTimeAsync(LIVE_POLL_MS + 10);
      const state = panel.store.getState();
      expect(state.replay.loaded?.events.length).toBe(first.length + 2);
      expect(state.requests.records.map((r) => r.id)).toEqual(['r1', 'r2']);
      const view = sessionViewSelector()(state);
      expect(view.crumbs.map((c) => c.kind)).toEqual(expect.arrayContaining(['navigation', 'console']));
      // A second poll finds nothing new and adds nothing twice.
      await vi.advanceTimersByTimeAsync(LIVE_POLL_MS + 10);
      expect(panel.store.getState().replay.loaded?.events.length).toBe(first.length + 2);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('live mode ends', () => {
  it('reads the session whole once more when its recording stops and the library counts more events', async () => {
    let recording = true;
    let reads = 0;
    const whole = pageEvents(T0);
    const panel = testPanel(
      {
        // The library counts what was stored: the page's last batch lands after the stop.
        listSessions: async () => [
          summary(A, { status: recording ? 'recording' : 'complete', eventCount: recording ? 3 : 9 }),
        ],
        getTabState: async ({ tabId }) => tabState({ tabId, recording, sessionId: A }),
        getDiagnostics: async () => ({ warnings: [] }) as never,
        getTraceSources: async () => ({ sources: [] }),
        stopRecording: async ({ tabId }) => {
          recording = false;
          return tabState({ tabId, recording: false, sessionId: A });
        },
      },
      { events: { [A]: { events: whole, problems: [], chunks: ['p/0'] } } },
    );
    // Live, the session is read whole; once stopped, as a finished session (its tail first).
    const host = panel.host as unknown as Record<'readEvents' | 'readEventsTail', (id: string) => Promise<unknown>>;
    for (const method of ['readEvents', 'readEventsTail'] as const) {
      const read = host[method].bind(host);
      host[method] = (id) => {
        reads++;
        return read(id);
      };
    }
    const stop = panel.controller.connect();
    await vi.waitFor(() => expect(panel.store.getState().replay.loaded?.sessionId).toBe(A));
    expect(reads).toBe(1);
    const firstRead = panel.store.getState().replay.loaded;
    await panel.controller.stopRecording();
    await vi.waitFor(() => expect(reads).toBe(2));
    await vi.waitFor(() => expect(panel.store.getState().replay.loaded).not.toBe(firstRead));
    expect(panel.store.getState().replay.loaded?.events).toHaveLength(whole.length);
    // Nothing changes afterwards: the session is not read again.
    panel.host.notify({ type: 'sessions-changed' });
    await vi.waitFor(() => expect(panel.host.calls.filter((c) => c.method === 'listSessions').length).toBe(3));
    expect(reads).toBe(2);
    stop();
  });
});

describe('opening a finished session', () => {
  it('plays the tail read first (its last frame), then gives the lists the whole session and keeps the tail', async () => {
    const whole = [...pageEvents(T0, 2), ...pageEvents(T0 + 300_000, 2)];
    // Its first chunk (the time origin) and everything from the last replay start on.
    const tail = { events: [whole[0]!, whole[1]!, ...whole.slice(4)], problems: [], completeFrom: T0 + 300_000 };
    let releaseOutline: () => void = () => {};
    const outlineRead = new Promise<void>((r) => {
      releaseOutline = r;
    });
    const panel = testPanel(
      { listSessions: async () => [summary(A)], getTraceSources: async () => ({ sources: [] }) },
      { tabId: null, tail: { [A]: tail }, events: { [A]: { events: whole, problems: [] } } },
    );
    const read = panel.host.readEventsOutline.bind(panel.host);
    let wholeReads = 0;
    panel.host.readEvents = async () => {
      wholeReads++;
      return { events: whole, problems: [] };
    };
    panel.host.readEventsOutline = async (id, keep) => {
      await outlineRead;
      return read(id, keep);
    };
    const stop = panel.controller.connect();
    panel.store.dispatch({ type: 'sessions', sessions: [summary(A)] });
    panel.controller.select(A);
    await vi.waitFor(() => expect(panel.store.getState().replay.loaded?.completeFrom).toBe(T0 + 300_000));
    expect(panel.store.getState().replay.loaded?.events[0]).toBe(whole[0]);
    releaseOutline();
    await vi.waitFor(() => expect(panel.store.getState().replay.loaded?.frames).toBeDefined());
    const loaded = panel.store.getState().replay.loaded!;
    // The player keeps the very events it drew (no rebuild); the lists get every event but the snapshots.
    expect(loaded.frames).toEqual({ events: tail.events, from: T0 + 300_000, until: null });
    expect(loaded.frames!.events).toBe(tail.events);
    expect(loaded.events).toEqual(whole.filter((e, i) => i === 0 || (e.type !== 2 && e.type !== 3)));
    expect(loaded.end).toBe(whole.at(-1)!.timestamp);
    // Never read whole in one go.
    expect(wholeReads).toBe(0);
    stop();
  });
});

describe('trace deep-link settings', () => {
  it('keeps source ids and URLs for links but never a source’s headers (tokens)', async () => {
    const { DEFAULT_SETTINGS } = await import('../../../../src/shared/settings');
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.traces.sources = [
      {
        ...(settings.traces.sources[0] ?? {
          id: 'jaeger',
          kind: 'jaeger-v1',
          baseUrl: 'http://localhost:16686',
          enabled: true,
        }),
        headers: { authorization: 'Bearer secret-token' },
      } as (typeof settings.traces.sources)[number],
    ];
    const panel = testPanel({
      listSessions: async () => [],
      getSettings: async () => ({ settings, problems: [] }),
      getTraceSources: async () => ({ sources: [] }),
    });
    const stop = panel.controller.connect();
    await vi.waitFor(() => expect(panel.store.getState().traces.linkSettings).not.toBeNull());
    expect(JSON.stringify(panel.store.getState())).not.toContain('secret-token');
    expect(panel.store.getState().traces.linkSettings?.sources).toHaveLength(1);
    stop();
  });
});

describe('replay settings', () => {
  it('reads privacy.replayRemoteResources into the view, so the Player blocks remote resources when it is off', async () => {
    const { DEFAULT_SETTINGS } = await import('../../../../src/shared/settings');
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.privacy.replayRemoteResources = false;
    const panel = testPanel({
      listSessions: async () => [],
      getSettings: async () => ({ settings, problems: [] }),
      getTraceSources: async () => ({ sources: [] }),
    });
    expect(panel.store.getState().view.remoteResources).toBe(true);
    const stop = panel.controller.connect();
    await vi.waitFor(() => expect(panel.store.getState().view.remoteResources).toBe(false));
    stop();
  });
});
