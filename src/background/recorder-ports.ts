/**
 * The background end of every content script's recorder port: validates what arrives, hands hellos,
 * batches and network events to the handlers it is given, and sends their answers back. Holds only live
 * ports, which die with the worker anyway; everything that must survive a restart lives in storage.
 */
import type { Runtime } from 'webextension-polyfill';
import {
  batchKeySchema,
  recordedEventsSchema,
  recorderUpSchema,
  type Batch,
  type Hello,
  type NetworkUp,
  type RecorderDown,
} from '../shared/protocol';
import { redactEventsUrls } from '../shared/redact-events';
import { DEFAULT_REDACTED_QUERY_PARAMS } from '../shared/redact';
import { batchMeta, type BatchMeta } from '../shared/rrweb-events';
import { portTransport, type Transport } from '../shared/transport';
import type { Diagnostics } from './diagnostics';

export interface RecorderHandlers {
  hello(tabId: number, hello: Hello): Promise<RecorderDown | null>;
  /** null: not stored for lack of room; answered `busy`, and the recorder offers it again later. */
  batch(tabId: number, batch: Batch, meta: BatchMeta): Promise<RecorderDown | null>;
  network(tabId: number, message: NetworkUp): Promise<void>;
}

type RecorderTransport = Transport<unknown, RecorderDown>;

export class RecorderPorts {
  private byTab = new Map<number, Set<RecorderTransport>>();

  constructor(
    private readonly diagnostics: Diagnostics,
    /** `network.redactQueryParams`, read when a batch arrives (settings apply live). */
    private readonly redactQueryParams: () => Promise<readonly string[]> = async () => DEFAULT_REDACTED_QUERY_PARAMS,
  ) {}

  /** Keeps a content script's port until it closes, and serves what it sends with `handlers`. */
  accept(port: Runtime.Port, handlers: RecorderHandlers): void {
    const tabId = port.sender?.tab?.id;
    // Only top-level documents record; a port without a tab is not a content script of ours.
    if (tabId === undefined || (port.sender?.frameId ?? 0) !== 0) {
      this.diagnostics.report('bad-port', `recorder port without a top-level tab (${port.sender?.url ?? 'unknown'})`);
      port.disconnect();
      return;
    }
    const transport = portTransport<RecorderDown>(port);
    const set = this.byTab.get(tabId) ?? new Set();
    set.add(transport);
    this.byTab.set(tabId, set);
    transport.onClose(() => {
      set.delete(transport);
      if (set.size === 0) this.byTab.delete(tabId);
    });
    transport.listen((raw) => void this.receive(tabId, transport, handlers, raw));
  }

  /** Sends to every document of the tab that is connected; returns how many got it. */
  sendToTab(tabId: number, message: RecorderDown): number {
    let sent = 0;
    for (const t of this.byTab.get(tabId) ?? []) {
      try {
        t.send(message);
        sent++;
      } catch {
        // That document is gone; its close handler removes it.
      }
    }
    return sent;
  }

  isConnected(tabId: number): boolean {
    return (this.byTab.get(tabId)?.size ?? 0) > 0;
  }

  private async receive(
    tabId: number,
    transport: RecorderTransport,
    handlers: RecorderHandlers,
    raw: unknown,
  ): Promise<void> {
    let reply: RecorderDown | null;
    try {
      reply = await this.handle(tabId, handlers, raw);
    } catch (e) {
      this.diagnostics.report('recorder-error', e instanceof Error ? e.message : String(e));
      // A batch that failed to be stored (a write error) is offered again, as when storage is full: the
      // recorder gives up only batches that get no answer at all.
      const key = batchKeySchema.safeParse(raw);
      reply = key.success ? { ...key.data, type: 'busy' } : null;
    }
    try {
      if (reply) transport.send(reply);
    } catch {
      // That document is gone; it resends what was not acknowledged when it connects again.
    }
  }

  private async handle(tabId: number, handlers: RecorderHandlers, raw: unknown): Promise<RecorderDown | null> {
    const parsed = recorderUpSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const error = issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid';
      this.diagnostics.report('malformed-message', `from tab ${tabId}: ${error}`);
      // A batch that can be named is refused out loud; otherwise the recorder would resend it forever.
      const key = batchKeySchema.safeParse(raw);
      return key.success ? { ...key.data, type: 'reject', error, reason: 'malformed' } : null;
    }
    const msg = parsed.data;
    if (msg.type === 'hello') return handlers.hello(tabId, msg);
    // Its arrival is the point: an event that resets the worker's idle timer.
    if (msg.type === 'ping') return null;
    if (msg.type === 'network') {
      await handlers.network(tabId, msg);
      return null;
    }
    const read = readBatch(msg.events);
    if (typeof read === 'string') {
      this.diagnostics.report('malformed-batch', `tab ${tabId} batch ${msg.pageId}/${msg.seq}: ${read}`);
      return {
        type: 'reject',
        sessionId: msg.sessionId,
        pageId: msg.pageId,
        seq: msg.seq,
        error: read,
        reason: 'malformed',
      };
    }
    const key = { sessionId: msg.sessionId, pageId: msg.pageId, seq: msg.seq };
    return (await handlers.batch(tabId, await this.redacted(msg, read.events), read.meta)) ?? { type: 'busy', ...key };
  }

  /**
   * The page redacts its events' URLs (content/document-capture.ts); a page that did not, or could not be
   * trusted to, has them redacted here. The batch's own text is kept when nothing changed.
   */
  private async redacted(batch: Batch, events: unknown[]): Promise<Batch> {
    const params = await this.redactQueryParams();
    return redactEventsUrls(events, params) ? { ...batch, events: JSON.stringify(events) } : batch;
  }
}

/** Parses a batch's event text just enough to trust its shape; returns an error string when it is not. */
export function readBatch(json: string): { meta: BatchMeta; events: unknown[] } | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return 'events are not valid JSON';
  }
  const parsed = recordedEventsSchema.safeParse(value);
  if (!parsed.success) return `events: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`;
  return { meta: batchMeta(parsed.data), events: parsed.data };
}

export function readBatchMeta(json: string): BatchMeta | string {
  const read = readBatch(json);
  return typeof read === 'string' ? read : read.meta;
}
