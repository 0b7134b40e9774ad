import { describe, expect, it, vi } from 'vitest';
import { buildRequestRecord } from '../../../../src/background/network/request-record';
import { createController } from '../../../../src/devtools/app/controller';
import { createStore } from '../../../../src/devtools/store/store';
import type { PanelHandlers } from '../../../../src/shared/rpc';
import { observation, wrapperRecord } from '../../fixtures/network';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, B, summary, T0, TAB, tabState } from '../fixtures';
import { type TestHostOptions, testHost } from '../test-host';

const request = buildRequestRecord(observation({ sessionId: A }), wrapperRecord({ sessionId: A }), {
  headers: [],
  queryParams: [],
});

const handlers = (): Partial<PanelHandlers> => ({
  listSessions: async () => [summary(B), summary(A)],
  getTabState: async ({ tabId }) => tabState({ tabId }),
  getDiagnostics: async () => ({
    bootedAt: T0,
    errors: {},
    recent: [],
    settingsProblems: [],
    warnings: ['w1', 'w2', 'w3', 'w4'].map((message) => ({ at: T0, message })),
    ingest: [],
    webRequest: 'off',
    webRequestTabs: [],
    webRequestEvents: 0,
  }),
  startRecording: async ({ tabId }) => tabState({ tabId, recording: true, sessionId: A }),
  stopRecording: async ({ tabId }) => tabState({ tabId }),
  saveInstantReplay: async () => ({ sessionId: B }),
  pinSession: async ({ pinned }) => ({ pinned }),
  deleteSession: async () => ({ deleted: true }),
  reportProblems: async ({ problems }) => ({ counted: problems.length }),
});

function setup(library = true, overrides: Partial<PanelHandlers> = {}, options: TestHostOptions = {}) {
  const host = testHost({ ...handlers(), ...overrides }, options);
  const store = createStore();
  const controller = createController(host, store, { library });
  return { host, store, controller, state: () => store.getState() };
}

describe('the controller', () => {
  it('connects: reads the library, the tab and the last three warnings, and follows notices', async () => {
    const { host, controller, state } = setup();
    const disconnect = controller.connect();
    await vi.waitFor(() => expect(state().tab.state).toEqual(tabState()));
    expect(state().library.sessions.map((s) => s.id)).toEqual([B, A]);
    await vi.waitFor(() => expect(state().notices.warnings).toEqual(['w2', 'w3', 'w4']));

    host.notify({ type: 'tab-state', state: tabState({ recording: true }) });
    expect(state().tab.state?.recording).toBe(true);
    host.notify({ type: 'tab-state', state: tabState({ tabId: TAB + 1, recording: false }) });
    expect(state().tab.state?.recording).toBe(true);

    const before = host.calls.filter((c) => c.method === 'listSessions').length;
    host.notify({ type: 'sessions-changed' });
    await vi.waitFor(() => expect(host.calls.filter((c) => c.method === 'listSessions')).toHaveLength(before + 1));

    disconnect();
    expect(host.subscribers()).toBe(0);
  });

  it('selecting loads the replay and the requests of that session, and reports unreadable parts', async () => {
    const events = pageEvents(T0, 1);
    const { host, controller, state } = setup(
      true,
      {},
      {
        events: { [A]: { events, problems: ['chunk p/3: bad gzip'] } },
        requests: { [A]: [request] },
      },
    );
    controller.select(A);
    expect(state().replay).toMatchObject({ sessionId: A, loading: true });

    await vi.waitFor(() =>
      expect(state().replay.loaded).toEqual({ sessionId: A, events, problems: ['chunk p/3: bad gzip'] }),
    );
    await vi.waitFor(() =>
      expect(state().requests).toEqual({ sessionId: A, loading: false, records: [request], selectedId: null }),
    );
    await vi.waitFor(() =>
      expect(host.calls).toContainEqual({
        method: 'reportProblems',
        params: { sessionId: A, problems: ['chunk p/3: bad gzip'] },
      }),
    );
  });

  it('selecting the selected session again reads nothing', async () => {
    const { controller, state } = setup(true, {}, { events: { [A]: { events: pageEvents(T0, 1), problems: [] } } });
    controller.select(A);
    await vi.waitFor(() => expect(state().replay.loaded).not.toBeNull());
    const shown = state();
    controller.select(A);
    expect(state()).toBe(shown);
  });

  it('shows a failed read as an error and stops loading', async () => {
    const { controller, state } = setup(true, {}, { events: { [A]: new Error('IndexedDB closed') } });
    controller.select(A);
    await vi.waitFor(() => expect(state().notices.error).toBe('Could not load the session: IndexedDB closed'));
    expect(state().replay.loading).toBe(false);
  });

  it('starts and stops recording the controlled tab, then re-reads the library', async () => {
    const { host, controller, state } = setup();
    await controller.startRecording();
    expect(host.calls.slice(0, 2)).toEqual([
      { method: 'startRecording', params: { tabId: TAB } },
      { method: 'listSessions', params: {} },
    ]);
    await controller.stopRecording();
    expect(host.calls).toContainEqual({ method: 'stopRecording', params: { tabId: TAB } });
    expect(state().tab.state?.recording).toBe(false);
  });

  it('saving the instant replay selects the new session in the panel, and only says so in the popup', async () => {
    const panel = setup(true);
    await panel.controller.saveInstantReplay();
    expect(panel.state().library.selectedId).toBe(B);
    expect(panel.state().tab.savedSessionId).toBe(B);

    const popup = setup(false);
    await popup.controller.saveInstantReplay();
    expect(popup.state().tab.savedSessionId).toBe(B);
    expect(popup.state().library.selectedId).toBeNull();
    expect(popup.host.calls.map((c) => c.method)).not.toContain('listSessions');
  });

  it('pins and deletes through the host, and shows what failed', async () => {
    const { host, controller, state } = setup(true, {
      deleteSession: async () => {
        throw new Error('session is recording');
      },
    });
    await controller.pin(A, true);
    expect(host.calls).toContainEqual({ method: 'pinSession', params: { sessionId: A, pinned: true } });
    await controller.remove(A);
    expect(host.calls).toContainEqual({ method: 'deleteSession', params: { sessionId: A } });
    expect(state().notices.error).toBe('session is recording');
  });

  it('does nothing with the tab where no tab is controlled (viewer)', async () => {
    const { host, controller, state } = setup(true, {}, { tabId: null });
    await controller.startRecording();
    controller.connect();
    // The tab would be read right after the library, in the same step.
    await vi.waitFor(() => expect(state().library.sessions).toHaveLength(2));
    expect(host.calls.map((c) => c.method)).not.toContain('startRecording');
    expect(host.calls.map((c) => c.method)).not.toContain('getTabState');
  });
});
