/**
 * What the panel, viewer and popup can ask of the worker: one handler per typed call (src/shared/rpc.ts).
 * The calls that combine modules are decided here: deleting a live session stops its recording first,
 * the library lists saved sessions only, and the propagation dry run reads a session's requests. Trace calls
 * go to TraceJobs.
 */
import { propagationDryRun } from '../shared/dry-run';
import type { PanelHandlers } from '../shared/rpc';
import type { BackgroundDeps } from './deps';
import type { RequestCapture } from './network/request-capture';
import type { SettingsStore } from './settings-store';
import type { TabRecordings } from './tab-recordings';
import { importTraceFile } from './traces/trace-import';
import type { TraceJobs } from './traces/trace-jobs';

export interface PanelApiDeps extends BackgroundDeps {
  recordings: Pick<TabRecordings, 'state' | 'start' | 'stop' | 'saveBuffer'>;
  network: Pick<RequestCapture, 'webRequest'>;
  settingsStore: Pick<SettingsStore, 'get' | 'problems' | 'save'>;
  traces: Pick<TraceJobs, 'sources' | 'fetchTrace' | 'fetchSession'>;
}

export function panelApi(deps: PanelApiDeps): PanelHandlers {
  const { store, recordings, diagnostics, notify } = deps;
  return {
    // Buffers are working data, not sessions: the library shows them once saved.
    listSessions: async () => (await store.list()).filter((s) => s.status !== 'buffer'),
    getTabState: ({ tabId }) => recordings.state(tabId),
    startRecording: ({ tabId }) => recordings.start(tabId, 'manual'),
    stopRecording: ({ tabId }) => recordings.stop(tabId),
    saveInstantReplay: ({ tabId }) => recordings.saveBuffer(tabId),
    pinSession: async ({ sessionId, pinned }) => {
      if (!(await store.setPinned(sessionId, pinned))) throw new Error(`no session ${sessionId}`);
      notify({ type: 'sessions-changed' });
      return { pinned };
    },
    labelSession: async ({ sessionId, name, tags }) => {
      const labelled = await store.label(sessionId, name, tags);
      if (!labelled) throw new Error(`no session ${sessionId}`);
      notify({ type: 'sessions-changed' });
      return { ...(labelled.name ? { name: labelled.name } : {}), tags: labelled.tags ?? [] };
    },
    deleteSession: async ({ sessionId }) => {
      // Deleting a live session first ends its recording, so the tab does not go on recording into nothing.
      const live = await store.get(sessionId);
      if (live?.status === 'recording') await recordings.stop(live.tabId);
      const deleted = await store.deleteSession(sessionId);
      notify({ type: 'sessions-changed' });
      return { deleted };
    },
    getDiagnostics: async () => ({ ...diagnostics.snapshot(), ...deps.network.webRequest }),
    getSettings: async () => ({ settings: await deps.settingsStore.get(), problems: deps.settingsStore.problems() }),
    setSettings: async ({ settings }) => ({ settings: await deps.settingsStore.save(settings) }),
    propagationDryRun: async ({ sessionId, targets }) => {
      const session = await store.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const requests = await store.requestsOf(sessionId);
      const pageOrigins = [...new Set(session.urls.flatMap((u) => (/^https?:/.test(u) ? [new URL(u).origin] : [])))];
      return propagationDryRun(requests, pageOrigins, targets ?? (await deps.settings()).network.targets);
    },
    reportProblems: async ({ sessionId, problems }) => {
      for (const p of problems) diagnostics.report('corrupt-chunk', `session ${sessionId}: ${p}`);
      return { counted: problems.length };
    },
    getTraceSources: async () => ({ sources: await deps.traces.sources() }),
    fetchTrace: ({ sessionId, traceId }) => deps.traces.fetchTrace(sessionId, traceId),
    fetchSessionTraces: async ({ sessionId }) => {
      if (!(await store.get(sessionId))) throw new Error(`no session ${sessionId}`);
      return deps.traces.fetchSession(sessionId);
    },
    importTraceFile: ({ sessionId, text }) => importTraceFile(deps, sessionId, text),
  };
}
