/**
 * The message protocol: every port name, message type and the version, in one place.
 * Messages that cross a trust boundary (page -> content -> background, panel -> background)
 * are validated with the schemas below before use; nothing else matches on a bare string.
 */
import { z } from 'zod';
import type { SessionSummary } from './model';
import type { PrivacySettings, Settings } from './settings';

export const PROTOCOL_VERSION = 1;

export const PORT_NAMES = {
  /** content script <-> background: recording control, event batches, acknowledgements. */
  recorder: 'tandem/recorder',
  /** panel, viewer and popup <-> background: typed calls and pushed notifications. */
  panel: 'tandem/panel',
} as const;

/** Keyboard shortcuts, as named in manifest.json's "commands". */
export const COMMANDS = { toggleRecording: 'toggle-recording' } as const;

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
  events: z.string().min(2).max(64 * 1024 * 1024),
});

export const recorderUpSchema = z.discriminatedUnion('type', [helloSchema, batchSchema]);
export type Hello = z.infer<typeof helloSchema>;
export type Batch = z.infer<typeof batchSchema>;
export type RecorderUp = z.infer<typeof recorderUpSchema>;

/** What the recorder needs to know; a subset of Settings, sent with every `record`. */
export interface RecordConfig {
  privacy: PrivacySettings;
  checkoutEveryMs: number;
  batchMaxMs: number;
  batchMaxBytes: number;
}

export type RecorderDown =
  | { type: 'record'; sessionId: string; config: RecordConfig }
  | { type: 'stop'; sessionId: string }
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
// Panel port: typed calls (request/response) and pushed notifications

export interface TabState {
  tabId: number;
  recording: boolean;
  sessionId: string | null;
}

export interface DiagnosticsSnapshot {
  /** When this service worker instance started; a new value means the worker was restarted. */
  bootedAt: number;
  errors: Record<string, number>;
  recent: { at: number; kind: string; message: string }[];
  settingsProblems: string[];
}

const tabIdSchema = z.object({ tabId: z.number().int().min(0) });
const sessionRefSchema = z.object({ sessionId: sessionIdSchema });

/** Parameter schemas of every call; result types are in PanelResults. */
export const panelParamSchemas = {
  listSessions: z.object({}),
  getTabState: tabIdSchema,
  startRecording: tabIdSchema,
  stopRecording: tabIdSchema,
  deleteSession: sessionRefSchema,
  getDiagnostics: z.object({}),
  getSettings: z.object({}),
  setSettings: z.object({ settings: z.unknown() }),
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
  deleteSession: { deleted: boolean };
  getDiagnostics: DiagnosticsSnapshot;
  getSettings: { settings: Settings; problems: string[] };
  setSettings: { settings: Settings };
  reportProblems: { counted: number };
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
  return Object.prototype.hasOwnProperty.call(panelParamSchemas, name);
}
