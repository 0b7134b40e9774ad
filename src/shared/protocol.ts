/**
 * The message protocol: every port name, message type and the version, in one place.
 * Messages that cross a trust boundary (page -> content -> background, panel -> background)
 * are validated with the schemas below before use; nothing else matches on a bare string.
 */
import { z } from 'zod';
import type { SessionSummary } from './model';
import type { DryRunResult } from './dry-run';
import type { WrapperConfig } from './propagation';
import { PROPAGATORS, type PrivacySettings, type Settings } from './settings';

export const PROTOCOL_VERSION = 1;

export const PORT_NAMES = {
  /** content script <-> background: recording control, event batches, acknowledgements. */
  recorder: 'tandem/recorder',
  /** panel, viewer and popup <-> background: typed calls and pushed notifications. */
  panel: 'tandem/panel',
} as const;

/** Keyboard shortcuts, as named in manifest.json's "commands". */
export const COMMANDS = { toggleRecording: 'toggle-recording', saveInstantReplay: 'save-instant-replay' } as const;

/**
 * Sent with tabs.sendMessage to an idle content script (which keeps no port open, so as not to keep the
 * worker alive) to make it connect and say hello.
 */
export const WAKE_MESSAGE = { tandem: 'wake', v: 1 } as const;
export const isWakeMessage = (m: unknown): boolean =>
  typeof m === 'object' && m !== null && (m as { tandem?: unknown }).tandem === WAKE_MESSAGE.tandem;

// ---------------------------------------------------------------------------------------------
// Recorder port

