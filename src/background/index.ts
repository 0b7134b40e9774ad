/**
 * The service worker only wires: it creates the modules in dependency order and registers every listener
 * synchronously at the top level (Chrome delivers the event that woke the worker only to listeners present
 * after the first run). The features live in their own modules.
 */
import browser from 'webextension-polyfill';
import { openTandemDb, type TandemDb } from '../shared/db/schema';
import { PORT_NAMES } from '../shared/protocol';
import { activeTabId, openTabIds, tabInfo, wakeTab } from './browser-tabs';
import { Compaction } from './compaction/compaction';
import type { BackgroundDeps } from './deps';
import { Diagnostics } from './diagnostics';
import { Ingest } from './ingest';
import { Lifecycle } from './lifecycle';
import { RequestCapture } from './network/request-capture';
import { panelApi } from './panel-api';
import { PanelPorts } from './panel-ports';
import { RecorderPorts, type RecorderHandlers } from './recorder-ports';
import { Retention } from './retention';
import { SettingsStore } from './settings-store';
import { restrictToExtension } from './storage-access';
import { Shortcuts } from './shortcuts';
import { SessionStore } from './store/session-store';
import { TabEvents } from './tab-events';
import { TabRecordings } from './tab-recordings';
import { TabStates } from './tab-state';
import { TraceFetcher } from './traces/fetcher';
import { SpotlightSource } from './traces/spotlight-source';
import { TraceJobs } from './traces/trace-jobs';

let opened: Promise<TandemDb> | null = null;
const diagnostics = new Diagnostics();
void restrictToExtension(browser.storage.local as Parameters<typeof restrictToExtension>[0], (message) =>
  diagnostics.report('storage-access', message),
);
void diagnostics.persistTo(browser.storage.local);
const settings = new SettingsStore(browser.storage.local, diagnostics);
const redactQueryParams = async () => (await settings.get()).network.redactQueryParams;
const store = new SessionStore(() => (opened ??= openTandemDb()), {
  onFallback: (reason) => diagnostics.report('compression-fallback', reason),
  // Request records out of quota evict like batches do (Ingest's policy and warning).
  makeRoom: async () => {
    const victim = await retention.evictOldest();
    if (victim) ingest.reportEvicted([victim.id], 'the browser ran out of storage quota');
    return victim !== null;
  },
  redactQueryParams,
});
const panels = new PanelPorts(diagnostics);
const recorders = new RecorderPorts(diagnostics, redactQueryParams);
const deps: BackgroundDeps = {
  store,
  settings: () => settings.get(),
  diagnostics,
  notify: (notice) => panels.notify(notice),
  events: new TabEvents(),
  now: Date.now,
};

const retention = new Retention(store);
const network = new RequestCapture({ ...deps, dnr: browser.declarativeNetRequest });
// Registered now, at the top level: webRequest events must be able to wake the worker (replaced by one
// registration per recording tab, or none, once the worker knows which tabs record: network/web-request.ts).
network.listen(browser.webRequest);
const recordings = new TabRecordings({
  ...deps,
  tabs: new TabStates(browser.storage.session),
  retention,
  send: (tabId, message) => recorders.sendToTab(tabId, message),
  wake: wakeTab,
  tabInfo,
  openTabs: openTabIds,
  manifestVersion: browser.runtime.getManifest().version,
});
const ingest = new Ingest({ ...deps, retention });
const fetcher = new TraceFetcher({
  fetch: (url, init) => fetch(url, init),
  now: Date.now,
  sleep: (ms) => new Promise((wake) => setTimeout(wake, ms)),
});
const spotlight = new SpotlightSource({
  ...deps,
  statuses: fetcher.statuses,
  fetch: (url, init) => fetch(url, init),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
});
const traces = new TraceJobs({ ...deps, fetcher, spotlight });
traces.listen();
const shortcuts = new Shortcuts({ recordings, notify: deps.notify, activeTab: activeTabId });
const compaction = new Compaction(deps);
compaction.listen();
const lifecycle = new Lifecycle({ alarms: browser.alarms, recordings, network, diagnostics, compaction });

const panelHandlers = panelApi({ ...deps, recordings, network, settingsStore: settings, traces });
const recorderHandlers: RecorderHandlers = {
  hello: (tabId, hello) => recordings.hello(tabId, hello),
  batch: (tabId, batch, meta) => ingest.batch(tabId, batch, meta),
  network: (tabId, message) => network.pageEvents(tabId, message),
};

browser.runtime.onConnect.addListener((port) => {
  if (port.name === PORT_NAMES.recorder) recorders.accept(port, recorderHandlers);
  else if (port.name === PORT_NAMES.panel) panels.accept(port, panelHandlers);
  else port.disconnect();
});
browser.tabs.onRemoved.addListener((tabId) => {
  ingest.forgetTab(tabId);
  void recordings.stop(tabId, 'tab-closed');
});
browser.storage.onChanged.addListener((changes, area) => settings.onStorageChanged(changes, area));
settings.subscribe((next) => {
  void recordings.reconfigure(next);
  spotlight.reconfigure(next.traces.spotlight);
});
browser.commands.onCommand.addListener((command) => void shortcuts.run(command));
browser.alarms.onAlarm.addListener((alarm) => void lifecycle.alarm(alarm.name));

void lifecycle.start();
// Spotlight's buffer holds what its backends sent while the worker slept: read it now.
void spotlight.ensure();
