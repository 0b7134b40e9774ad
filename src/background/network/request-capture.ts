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
import { buildRequestRecord, requestSpan } from './request-record';
import { WebRequestObserver, type WebRequestEvents } from './web-request';

export interface RequestCaptureDeps extends BackgroundDeps {
  dnr: DnrApi;
}

export class RequestCapture {
  private readonly sessions = new Map<number, string>();
  /** Sessions that just ended, by id: the page's last request records may still be on their way. */
  private readonly recentlyEnded = new Map<string, { tabId: number; at: number }>();
  private readonly started = new Map<string, WrapperRecord>();
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
      if (e.kind === 'request-start') {
        this.sweepStarted(e.ts);
        this.started.set(key, {
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
        });
      } else if (e.kind === 'request-end') {
        const rec = this.started.get(key);
        if (!rec) continue;
        this.started.delete(key);
        this.joiner.wrapper({
          ...rec,
          endTs: e.ts,
          status: e.status,
          retried: e.retried ?? false,
          error: e.error ?? null,
          ...(e.responseBody !== undefined ? { responseBody: e.responseBody, responseType: e.responseType } : {}),
        });
      } else if (e.kind === 'propagation-failed') {
        await this.propagationFailed(tabId, e.origin, e.method, e.headers, e.retried);
      }
    }
  }

  /** Requests whose end never came (cut off by a navigation) are forgotten after ten minutes. */
  private sweepStarted(now: number): void {
    if (this.started.size < 200) return;
    for (const [key, rec] of this.started) if (now - rec.startTs > 10 * 60_000) this.started.delete(key);
  }

  private belongs(tabId: number, sessionId: string): boolean {
    if (this.sessions.get(tabId) === sessionId) return true;
    const now = Date.now();
    for (const [id, e] of this.recentlyEnded) if (now - e.at > 30_000) this.recentlyEnded.delete(id);
    return this.recentlyEnded.get(sessionId)?.tabId === tabId;
  }

  private async propagationFailed(
    tabId: number,
    origin: string,
    method: string,
    headers: string[],
    retried: boolean,
  ): Promise<void> {
    await this.deps.events.originBlocked.emit({ tabId, origin });
    const message =
      `A ${method} request to ${origin} failed after Tandem added ${headers.join(', ')}: ` +
      "the server's CORS preflight does not allow them. " +
      `Tandem stopped adding headers for ${origin} in this session` +
      (retried
        ? ' and sent the request again without them. '
        : ' (this request was not retried: only GET and HEAD requests are, and not synchronous XHR). ') +
      `To fix it, answer OPTIONS from ${origin} with "Access-Control-Allow-Headers: ${headers.join(', ')}" ` +
      `(or remove ${origin} from the propagation targets).`;
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