const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`));
export const sessionIdSchema = hex(32);
export const pageIdSchema = hex(16);

export const helloSchema = z.object({
  type: z.literal('hello'),
  v: z.literal(PROTOCOL_VERSION),
  pageId: pageIdSchema,
  url: z.string().max(16_384),
  title: z.string().max(4096),
  /** Set when this document already records (a reconnect after the worker restarted). */
  sessionId: sessionIdSchema.nullable(),
  /** Highest batch seq the document has created so far, -1 if none. */
  lastSeq: z.number().int().min(-1),
});

export const batchSchema = z.object({
  type: z.literal('batch'),
  sessionId: sessionIdSchema,
  pageId: pageIdSchema,
  seq: z.number().int().min(0),
  url: z.string().max(16_384),
  title: z.string().max(4096),
  /** The events as a JSON array text: serialized once in the page, stored without re-serializing. */
  events: z
    .string()
    .min(2)
    .max(64 * 1024 * 1024),
});

export const networkUpSchema = z.object({
  type: z.literal('network'),
  sessionId: sessionIdSchema,
  pageId: pageIdSchema,
  /** Validated again against pageEventSchema by the background: the page produced them. */
  events: z.array(z.unknown()).max(500),
});

/** Sent by a recording tab that sent nothing else for a while: keeps the service worker alive. */
export const pingSchema = z.object({ type: z.literal('ping') });

export const recorderUpSchema = z.discriminatedUnion('type', [helloSchema, batchSchema, networkUpSchema, pingSchema]);
export type Hello = z.infer<typeof helloSchema>;
export type Batch = z.infer<typeof batchSchema>;
export type NetworkUp = z.infer<typeof networkUpSchema>;
export type RecorderUp = z.infer<typeof recorderUpSchema>;

/** What the recorder needs to know; a subset of Settings, sent with every `record`. */
export interface RecordConfig {
  privacy: PrivacySettings;
  checkoutEveryMs: number;
  batchMaxMs: number;
  batchMaxBytes: number;
  /** DOM changes per second above which recording pauses and resumes from a fresh full snapshot. */
  mutationLimit: number;
  consoleArgMaxChars: number;
  /** Sent as the `options` custom event at the start of a session. */
  options: Record<string, string | number | boolean>;
  /** The MAIN-world wrapper's propagation config for this session. */
  network: WrapperConfig;
}

/** `record` = a session the user keeps; `buffer` = the instant-replay rolling buffer of this tab. */
export type RecordMode = 'record' | 'buffer';

export type RecorderDown =
  /** `newSession`: this document starts the session (it sends the `options` event); false on continuation. */
  | { type: 'record'; sessionId: string; mode: RecordMode; newSession: boolean; config: RecordConfig }
  | { type: 'stop'; sessionId: string }
  /** Answer to a hello when the tab does not record: the page hooks drop what they kept. */
  | { type: 'idle' }
  | { type: 'ack'; sessionId: string; pageId: string; seq: number }
  /** The batch was refused for good (malformed); the recorder drops it rather than resending forever. */
  | { type: 'reject'; sessionId: string; pageId: string; seq: number; error: string };

// A minimal check of each rrweb event: rrweb's own data is opaque to us and only ever handed to the Replayer.
export const recordedEventSchema = z.looseObject({
  type: z.number().int().min(0).max(7),
  timestamp: z.number().finite().positive(),
});
export const recordedEventsSchema = z.array(recordedEventSchema).min(1);

// ---------------------------------------------------------------------------------------------
// Page bridge: the MAIN-world hooks (page-hooks.ts) -> the ISOLATED-world recorder, over a MessagePort
// handed over once at document_start. Page scripts share the MAIN world, so everything that arrives
// here is untrusted and validated; it only ever becomes data in the recording.

export { PAGE_BRIDGE_CHANNEL, WRAPPER_STASH_KEY } from './page-bridge';

const ts = z.number().finite().positive();
const text = (max: number) => z.string().max(max);
export const pageEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('console'),
    ts,
    level: z.enum(['log', 'info', 'warn', 'error', 'debug', 'assert', 'trace']),
    args: z.array(text(20_000)).max(50),
  }),
  z.object({
    kind: z.literal('error'),
    ts,
    message: text(20_000),
    stack: text(50_000).optional(),
    filename: text(4096).optional(),
    lineno: z.number().int().optional(),
    colno: z.number().int().optional(),
  }),
  z.object({ kind: z.literal('rejection'), ts, message: text(20_000), stack: text(50_000).optional() }),
  z.object({ kind: z.literal('history'), ts, from: text(16_384), to: text(16_384) }),
  z.object({
    kind: z.literal('request-start'),
    id: text(40),
    ts,
    api: z.enum(['fetch', 'xhr', 'beacon']),
    method: text(20),
    url: text(16_384),
    traceId: hex(32).optional(),
    spanId: hex(16).optional(),
    injected: z.array(text(100)).max(20),
    adopted: z.boolean(),
  }),
  z.object({
    kind: z.literal('request-end'),
    id: text(40),
    ts,
    status: z.number().int(),
    error: text(500).optional(),
    retried: z.boolean().optional(),
    responseBody: text(1024 * 1024).optional(),
    responseType: text(200).optional(),
  }),
  z.object({
    kind: z.literal('propagation-failed'),
    ts,
    origin: text(2048),
    url: text(16_384),
    method: text(20),
    headers: z.array(text(100)).max(20),
    retried: z.boolean(),
  }),
]);
export type PageEvent = z.infer<typeof pageEventSchema>;
export type NetworkPageEvent = Extract<PageEvent, { kind: 'request-start' | 'request-end' | 'propagation-failed' }>;
/** Request records go to the background's network capture; every other page event becomes a custom event. */
export const isNetworkPageEvent = (e: PageEvent): e is NetworkPageEvent =>
  e.kind === 'request-start' || e.kind === 'request-end' || e.kind === 'propagation-failed';

/** Recorder -> page hooks: capture only while recording, how much of each console argument to keep, and
 * the network wrapper's configuration (null: add no headers). */
export interface PageControl {
  kind: 'control';
  capture: boolean;
  consoleArgMaxChars: number;
  network: WrapperConfig | null;
}

// ---------------------------------------------------------------------------------------------
// DOM bridge: rrweb runs in the MAIN world (page/dom-recorder.ts), where DOM access costs what it costs
// the page itself; the isolated world pays extra for every node it touches (its own wrappers), 1.16x on
// a 1000-row table (BENCHMARKS.md). Events cross in batches as CustomEvents dispatched on a detached node
// that only the two scripts hold (handed over at document_start through DOM_BRIDGE_EVENT's relatedTarget):
// dispatch is synchronous, so the recorder's `flush` during pagehide puts the page's last events in the
// outbox before the page goes.

export { DOM_BRIDGE_EVENT, DOM_DOWN_EVENT, DOM_UP_EVENT } from './page-bridge';

/** What the MAIN-world DOM recorder needs to start rrweb and its storm guard. */
export type DomRecordConfig = Pick<RecordConfig, 'privacy' | 'checkoutEveryMs' | 'mutationLimit'>;

/** Recorder -> DOM recorder. `flush`: hand over the events it holds now (the page is going away or hidden). */
export type DomDown = { kind: 'start'; config: DomRecordConfig } | { kind: 'stop' } | { kind: 'flush' };

/** One event (rrweb's, or a custom event made in the page: clicks, inputs, performance spans, storm
 * breadcrumbs), already JSON: serialized once, in the page. */
export const domEventSchema = z.object({
  // rrweb's own data is opaque to us; the background checks each event's type and timestamp.
  type: z.number().int().min(0).max(7),
  json: z.string().startsWith('{'),
});
export type DomEvent = z.infer<typeof domEventSchema>;

/** DOM recorder -> recorder: the events since the last batch, in order (see DOM_BATCH_MS). */
export const domUpSchema = z.object({
  kind: z.literal('events'),
  events: z.array(domEventSchema).min(1).max(100_000),
});
export type DomUp = z.infer<typeof domUpSchema>;

// ---------------------------------------------------------------------------------------------
// Panel port: typed calls (request/response) and pushed notifications

export interface TabState {
  tabId: number;
  recording: boolean;
  /** The recording's session id (null while only buffering). */
  sessionId: string | null;
  /** The tab keeps an instant-replay buffer that can be saved... */
  buffering: boolean;
  /** ...of this many minutes (null when instant replay is off). */
  bufferMinutes: number | null;
}

export interface DiagnosticsSnapshot {
  /** When this service worker instance started; a new value means the worker was restarted. */
  bootedAt: number;
  errors: Record<string, number>;
  recent: { at: number; kind: string; message: string }[];
  settingsProblems: string[];
  /** Things the user should know (sessions evicted for space, storage full), newest last. */
  warnings: { at: number; message: string }[];
  /** The last stored batches (at most 2000): when their events happened and when they were durable. */
  ingest: IngestSample[];
  /** How webRequest listens now: `detailed` (extraHeaders, per recording tab) while a tab records, `off` when none does. */
  webRequest: WebRequestMode;
  /** The tabs webRequest listens to (`detailed`): Chrome sends the worker no event of any other tab. */
  webRequestTabs: number[];
  /** webRequest events Chrome delivered to the worker since it started, of any tab. */
  webRequestEvents: number;
}

/** See background/network/web-request.ts. */
export type WebRequestMode = 'off' | 'basic' | 'detailed';

export interface IngestSample {
  firstTs: number;
  lastTs: number;
  committedAt: number;
  count: number;
  rawBytes: number;
}

const tabIdSchema = z.object({ tabId: z.number().int().min(0) });
const sessionRefSchema = z.object({ sessionId: sessionIdSchema });

/** Parameter schemas of every call; result types are in PanelResults. */
export const panelParamSchemas = {
  listSessions: z.object({}),
  getTabState: tabIdSchema,
  startRecording: tabIdSchema,
  stopRecording: tabIdSchema,
  saveInstantReplay: tabIdSchema,
  pinSession: z.object({ sessionId: sessionIdSchema, pinned: z.boolean() }),
  deleteSession: sessionRefSchema,
  getDiagnostics: z.object({}),
  getSettings: z.object({}),
  setSettings: z.object({ settings: z.unknown() }),
  /** Which of a session's requests would have been preflighted with these targets (default: the settings'). */
  propagationDryRun: z.object({
    sessionId: sessionIdSchema,
    targets: z
      .array(z.object({ urls: z.array(z.string().min(1).max(2048)).min(1), propagators: z.array(z.enum(PROPAGATORS)) }))
      .optional(),
  }),
  /** The panel read stored data it could not decode (a corrupt chunk): counted with the other errors. */
  reportProblems: z.object({ sessionId: sessionIdSchema, problems: z.array(z.string().max(1000)).max(1000) }),
} as const;

export type PanelMethod = keyof typeof panelParamSchemas;
export type PanelParams = { [M in PanelMethod]: z.infer<(typeof panelParamSchemas)[M]> };

export interface PanelResults {
  listSessions: SessionSummary[];
  getTabState: TabState;
  startRecording: TabState;
  stopRecording: TabState;
  saveInstantReplay: { sessionId: string };
  pinSession: { pinned: boolean };
  deleteSession: { deleted: boolean };
  getDiagnostics: DiagnosticsSnapshot;
  getSettings: { settings: Settings; problems: string[] };
  setSettings: { settings: Settings };
  reportProblems: { counted: number };
  propagationDryRun: DryRunResult;
}

export type PanelNotice =
  | { type: 'sessions-changed' }
  | { type: 'tab-state'; state: TabState }
  | { type: 'warning'; message: string };

export const callSchema = z.object({
  kind: z.literal('call'),
  id: z.number().int(),
  method: z.string(),
  params: z.unknown(),
});

export type PanelUp = z.infer<typeof callSchema>;
export type PanelDown =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string }
  | { kind: 'notice'; notice: PanelNotice };

export function isPanelMethod(name: string): name is PanelMethod {
  return Object.hasOwn(panelParamSchemas, name);
}
