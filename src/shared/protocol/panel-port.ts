/**
 * The panel port (PORT_NAMES.panel): typed calls from the panel, viewer and popup (request/response), and
 * notices the background pushes. The background validates each call's params, the UI each answer and
 * notice (panel-results.ts has the answers' schemas).
 */
import { z } from 'zod';
import { PROPAGATORS } from '../settings';
import { MAX_TRACE_FILE_CHARS } from '../traces/limits';
import { guarded, guardedAll } from '../zod-guard';
import { hex, sessionIdSchema } from './fields';
import { tabStateSchema } from './panel-results';

const tabIdSchema = z.object({ tabId: z.number().int().min(0) });

/** A session's name and tags: what the library has room to show. */
export const MAX_SESSION_NAME = 200;
export const MAX_TAG = 40;
export const MAX_TAGS = 20;
const sessionRefSchema = z.object({ sessionId: sessionIdSchema });

/** Parameter schemas of every call; their answers are in panelResultSchemas. */
export const panelParamSchemas = guardedAll({
  listSessions: z.object({}),
  getTabState: tabIdSchema,
  startRecording: tabIdSchema,
  stopRecording: tabIdSchema,
  saveInstantReplay: tabIdSchema,
  pinSession: z.object({ sessionId: sessionIdSchema, pinned: z.boolean() }),
  /** Names and tags a session; an empty name removes the name (the page title shows again). */
  labelSession: z.object({
    sessionId: sessionIdSchema,
    name: z.string().trim().max(MAX_SESSION_NAME),
    tags: z.array(z.string().trim().min(1).max(MAX_TAG)).max(MAX_TAGS),
  }),
  deleteSession: sessionRefSchema,
  getDiagnostics: z.object({}),
  getSettings: z.object({}),
  setSettings: z.object({ settings: z.unknown() }),
  /** Which of a session's requests would have been preflighted with these targets (default: the settings'). */
  propagationDryRun: z.object({
    sessionId: sessionIdSchema,
    targets: z
      .array(
        z.object({
          urls: z.array(z.string().min(1).max(2048)).min(1),
          propagators: z.array(z.enum(PROPAGATORS)),
          // A target on another site than the session's pages reaches only the pages it names (wrapper-scope.ts).
          pages: z.array(z.string().min(1).max(2048)).optional(),
        }),
      )
      .optional(),
  }),
  /** The panel read stored data it could not decode (a corrupt chunk): counted with the other errors. */
  reportProblems: z.object({ sessionId: sessionIdSchema, problems: z.array(z.string().max(1000)).max(1000) }),
  /** Every configured trace source with its live status; enabled sources are probed first. */
  getTraceSources: z.object({}),
  /** Fetch one trace of a session now, ahead of background work; answers after each source's first attempt. */
  fetchTrace: z.object({ sessionId: sessionIdSchema, traceId: hex(32) }),
  /** Fetch every trace a session's requests carry, in the background. */
  fetchSessionTraces: sessionRefSchema,
  /** Store the traces of a dropped trace file (OTLP, Jaeger, Zipkin, Sentry envelope) that the session carries. */
  importTraceFile: z.object({ sessionId: sessionIdSchema, text: z.string().max(MAX_TRACE_FILE_CHARS) }),
} as const);

export type PanelMethod = keyof typeof panelParamSchemas;
export type PanelParams = { [M in PanelMethod]: z.infer<(typeof panelParamSchemas)[M]> };

export function isPanelMethod(name: string): name is PanelMethod {
  return Object.hasOwn(panelParamSchemas, name);
}

export const callSchema = guarded(
  z.object({
    kind: z.literal('call'),
    id: z.number().int(),
    method: z.string(),
    params: z.unknown(),
  }),
);
export type PanelUp = z.infer<typeof callSchema>;

export const panelNoticeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sessions-changed') }),
  z.object({ type: z.literal('tab-state'), state: tabStateSchema }),
  z.object({ type: z.literal('warning'), message: z.string() }),
  /** A source's answer was merged into this stored trace (read it from IndexedDB). */
  z.object({ type: z.literal('trace-stored'), sessionId: sessionIdSchema, traceId: hex(32) }),
]);
export type PanelNotice = z.infer<typeof panelNoticeSchema>;

/** An answer's `value` is checked against its method's result schema by the caller, which knows the method. */
export const panelResultMessageSchema = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ kind: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export const panelDownSchema = guarded(
  z.discriminatedUnion('kind', [
    panelResultMessageSchema,
    z.object({ kind: z.literal('notice'), notice: panelNoticeSchema }),
  ]),
);
export type PanelDown = z.infer<typeof panelDownSchema>;
