/**
 * Decides which tab records into which session: starts and stops recordings (panel, popup, shortcut,
 * autoRecord), keeps each tab's instant-replay buffer when enabled, answers each document's hello,
 * enforces the idle and length limits, and ends sessions whose tab closed. Every change of a tab's
 * recording is announced on `events.recordingChanged`.
 */
import { newSessionId } from '../shared/random-ids';
import type { EndReason, SessionTrigger } from '../shared/model';
import type { Hello, RecordMode, RecorderDown, TabState } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { matchesAny } from '../shared/url-match';
import type { BackgroundDeps } from './deps';
import { recordConfig } from './record-config';
import type { Retention } from './retention';
import type { TabRecording, TabStates } from './tab-state';
import { reconcileTabs, stopOverLimits } from './tab-upkeep';

export interface TabRecordingsDeps extends BackgroundDeps {
  tabs: TabStates;
  retention: Retention;
  /** Sends to the tab's connected recorders; returns how many received it. */
  send: (tabId: number, message: RecorderDown) => number;
  /** Makes a tab's content script connect (it may be idle, or absent on a page loaded before install). */
  wake: (tabId: number) => Promise<void>;
  tabInfo: (tabId: number) => Promise<{ url: string; title: string } | null>;
  /** The ids of the browser's open tabs. */
  openTabs: () => Promise<number[]>;
  manifestVersion?: string;
}

const RECORDABLE = /^https?:/i;
const MAX_BLOCKED = 20;

export class TabRecordings {
  /** Per-tab queue: a click on Start racing an autoRecord hello must not open two sessions. */
  private readonly locks = new Map<number, Promise<unknown>>();

  constructor(private readonly deps: TabRecordingsDeps) {
    deps.events.originBlocked.on(({ tabId, origin }) => this.block(tabId, origin));
    deps.events.sizeCapReached.on(({ tabId, sessionId, mode }) => this.overCap(tabId, sessionId, mode));
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
    const recording = rec?.mode === 'record';
    const { instantReplay } = await this.deps.settings();
    return {
      tabId,
      recording,
      sessionId: recording ? rec.sessionId : null,
      buffering: rec?.mode === 'buffer',
      bufferMinutes: instantReplay.enabled ? instantReplay.minutes : null,
    };
  }

  start(tabId: number, trigger: SessionTrigger, page?: { url: string; title: string }): Promise<TabState> {
    return this.exclusive(tabId, () => this.startNow(tabId, trigger, 'record', page));
  }

  /** Ends the tab's recording. A tab that only buffers keeps its buffer, unless the tab closed. */
  stop(tabId: number, reason: EndReason = 'stopped'): Promise<TabState> {
    return this.exclusive(tabId, async () => {
      const rec = await this.deps.tabs.get(tabId);
      if (rec?.mode === 'buffer' && reason !== 'tab-closed') return this.state(tabId);
      return this.stopNow(tabId, reason);
    });
  }

  toggle(tabId: number): Promise<TabState> {
    return this.exclusive(tabId, async () =>
      (await this.deps.tabs.get(tabId))?.mode === 'record'
        ? this.stopNow(tabId, 'stopped')
        : this.startNow(tabId, 'manual', 'record'),
    );
  }

  /** Instant replay: the tab's buffer, cut to the last N minutes, becomes a saved session; a new buffer begins. */
  saveBuffer(tabId: number): Promise<{ sessionId: string }> {
    return this.exclusive(tabId, async () => {
      const settings = await this.deps.settings();
      const rec = await this.deps.tabs.get(tabId);
      if (!settings.instantReplay.enabled) throw new Error('Instant replay is off: turn it on in the settings first.');
      if (rec?.mode !== 'buffer')
        throw new Error(
          rec
            ? 'This tab is being recorded; its session is saved when you stop.'
            : 'This tab has no instant-replay buffer.',
        );
      const now = this.deps.now();
      // Saved first: from here on it is a session of the library, and a worker restart (which drops what is
      // still a buffer) or a failed write below cannot take it. Events the page still sends for it land as a
      // stopped session's late batches do.
      await this.deps.store.update(rec.sessionId, (s) => ({
        ...s,
        status: 'complete',
        trigger: 'instant-replay',
        endReason: 'saved',
        endedAt: now,
      }));
      this.deps.notify({ type: 'sessions-changed' });
      // A cut that fails leaves the saved session longer than asked, never shorter.
      await this.deps.retention
        .cutBuffer(rec.sessionId, now - settings.instantReplay.minutes * 60_000, true)
        .catch((e: unknown) => this.deps.diagnostics.report('buffer-cut-failed', `${rec.sessionId}: ${String(e)}`));
      // Then a fresh buffer: the old document flushes its last events into the saved one.
      await this.startNow(tabId, 'auto', 'buffer', undefined, true);
      return { sessionId: rec.sessionId };
    });
  }

