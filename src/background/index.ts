/**
 * The service worker only wires: every listener is registered synchronously at the top level (Chrome
 * delivers the event that woke the worker only to listeners present after the first run), and the
 * features live in their own modules.
 */
import browser from 'webextension-polyfill';
import { openTandemDb, type TandemDb } from '../shared/db/schema';
import { listSessions } from '../shared/db/read';
import { COMMANDS, PORT_NAMES } from '../shared/protocol';
import type { PanelHandlers } from '../shared/rpc';
import { Diagnostics } from './diagnostics';
import { PanelPorts } from './panel-ports';
import { RecorderPorts } from './recorder-ports';
import { Recording } from './recording';
import { SessionStore } from './session-store';
import { SettingsStore } from './settings-store';
import { TabStates } from './tab-state';
import { wakeTab } from './wake';

const diagnostics = new Diagnostics();
let dbPromise: Promise<TandemDb> | null = null;
const db = () => (dbPromise ??= openTandemDb());
const settings = new SettingsStore(browser.storage.local, diagnostics);
const store = new SessionStore(db, undefined, (reason) => diagnostics.report('compression-fallback', reason));

const handlers: PanelHandlers = {
  listSessions: async () => listSessions(await db()),
  getTabState: ({ tabId }) => recording.state(tabId),
  startRecording: ({ tabId }) => recording.start(tabId, 'manual'),
  stopRecording: ({ tabId }) => recording.stop(tabId),
  deleteSession: async ({ sessionId }) => {
    const deleted = await store.delete(sessionId);
    panels.notify({ type: 'sessions-changed' });
    return { deleted };
  },
  getDiagnostics: async () => diagnostics.snapshot(),
  getSettings: async () => ({ settings: await settings.get(), problems: settings.problems() }),
  setSettings: async ({ settings: value }) => ({ settings: await settings.save(value) }),
  reportProblems: async ({ sessionId, problems }) => {
    for (const p of problems) diagnostics.report('corrupt-chunk', `session ${sessionId}: ${p}`);
    return { counted: problems.length };
  },
};
const panels = new PanelPorts(handlers, diagnostics);

const recording: Recording = new Recording({
  tabs: new TabStates(browser.storage.session),
  store,
  settings: () => settings.get(),
  diagnostics,
  send: (tabId, message) => recorders.sendToTab(tabId, message),
  wake: (tabId) => wakeTab(tabId),
  tabInfo: async (tabId) => {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    return tab ? { url: tab.url ?? '', title: tab.title ?? '' } : null;
  },
  notify: (notice) => panels.notify(notice),
});
const recorders = new RecorderPorts({ hello: (t, m) => recording.hello(t, m), batch: (t, b, m) => recording.batch(t, b, m) }, diagnostics);

browser.runtime.onConnect.addListener((port) => {
  if (port.name === PORT_NAMES.recorder) recorders.accept(port);
  else if (port.name === PORT_NAMES.panel) panels.accept(port);
  else port.disconnect();
});

browser.tabs.onRemoved.addListener((tabId) => void recording.stop(tabId, 'tab-closed'));
browser.storage.onChanged.addListener((changes, area) => settings.onStorageChanged(changes, area));
settings.subscribe((next) => void recording.reconfigure(next));
browser.commands.onCommand.addListener(async (command) => {
  if (command !== COMMANDS.toggleRecording) return;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id !== undefined) await recording.toggle(tab.id);
});

// Worker start: sessions whose tab (or whole browser) went away while the worker was down are interrupted.
void (async () => {
  const tabs = await browser.tabs.query({});
  await recording.reconcile(new Set(tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]))));
})().catch((e: unknown) => diagnostics.report('startup', String(e)));
