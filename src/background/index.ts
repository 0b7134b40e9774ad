/**
 * The service worker only wires: every listener is registered synchronously at the top level (Chrome
 * delivers the event that woke the worker only to listeners present after the first run), and the
 * features live in their own modules.
 */
import browser from 'webextension-polyfill';
import { listSessions } from '../shared/db/read';
import { openTandemDb, type TandemDb } from '../shared/db/schema';
import { propagationDryRun } from '../shared/dry-run';
import { COMMANDS, PORT_NAMES } from '../shared/protocol';
import type { PanelHandlers } from '../shared/rpc';
import { Diagnostics } from './diagnostics';
import { Ingest } from './ingest';
import { PanelPorts } from './panel-ports';
import { RecorderPorts } from './recorder-ports';
import { Recording } from './recording';
import { Retention } from './retention';
import { SessionStore } from './session-store';
import { SettingsStore } from './settings-store';
import { TabStates } from './tab-state';
import { wakeTab } from './wake';
import { NetworkCapture } from './network/capture';

const LIMITS_ALARM = 'tandem-limits';

const diagnostics = new Diagnostics();
let dbPromise: Promise<TandemDb> | null = null;
const db = () => (dbPromise ??= openTandemDb());
const settings = new SettingsStore(browser.storage.local, diagnostics);
const store = new SessionStore(db, undefined, (reason) => diagnostics.report('compression-fallback', reason));
const retention = new Retention(store);
const notify: ConstructorParameters<typeof Ingest>[0]['notify'] = (notice) => panels.notify(notice);
const network = new NetworkCapture({
  store,
  settings: () => settings.get(),
  diagnostics,
  notify,
  dnr: browser.declarativeNetRequest,
  blocked: (tabId, origin) => recording.block(tabId, origin),
});
// Registered now, at the top level: webRequest events must be able to wake the worker (replaced by one
// registration per recording tab, or none, once the worker knows which tabs record: network/web-request.ts).
network.listen(browser.webRequest);

const recording = new Recording({
  tabs: new TabStates(browser.storage.session),
  store,
  retention,
  settings: () => settings.get(),
  diagnostics,
  send: (tabId, message) => recorders.sendToTab(tabId, message),
  wake: (tabId) => wakeTab(tabId),
  tabInfo: async (tabId) => {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    return tab ? { url: tab.url ?? '', title: tab.title ?? '' } : null;
  },
  notify,
  onTab: (tabId, rec, pageUrl) => network.tab(tabId, rec?.sessionId ?? null, pageUrl),
  manifestVersion: browser.runtime.getManifest().version,
});
const ingest = new Ingest({ store, retention, settings: () => settings.get(), diagnostics, notify });

const handlers: PanelHandlers = {
  // Buffers are working data, not sessions: the library shows them once saved.
  listSessions: async () => (await listSessions(await db())).filter((s) => s.status !== 'buffer'),
  getTabState: ({ tabId }) => recording.state(tabId),
  startRecording: ({ tabId }) => recording.start(tabId, 'manual'),
  stopRecording: ({ tabId }) => recording.stop(tabId),
  saveInstantReplay: ({ tabId }) => recording.saveBuffer(tabId),
  pinSession: async ({ sessionId, pinned }) => {
    if (!(await store.setPinned(sessionId, pinned))) throw new Error(`no session ${sessionId}`);
    notify({ type: 'sessions-changed' });
    return { pinned };
  },
  deleteSession: async ({ sessionId }) => {
    // Deleting a live session first ends its recording, so the tab does not go on recording into nothing.
    const live = await store.get(sessionId);
    if (live?.status === 'recording') await recording.stop(live.tabId);
    const deleted = await store.delete(sessionId);
    notify({ type: 'sessions-changed' });
    return { deleted };
  },
  getDiagnostics: async () => ({ ...diagnostics.snapshot(), ...network.webRequest }),
  getSettings: async () => ({ settings: await settings.get(), problems: settings.problems() }),
  setSettings: async ({ settings: value }) => ({ settings: await settings.save(value) }),
  propagationDryRun: async ({ sessionId, targets }) => {
    const session = await store.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const requests = await (await db()).getAll('requests', IDBKeyRange.bound([sessionId], [sessionId, []]));
    const pageOrigins = [...new Set(session.urls.flatMap((u) => (/^https?:/.test(u) ? [new URL(u).origin] : [])))];
    return propagationDryRun(requests, pageOrigins, targets ?? (await settings.get()).network.targets);
  },
  reportProblems: async ({ sessionId, problems }) => {
    for (const p of problems) diagnostics.report('corrupt-chunk', `session ${sessionId}: ${p}`);
    return { counted: problems.length };
  },
};
const panels = new PanelPorts(handlers, diagnostics);
const recorders = new RecorderPorts(
  {
    hello: (t, m) => recording.hello(t, m),
    batch: (t, b, m) => ingest.batch(t, b, m),
    network: (t, m) => network.pageEvents(t, m),
  },
  diagnostics,
);

browser.runtime.onConnect.addListener((port) => {
  if (port.name === PORT_NAMES.recorder) recorders.accept(port);
  else if (port.name === PORT_NAMES.panel) panels.accept(port);
  else port.disconnect();
});

browser.tabs.onRemoved.addListener((tabId) => void recording.stop(tabId, 'tab-closed'));
browser.storage.onChanged.addListener((changes, area) => settings.onStorageChanged(changes, area));
settings.subscribe(async (next) => {
  const tabs = await browser.tabs.query({});
  await recording.reconfigure(
    next,
    tabs.flatMap((t) => (t.id === undefined ? [] : [t.id])),
  );
});
browser.commands.onCommand.addListener(async (command) => {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  if (command === COMMANDS.toggleRecording) await recording.toggle(tab.id);
  else if (command === COMMANDS.saveInstantReplay) {
    await recording
      .saveBuffer(tab.id)
      .catch((e: unknown) => notify({ type: 'warning', message: e instanceof Error ? e.message : String(e) }));
  }
});
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === LIMITS_ALARM)
    void recording.enforceLimits().catch((e: unknown) => diagnostics.report('limits', String(e)));
});

// Worker start: sessions whose tab (or whole browser) went away while the worker was down are interrupted.
void (async () => {
  await browser.alarms.create(LIMITS_ALARM, { periodInMinutes: 1 });
  const tabs = await browser.tabs.query({});
  await recording.reconcile(new Set(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))));
})()
  .catch((e: unknown) => diagnostics.report('startup', String(e)))
  // Even after a failed start: a webRequest that listens for nothing costs every request of every tab.
  .finally(() => network.settled());
