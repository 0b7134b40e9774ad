/**
 * The content script's link to the background, and its state machine: connect, say hello, record when told,
 * keep batches until they are acknowledged, and reconnect by itself when the service worker goes away. While
 * idle it keeps no port after a disconnect (that would keep the worker alive); the background wakes it when
 * needed. What the background sends is validated: a message that fails its schema is dropped and reported.
 */
import { newPageId } from '../shared/random-ids';
import {
  fitPage,
  PROTOCOL_VERSION,
  recorderDownSchema,
  type NetworkPageEvent,
  type RecordConfig,
  type RecordMode,
  type RecorderDown,
  type RecorderUp,
} from '../shared/protocol';
import type { Transport } from '../shared/transport';
import { Outbox } from './outbox';

export interface RecordingStart {
  sessionId: string;
  mode: RecordMode;
  /** This document starts the session (false when it continues one after a navigation or reload). */
  newSession: boolean;
}

export interface BackgroundLinkDeps {
  connect: () => Transport<unknown, RecorderUp>;
  /** `emit` takes each event as JSON (serialized once, where it was made). */
  startRecording: (config: RecordConfig, emit: (json: string) => void, start: RecordingStart) => () => void;
  /** The tab does not record (the page hooks can drop what they kept). */
  idle?: () => void;
  /** Only the network wrapper's config changed (an origin was blocked): no need to restart rrweb. */
  updateNetwork?: (config: RecordConfig) => void;
  page: () => { url: string; title: string };
  log?: (message: string) => void;
  /** A message from the background failed its schema and was dropped (a mismatched build, or a bug). */
  onInvalid?: (problem: string) => void;
}

interface Active {
  sessionId: string;
  configKey: string;
  outbox: Outbox;
  stopRecording: () => void;
}

const RECONNECT_DELAYS_MS = [0, 50, 200, 500, 1000, 2000];
/** Batches unacknowledged this long are offered again (the background had no room for them). */
const RESEND_AFTER_MS = 5000;
/**
 * While recording, a port message at least this often keeps the service worker alive (Chrome stops it
 * after 30 s without an event). A restarted worker observes no request until it has read which tabs
 * record, and the first request after a quiet spell is often the one that matters.
 */
export const KEEPALIVE_MS = 20_000;
/**
 * A `network` message's events as JSON characters at most: a response body may be 1 MiB, and 500 of them
 * would be over the 64 MiB a port message can carry (postMessage throws, and the records would wait forever).
 */
export const NETWORK_MAX_CHARS = 8 * 1024 * 1024;
const NETWORK_MAX_EVENTS = 500;

export class BackgroundLink {
  readonly pageId = newPageId();
  private transport: Transport<unknown, RecorderUp> | null = null;
  private active: Active | null = null;
  /** Outboxes of sessions that stopped but still hold unacknowledged batches. */
  private draining: Outbox[] = [];
  private reconnectAttempt = 0;

  private resendTimer: ReturnType<typeof setInterval> | null = null;
  private lastSentAt = 0;

  constructor(private readonly deps: BackgroundLinkDeps) {}

  /** While anything may be unacknowledged, offer it again now and then; idle pages run no timer. */
  private updateResendTimer(): void {
    const needed = this.active !== null || this.draining.length > 0;
    if (needed && !this.resendTimer) {
      this.resendTimer = setInterval(() => {
        if (!this.transport) return;
        this.active?.outbox.resend(RESEND_AFTER_MS);
        for (const o of this.draining) o.resend(RESEND_AFTER_MS);
        if (this.active && Date.now() - this.lastSentAt >= KEEPALIVE_MS - RESEND_AFTER_MS) this.send({ type: 'ping' });
      }, RESEND_AFTER_MS);
    } else if (!needed && this.resendTimer) {
      clearInterval(this.resendTimer);
      this.resendTimer = null;
    }
  }

  get sessionId(): string | null {
    return this.active?.sessionId ?? null;
  }

  connect(): void {
    if (this.transport) return;
    let transport: Transport<unknown, RecorderUp>;
    try {
      transport = this.deps.connect();
    } catch (e) {
      // The extension was reloaded or removed: this content script is orphaned for good, and so is
      // what it runs in the page (rrweb would otherwise keep costing the page for nothing).
      this.deps.log?.(`cannot connect: ${String(e)}`);
      this.stop();
      this.draining = [];
      this.updateResendTimer();
      return;
    }
    this.transport = transport;
    transport.listen((m) => this.receive(m));
    transport.onClose(() => this.disconnected(transport));
    const outbox = this.active?.outbox;
    this.send({
      type: 'hello',
      v: PROTOCOL_VERSION,
      pageId: this.pageId,
      ...fitPage(this.deps.page()),
      sessionId: this.active?.sessionId ?? null,
      lastSeq: outbox?.lastSeq ?? -1,
    });
    for (const o of this.draining) o.resend();
    outbox?.resend();
    this.flushNetwork();
  }