  /** A document connected: tell it to record (continuing the tab's session), to stop, or nothing. */
  hello(tabId: number, hello: Hello): Promise<RecorderDown | null> {
    return this.exclusive(tabId, async () => {
      let rec = await this.deps.tabs.get(tabId);
      const settings = await this.deps.settings();
      if (rec?.mode !== 'record' && settings.autoRecord.length > 0 && matchesAny(hello.url, settings.autoRecord)) {
        await this.startNow(tabId, 'auto', 'record', { url: hello.url, title: hello.title });
      } else if (!rec && settings.instantReplay.enabled && RECORDABLE.test(hello.url)) {
        await this.startNow(tabId, 'auto', 'buffer', { url: hello.url, title: hello.title });
      }
      rec = await this.deps.tabs.get(tabId);
      if (rec) await this.deps.events.recordingChanged.emit({ tabId, rec, pageUrl: hello.url });
      if (rec) return this.recordMessage(rec, settings);
      return hello.sessionId ? { type: 'stop', sessionId: hello.sessionId } : { type: 'idle' };
    });
  }

  /** Settings changed: recorders restart with the new options; buffers follow instantReplay.enabled. */
  async reconfigure(settings: Settings): Promise<void> {
    const all = await this.deps.tabs.all();
    for (const [tabId, rec] of Object.entries(all)) {
      const id = Number(tabId);
      if (rec.mode === 'buffer' && !settings.instantReplay.enabled) {
        await this.exclusive(id, () => this.stopNow(id, 'stopped'));
        continue;
      }
      this.deps.send(id, await this.recordMessage(rec, settings));
    }
    if (settings.instantReplay.enabled) {
      for (const id of (await this.deps.openTabs()).filter((t) => !all[String(t)])) {
        await this.exclusive(id, async () => {
          const info = await this.deps.tabInfo(id);
          if (info && RECORDABLE.test(info.url) && !(await this.deps.tabs.get(id)))
            await this.startNow(id, 'auto', 'buffer', info);
        });
      }
    }
  }

  /** Ends recordings that went idle or ran past their maximum length (checked by a periodic alarm). */
  enforceLimits(): Promise<void> {
    return stopOverLimits(this.deps, (tabId, reason) => this.stop(tabId, reason));
  }

  /** A preflight refused our headers at `origin` (`events.originBlocked`): none there for the rest of the session. */
  private block(tabId: number, origin: string): Promise<void> {
    return this.exclusive(tabId, async () => {
      const rec = await this.deps.tabs.get(tabId);
      // Network capture admits only checked refusals (network/refusal.ts), at most 20 per session; this is the
      // second line: a tab's state never grows past that, whatever reaches here.
      if (!rec || rec.blockedOrigins?.includes(origin) || (rec.blockedOrigins?.length ?? 0) >= MAX_BLOCKED) return;
      const next = { ...rec, blockedOrigins: [...(rec.blockedOrigins ?? []), origin] };
      await this.deps.tabs.set(tabId, next);
      this.deps.send(tabId, await this.recordMessage(next, await this.deps.settings()));
    });
  }

  /**
   * A session passed its size cap (Ingest): a recording stops and says why; a buffer whose newest replayable
   * part alone is over its cap starts afresh (a new buffer begins with a full snapshot), dropping the old one.
   * Nothing else is touched: a flooding page costs only its own tab's data.
   */
  private overCap(tabId: number, sessionId: string, mode: 'buffer' | 'record'): Promise<void> {
    return this.exclusive(tabId, async () => {
      const rec = await this.deps.tabs.get(tabId);
      if (rec?.sessionId !== sessionId || rec.mode !== mode) return;
      const settings = await this.deps.settings();
      if (mode === 'record') {
        const message =
          `Recording stopped: the session reached its size cap of ${settings.recording.maxSessionMB} MB ` +
          '(recording.maxSessionMB). What was recorded until then is kept.';
        this.deps.diagnostics.warn('size-cap', message);
        this.deps.notify({ type: 'warning', message });
        await this.stopNow(tabId, 'max-size');
        return;
      }
      this.deps.diagnostics.report(
        'buffer-restarted',
        `tab ${tabId}: the buffer's newest part passed ${settings.instantReplay.maxMB} MB; a new buffer began`,
      );
      await this.stopNow(tabId, 'stopped');
      await this.startNow(tabId, 'auto', 'buffer');
    });
  }

