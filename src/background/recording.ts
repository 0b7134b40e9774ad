/**
 * Decides which tab records into which session: starts and stops recordings (panel, popup, shortcut,
 * autoRecord), answers each document's hello, stores its batches and ends sessions whose tab closed.
 */
import { newSessionId } from '../shared/ids';
import type { Batch, Hello, PanelNotice, RecordConfig, RecorderDown, TabState } from '../shared/protocol';
import type { SessionTrigger } from '../shared/model';
import { matchesAny } from '../shared/url-match';
import type { Settings } from '../shared/settings';
import type { Diagnostics } from './diagnostics';
import type { BatchMeta, SessionStore } from './session-store';
import type { TabStates } from './tab-state';

export interface RecordingDeps {
  tabs: TabStates;
  store: SessionStore;
  settings: () => Promise<Settings>;
  diagnostics: Diagnostics;
  /** Sends to the tab's connected recorders; returns how many received it. */
  send: (tabId: number, message: RecorderDown) => number;
  /** Makes a tab's content script connect (it may be idle, or absent on a page loaded before install). */
  wake: (tabId: number) => Promise<void>;
  tabInfo: (tabId: number) => Promise<{ url: string; title: string } | null>;
  notify: (notice: PanelNotice) => void;
  now?: () => number;
}

export function recordConfig(settings: Settings): RecordConfig {
  return {
    privacy: settings.privacy,
    checkoutEveryMs: Math.round(settings.recording.checkoutEveryMinutes * 60_000),
    batchMaxMs: settings.recording.batchMaxMs,
    batchMaxBytes: settings.recording.batchMaxBytes,
  };
}

export class Recording {
  private readonly now: () => number;
  /** Per-tab queue: a click on Start racing an autoRecord hello must not open two sessions. */
  private readonly locks = new Map<number, Promise<unknown>>();

  constructor(private readonly deps: RecordingDeps) {
    this.now = deps.now ?? Date.now;
  }

  private exclusive<T>(tabId: number, fn: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(tabId) ?? Promise.resolve()).then(fn);
    const settled = run.catch(() => {});
    this.locks.set(tabId, settled);
    void settled.then(() => {
      if (this.locks.get(tabId) === settled) this.locks.delete(tabId);
    });
    return run;
  }

  async state(tabId: number): Promise<TabState> {
    const rec = await this.deps.tabs.get(tabId);
    return { tabId, recording: !!rec, sessionId: rec?.sessionId ?? null };
  }

  start(tabId: number, trigger: SessionTrigger, page?: { url: string; title: string }): Promise<TabState> {
    return this.exclusive(tabId, () => this.startNow(tabId, trigger, page));
  }

  stop(tabId: number, reason: 'stopped' | 'tab-closed' = 'stopped'): Promise<TabState> {
    return this.exclusive(tabId, () => this.stopNow(tabId, reason));
  }

  toggle(tabId: number): Promise<TabState> {
    return this.exclusive(tabId, async () =>
      (await this.deps.tabs.get(tabId)) ? this.stopNow(tabId, 'stopped') : this.startNow(tabId, 'manual'),
    );
  }

  /** A document connected: tell it to record (continuing the tab's session), to stop, or nothing. */
  hello(tabId: number, hello: Hello): Promise<RecorderDown | null> {
    return this.exclusive(tabId, async () => {
      let rec = await this.deps.tabs.get(tabId);
      if (!rec && (await this.autoRecords(hello.url))) {
        await this.startNow(tabId, 'auto', { url: hello.url, title: hello.title });
        rec = await this.deps.tabs.get(tabId);
      }
      if (rec) return { type: 'record', sessionId: rec.sessionId, config: recordConfig(await this.deps.settings()) };
      return hello.sessionId ? { type: 'stop', sessionId: hello.sessionId } : null;
    });
  }

  private async startNow(tabId: number, trigger: SessionTrigger, page?: { url: string; title: string }): Promise<TabState> {
    const existing = await this.deps.tabs.get(tabId);
    if (existing) return this.state(tabId);
    const info = page ?? (await this.deps.tabInfo(tabId)) ?? { url: '', title: '' };
    const now = this.now();
    const sessionId = newSessionId();
    // Tab state first: a worker restart in between must find the session live, not interrupt it.
    await this.deps.tabs.set(tabId, { sessionId, startedAt: now });
    const session = await this.deps.store.create({ id: sessionId, tabId, trigger, url: info.url, title: info.title, now });
    const config = recordConfig(await this.deps.settings());
    if (this.deps.send(tabId, { type: 'record', sessionId: session.id, config }) === 0) {
      await this.deps.wake(tabId).catch((e: unknown) => this.deps.diagnostics.report('wake-failed', `tab ${tabId}: ${String(e)}`));
    }
    return this.changed(tabId);
  }

  private async stopNow(tabId: number, reason: 'stopped' | 'tab-closed'): Promise<TabState> {
    const rec = await this.deps.tabs.get(tabId);
    if (!rec) return this.state(tabId);
    await this.deps.tabs.set(tabId, undefined);
    if (reason === 'stopped') this.deps.send(tabId, { type: 'stop', sessionId: rec.sessionId });
    await this.deps.store.finish(rec.sessionId, 'complete', this.now());
    return this.changed(tabId);
  }

  async batch(tabId: number, batch: Batch, meta: BatchMeta): Promise<RecorderDown> {
    const { sessionId, pageId, seq } = batch;
    const session = await this.deps.store.get(sessionId);
    // A document may only write into a session of its own tab.
    if (!session || session.tabId !== tabId) {
      this.deps.diagnostics.report('unknown-session', `tab ${tabId} sent a batch for session ${sessionId}`);
      return { type: 'reject', sessionId, pageId, seq, error: 'unknown session' };
    }
    const result = await this.deps.store.append(batch, meta);
    if (result === 'unknown-session') return { type: 'reject', sessionId, pageId, seq, error: 'session was deleted' };
    if (result === 'stored' && seq === 0) this.deps.notify({ type: 'sessions-changed' });
    return { type: 'ack', sessionId, pageId, seq };
  }

  /** Settings changed: recorders restart with the new options (a fresh full snapshot follows). */
  async reconfigure(settings: Settings): Promise<void> {
    const config = recordConfig(settings);
    for (const [tabId, rec] of Object.entries(await this.deps.tabs.all())) {
      this.deps.send(Number(tabId), { type: 'record', sessionId: rec.sessionId, config });
    }
  }

  /** On worker start: sessions left 'recording' by a dead tab or browser become interrupted. */
  async reconcile(liveTabIds: ReadonlySet<number>): Promise<void> {
    const live = new Set<string>();
    for (const [tabId, rec] of Object.entries(await this.deps.tabs.all())) {
      if (liveTabIds.has(Number(tabId))) live.add(rec.sessionId);
      else await this.deps.tabs.set(Number(tabId), undefined);
    }
    const interrupted = await this.deps.store.interruptAllExcept(live);
    if (interrupted.length) this.deps.notify({ type: 'sessions-changed' });
  }

  private async autoRecords(url: string): Promise<boolean> {
    const patterns = (await this.deps.settings()).autoRecord;
    return patterns.length > 0 && matchesAny(url, patterns);
  }

  private async changed(tabId: number): Promise<TabState> {
    const state = await this.state(tabId);
    this.deps.notify({ type: 'tab-state', state });
    this.deps.notify({ type: 'sessions-changed' });
    return state;
  }
}
