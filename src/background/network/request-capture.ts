/**
 * Network capture for recorded tabs: webRequest observations joined with the page wrapper's records,
 * redacted, then stored as a request record plus a performanceSpan in the session. Also owns each tab's
 * DNR rules and reports the origins where propagation failed (with a diagnostic that says how to fix the
 * server). It follows `events.recordingChanged` and announces failures on `events.originBlocked`.
 */
import { formatTraceparent } from '../../shared/trace/traceparent';
import { randomHex } from '../../shared/random-ids';
import { pageEventSchema, type DiagnosticsSnapshot, type NetworkUp } from '../../shared/protocol';
import type { BackgroundDeps } from '../deps';
import type { TabRecordingChanged } from '../tab-events';
import { DnrRules, type DnrApi } from './dnr';
import { Joiner, type Joined } from './joiner';
import type { WrapperRecord } from './observation';
import { checkRefusal, MAX_BLOCKED_ORIGINS, refusalMessage, type RefusalClaim } from './refusal';
import { buildRequestRecord, requestSpan } from './request-record';
import { WebRequestObserver, type WebRequestEvents } from './web-request';

export interface RequestCaptureDeps extends BackgroundDeps {
  dnr: DnrApi;
}

/** Requests one tab may have started and not ended: a page cannot grow the worker's memory without end. */
export const MAX_STARTED_PER_TAB = 1000;
const STARTED_TTL_MS = 10 * 60_000;

export class RequestCapture {
  private readonly sessions = new Map<number, string>();
  /** Sessions that just ended, by id: the page's last request records may still be on their way. */
  private readonly recentlyEnded = new Map<string, { tabId: number; at: number }>();
  /** Per tab, the wrapper's records that started and await their end (in arrival order), and when they came. */
  private readonly started = new Map<number, Map<string, { rec: WrapperRecord; at: number }>>();
  /** Per session, the origins it blocked (announced once each, at most MAX_BLOCKED_ORIGINS). */
  private readonly blockedBy = new Map<string, Set<string>>();
  private readonly joiner = new Joiner((j) => void this.write(j), {
    // A streamed response's record waits for its request, which webRequest still has in flight.
    inFlight: () => this.observer.inFlight(),
    sessionEnded: (sessionId) => this.recentlyEnded.has(sessionId),
  });
  private readonly observer = new WebRequestObserver(
    (tabId) => this.sessions.get(tabId) ?? null,
    (obs) => {
      if (obs.type === 'main_frame') void this.renewDocumentTraceparent(obs.tabId);
      this.joiner.observation(obs);
    },
  );
  private readonly rules: DnrRules;
  private readonly pageOrigins = new Map<number, Set<string>>();

  constructor(private readonly deps: RequestCaptureDeps) {
    this.rules = new DnrRules(deps.dnr);
    deps.events.recordingChanged.on((change) => this.follow(change));
  }

  listen(events: WebRequestEvents): void {
    this.observer.listen(events);
  }

  /** How webRequest listens, to which tabs, and how many events it delivered since the worker started (diagnostics). */
  get webRequest(): Pick<DiagnosticsSnapshot, 'webRequest' | 'webRequestTabs' | 'webRequestEvents'> {
    return {
      webRequest: this.observer.mode,
      webRequestTabs: this.observer.tabs,
      webRequestEvents: this.observer.delivered,
    };
  }

  /** A tab started (or continues) recording into a session, or stopped. */
  private async follow({ tabId, rec, pageUrl }: TabRecordingChanged): Promise<void> {
    const sessionId = rec?.sessionId;
    if (!sessionId) {
      const ended = this.sessions.get(tabId);
      if (ended) this.ended(ended, tabId);
      this.sessions.delete(tabId);
      this.pageOrigins.delete(tabId);
      this.listenForTabs();
      await this.rules.remove(tabId).catch((e: unknown) => this.deps.diagnostics.report('dnr', String(e)));
      return;
    }
    const previous = this.sessions.get(tabId);
    const changed = previous !== sessionId;
    // A tab can go straight to a new session (a saved instant replay, Start replacing the buffer): the old
    // one's last request records are still on their way.
    if (previous && changed) this.ended(previous, tabId);
    this.recentlyEnded.delete(sessionId);
    this.sessions.set(tabId, sessionId);
    this.listenForTabs();
    const origins = this.pageOrigins.get(tabId) ?? new Set<string>();
    const before = origins.size;
    const origin = pageUrl && /^https?:/.test(pageUrl) ? new URL(pageUrl).origin : null;
    if (origin) origins.add(origin);
    this.pageOrigins.set(tabId, origins);
    if (changed || origins.size !== before) await this.installRules(tabId);
  }

  /**
   * The worker knows which tabs record (worker start is over): webRequest listens only if one does. Until
   * then it listens as registered at the top level.
   */
  settled(): void {
    this.listenForTabs();
  }

  /** Listening costs every request seen (web-request.ts): only recording tabs', with extraHeaders; none when idle. */
  private listenForTabs(): void {
    this.observer.follow(this.sessions.keys());
  }

  /** A session stopped recording in this tab (stop, tab closed, or straight into another session). */
  private ended(sessionId: string, tabId: number): void {
    this.recentlyEnded.set(sessionId, { tabId, at: Date.now() });
    // Streams still open are stored now, not when (or if) they end.
    this.joiner.flush(sessionId);
  }