  /** On worker start: sessions left live by a dead tab or browser become interrupted (buffers are dropped). */
  reconcile(): Promise<void> {
    return reconcileTabs(this.deps);
  }

  private async recordMessage(rec: TabRecording, settings: Settings): Promise<RecorderDown> {
    const session = await this.deps.store.get(rec.sessionId);
    return {
      type: 'record',
      sessionId: rec.sessionId,
      mode: rec.mode,
      newSession: !session || session.chunkCount === 0,
      config: recordConfig(settings, rec, this.deps.manifestVersion),
    };
  }

  private async startNow(
    tabId: number,
    trigger: SessionTrigger,
    mode: RecordMode,
    page?: { url: string; title: string },
    keepOld = false,
  ): Promise<TabState> {
    const existing = await this.deps.tabs.get(tabId);
    if (existing?.mode === mode && !keepOld) return this.state(tabId);
    // A recording replaces the tab's buffer; the buffer's data is not kept.
    if (existing && !keepOld) await this.endSession(existing, 'stopped');
    const info = page ?? (await this.deps.tabInfo(tabId)) ?? { url: '', title: '' };
    const now = this.deps.now();
    const sessionId = newSessionId();
    const rec: TabRecording = { sessionId, startedAt: now, mode };
    // Tab state first: a worker restart in between must find the session live, not interrupt it. A session
    // that cannot be created takes the tab state back, so the tab never records into nothing (a saved buffer's
    // tab then has none until its next document says hello).
    await this.deps.tabs.set(tabId, rec);
    try {
      await this.deps.store.create({
        id: sessionId,
        tabId,
        trigger,
        buffer: mode === 'buffer',
        url: info.url,
        title: info.title,
        now,
      });
    } catch (e) {
      await this.deps.tabs.set(tabId, undefined);
      throw e;
    }
    await this.deps.events.recordingChanged.emit({ tabId, rec, pageUrl: info.url });
    const message = await this.recordMessage(rec, await this.deps.settings());
    if (this.deps.send(tabId, message) === 0) {
      await this.deps
        .wake(tabId)
        .catch((e: unknown) => this.deps.diagnostics.report('wake-failed', `tab ${tabId}: ${String(e)}`));
    }
    return this.changed(tabId);
  }

  private async stopNow(tabId: number, reason: EndReason): Promise<TabState> {
    const rec = await this.deps.tabs.get(tabId);
    if (!rec) return this.state(tabId);
    await this.deps.tabs.set(tabId, undefined);
    await this.deps.events.recordingChanged.emit({ tabId, rec: undefined });
    if (reason !== 'tab-closed') this.deps.send(tabId, { type: 'stop', sessionId: rec.sessionId });
    await this.endSession(rec, reason);
    // After a recording, the tab goes back to buffering when instant replay is on.
    if (rec.mode === 'record' && reason !== 'tab-closed' && (await this.deps.settings()).instantReplay.enabled) {
      await this.startNow(tabId, 'auto', 'buffer');
    }
    return this.changed(tabId);
  }

  private async endSession(rec: TabRecording, reason: EndReason): Promise<void> {
    if (rec.mode === 'buffer') return void (await this.deps.store.deleteSession(rec.sessionId));
    try {
      await this.deps.store.finish(rec.sessionId, 'complete', reason, this.deps.now());
    } catch (e) {
      // Out of space even for the session record: it stays 'recording' until the next worker start
      // marks it interrupted (ended at its last stored event); nothing stored is lost.
      this.deps.diagnostics.report(
        'finish-failed',
        `session ${rec.sessionId}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  private async changed(tabId: number): Promise<TabState> {
    const state = await this.state(tabId);
    this.deps.notify({ type: 'tab-state', state });
    this.deps.notify({ type: 'sessions-changed' });
    return state;
  }
}