  private network: { sessionId: string; events: NetworkPageEvent[]; chars: number } | null = null;
  private networkTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * The wrapper's request records, sent in small batches without acknowledgement: what happened on the
   * wire is observed by the background itself; these only add the API, ids and bodies.
   */
  sendNetwork(sessionId: string, event: NetworkPageEvent): void {
    const chars = JSON.stringify(event).length;
    if (this.network && (this.network.sessionId !== sessionId || this.network.chars + chars > NETWORK_MAX_CHARS))
      this.flushNetwork();
    // Not sent (no connection) and of another session: dropped rather than filed under this one.
    if (this.network && this.network.sessionId !== sessionId) this.network = null;
    this.network ??= { sessionId, events: [], chars: 0 };
    // Without a connection the oldest records wait and later ones are dropped: webRequest saw those anyway.
    if (this.network.events.length < NETWORK_MAX_EVENTS && this.network.chars + chars <= NETWORK_MAX_CHARS) {
      this.network.events.push(event);
      this.network.chars += chars;
    }
    this.networkTimer ??= setTimeout(() => this.flushNetwork(), 100);
  }

  private flushNetwork(): void {
    if (this.networkTimer) clearTimeout(this.networkTimer);
    this.networkTimer = null;
    if (!this.network) return;
    if (
      this.send({
        type: 'network',
        sessionId: this.network.sessionId,
        pageId: this.pageId,
        events: this.network.events,
      })
    )
      this.network = null;
  }

  /** Seal and send what is pending now: the document is hidden. */
  flush(): void {
    this.active?.outbox.flush();
  }

  /**
   * The document is being unloaded: send what is pending, and from now on send every event at once
   * (metrics reported during unload, such as web vitals, would otherwise wait for a timer that never fires).
   */
  unloading(): void {
    this.flushNetwork();
    this.active?.outbox.sendImmediately();
  }

  private send(message: RecorderUp): boolean {
    if (!this.transport) return false;
    try {
      this.transport.send(message);
      this.lastSentAt = Date.now();
      return true;
    } catch {
      return false;
    }
  }

  private receive(raw: unknown): void {
    const parsed = recorderDownSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.deps.onInvalid?.(issue ? `${issue.path.join('.') || 'message'} ${issue.message}` : 'invalid');
      return;
    }
    this.act(parsed.data);
  }

  private act(msg: RecorderDown): void {
    switch (msg.type) {
      case 'record':
        this.reconnectAttempt = 0;
        return this.record({ sessionId: msg.sessionId, mode: msg.mode, newSession: msg.newSession }, msg.config);
      case 'stop':
        if (this.active?.sessionId === msg.sessionId) this.stop();
        if (!this.active) this.deps.idle?.();
        return;
      case 'idle':
        if (!this.active) this.deps.idle?.();
        return;
      case 'busy':
        for (const o of [this.active?.outbox, ...this.draining]) if (o?.sessionId === msg.sessionId) o.busy(msg.seq);
        return;
      case 'ack':
      case 'reject':
        if (msg.type === 'reject') this.deps.log?.(`batch ${msg.seq} rejected: ${msg.error}`);
        for (const o of [this.active?.outbox, ...this.draining]) {
          if (o?.sessionId !== msg.sessionId) continue;
          // A refused session says nothing more into it; a malformed batch is noted in the session.
          if (msg.type === 'reject' && msg.reason === 'malformed') o.rejected(msg.seq, msg.error);
          else o.settle(msg.seq);
        }
        this.draining = this.draining.filter((o) => o.unackedCount > 0);
        this.updateResendTimer();
        return;
    }
  }

  private record(start: RecordingStart, config: RecordConfig): void {
    const { sessionId } = start;
    const configKey = JSON.stringify({ ...config, network: null });
    if (this.active?.sessionId === sessionId && this.active.configKey === configKey) {
      this.deps.updateNetwork?.(config);
      return;
    }
    if (this.active?.sessionId === sessionId) {
      // New options (settings changed): restart rrweb in the same session; it begins with a full snapshot.
      this.active.stopRecording();
      this.active.outbox.flush();
      this.active.outbox.setLimits(config.batchMaxMs, config.batchMaxBytes);
      this.active.configKey = configKey;
      const outbox = this.active.outbox;
      this.active.stopRecording = this.deps.startRecording(config, (json) => outbox.addJson(json), {
        ...start,
        newSession: false,
      });
      return;
    }
    this.stop();
    const outbox = new Outbox({
      sessionId,
      pageId: this.pageId,
      maxMs: config.batchMaxMs,
      maxBytes: config.batchMaxBytes,
      send: (batch) => this.send(batch),
      page: this.deps.page,
    });
    this.active = { sessionId, configKey, outbox, stopRecording: () => {} };
    this.active.stopRecording = this.deps.startRecording(config, (json) => outbox.addJson(json), start);
    this.updateResendTimer();
  }

  private stop(): void {
    const active = this.active;
    if (!active) return;
    active.stopRecording();
    this.flushNetwork();
    this.active = null;
    active.outbox.flush();
    if (active.outbox.unackedCount > 0) this.draining.push(active.outbox);
    this.updateResendTimer();
  }

  private disconnected(transport: Transport<unknown, RecorderUp>): void {
    if (this.transport !== transport) return;
    this.transport = null;
    const owesData = this.active !== null || this.draining.length > 0;
    if (!owesData) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    setTimeout(() => this.connect(), delay);
  }
}