  /** Network events the tab's recorder forwarded from the page wrapper. */
  async pageEvents(tabId: number, msg: NetworkUp): Promise<void> {
    if (!this.belongs(tabId, msg.sessionId)) return;
    for (const raw of msg.events) {
      const parsed = pageEventSchema.safeParse(raw);
      if (!parsed.success) {
        this.deps.diagnostics.report(
          'malformed-network-event',
          `tab ${tabId}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        );
        continue;
      }
      const e = parsed.data;
      const key = `${msg.sessionId}:${msg.pageId}:${'id' in e ? e.id : ''}`;
      const started = this.startedOf(tabId);
      if (e.kind === 'request-start') {
        this.sweepStarted(started);
        started.set(key, {
          at: this.deps.now(),
          rec: {
            id: `${msg.pageId}:${e.id}`,
            sessionId: msg.sessionId,
            tabId,
            api: e.api,
            method: e.method,
            url: e.url,
            startTs: e.ts,
            endTs: null,
            status: null,
            traceId: e.traceId ?? null,
            spanId: e.spanId ?? null,
            injected: e.injected,
            adopted: e.adopted,
            retried: false,
            error: null,
          },
        });
      } else if (e.kind === 'request-end') {
        const rec = started.get(key)?.rec;
        if (!rec) continue;
        started.delete(key);
        this.joiner.wrapper({
          ...rec,
          endTs: e.ts,
          status: e.status,
          retried: e.retried ?? false,
          error: e.error ?? null,
          ...(e.responseBody !== undefined ? { responseBody: e.responseBody, responseType: e.responseType } : {}),
        });
      } else if (e.kind === 'propagation-failed') {
        await this.propagationFailed(tabId, msg.sessionId, e);
      }
    }
  }

  private startedOf(tabId: number): Map<string, { rec: WrapperRecord; at: number }> {
    const started = this.started.get(tabId) ?? new Map<string, { rec: WrapperRecord; at: number }>();
    this.started.set(tabId, started);
    return started;
  }

  /** How many of the tab's requests wait for their end (diagnostics, tests). */
  pendingStarts(tabId: number): number {
    return this.started.get(tabId)?.size ?? 0;
  }

  /**
   * Requests whose end never came (cut off by a navigation) are forgotten after ten minutes of the worker's
   * clock (the page's can say anything), and the oldest go first when a tab has too many.
   */
  private sweepStarted(started: Map<string, { at: number }>): void {
    if (started.size >= 200) {
      const now = this.deps.now();
      for (const [key, s] of started) if (now - s.at > STARTED_TTL_MS) started.delete(key);
    }
    for (const key of started.keys()) {
      if (started.size < MAX_STARTED_PER_TAB) break;
      started.delete(key);
    }
  }

  private belongs(tabId: number, sessionId: string): boolean {
    if (this.sessions.get(tabId) === sessionId) return true;
    const now = Date.now();
    for (const [id, e] of this.recentlyEnded) {
      if (now - e.at <= 30_000) continue;
      this.recentlyEnded.delete(id);
      this.blockedBy.delete(id);
    }
    return this.recentlyEnded.get(sessionId)?.tabId === tabId;
  }

  /** The page says a preflight refused our headers: checked (refusal.ts) before an origin is blocked or anyone told. */
  private async propagationFailed(tabId: number, sessionId: string, claim: RefusalClaim): Promise<void> {
    const { network } = await this.deps.settings();
    const refusal = checkRefusal(claim, {
      targets: network.targets,
      pageOrigins: this.pageOrigins.get(tabId) ?? new Set(),
    });
    if ('rejected' in refusal)
      return this.deps.diagnostics.report('propagation-failed-ignored', `tab ${tabId}: ${refusal.rejected}`);
    const blocked = this.blockedBy.get(sessionId) ?? new Set<string>();
    this.blockedBy.set(sessionId, blocked);
    if (blocked.has(refusal.origin)) return;
    if (blocked.size >= MAX_BLOCKED_ORIGINS)
      return this.deps.diagnostics.report('propagation-failed-ignored', `tab ${tabId}: too many blocked origins`);
    blocked.add(refusal.origin);
    await this.deps.events.originBlocked.emit({ tabId, origin: refusal.origin });
    const message = refusalMessage(refusal);
    this.deps.diagnostics.warn('propagation-failed', message);
    this.deps.notify({ type: 'warning', message });
  }

  private async installRules(tabId: number): Promise<void> {
    const sessionId = this.sessions.get(tabId);
    if (!sessionId) return;
    const settings = await this.deps.settings();
    const own = [...(this.pageOrigins.get(tabId) ?? [])].map((o) => `${o}/*`);
    await this.rules
      .install({
        tabId,
        replayId: sessionId,
        urls: [...own, ...settings.network.replayIdHeaderUrls],
        documentTraceparent: settings.network.documentTraceparent
          ? formatTraceparent({ traceId: randomHex(16), spanId: randomHex(8), sampled: true })
          : null,
      })
      .catch((e: unknown) => this.deps.diagnostics.report('dnr', `tab ${tabId}: ${String(e)}`));
  }

  /** Each document request used the traceparent in the rule: the next one gets a fresh trace. */
  private async renewDocumentTraceparent(tabId: number): Promise<void> {
    if ((await this.deps.settings()).network.documentTraceparent) await this.installRules(tabId);
  }

  private async write({ obs, wrapper }: Joined): Promise<void> {
    try {
      const { network } = await this.deps.settings();
      const record = buildRequestRecord(obs, wrapper, {
        headers: network.redactHeaders,
        queryParams: network.redactQueryParams,
        bodies: network.bodies,
      });
      await this.deps.store.appendRequest(record, requestSpan(record));
    } catch (e) {
      this.deps.diagnostics.report('network-write', e instanceof Error ? e.message : String(e));
    }
  }
}
