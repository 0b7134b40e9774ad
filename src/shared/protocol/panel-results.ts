/**
 * What the background answers each panel call with, and the states its notices carry. The panel validates
 * every answer against these schemas before it resolves a call (see rpc.ts).
 */
import { z } from 'zod';
import type { DryRunResult } from '../dry-run';
import type { SessionSummary } from '../model';
import { settingsSchema } from '../settings';
import { guardedAll } from '../zod-guard';
import { sessionIdSchema } from './fields';
import type { PanelMethod } from './panel-port';
import { traceCallResults } from './trace-results';

export const tabStateSchema = z.object({
  tabId: z.number().int(),
  recording: z.boolean(),
  /** The recording's session id (null while only buffering). */
  sessionId: sessionIdSchema.nullable(),
  /** The tab keeps an instant-replay buffer that can be saved... */
  buffering: z.boolean(),
  /** ...of this many minutes (null when instant replay is off). */
  bufferMinutes: z.number().nullable(),
});
export type TabState = z.infer<typeof tabStateSchema>;

/** See background/network/web-request.ts. */
export const webRequestModeSchema = z.enum(['off', 'basic', 'detailed']);
export type WebRequestMode = z.infer<typeof webRequestModeSchema>;

export const ingestSampleSchema = z.object({
  firstTs: z.number(),
  lastTs: z.number(),
  committedAt: z.number(),
  count: z.number(),
  rawBytes: z.number(),
});
export type IngestSample = z.infer<typeof ingestSampleSchema>;

export const diagnosticsSnapshotSchema = z.object({
  /** When this service worker instance started; a new value means the worker was restarted. */
  bootedAt: z.number(),
  errors: z.record(z.string(), z.number()),
  recent: z.array(z.object({ at: z.number(), kind: z.string(), message: z.string() })),
  settingsProblems: z.array(z.string()),
  /** Things the user should know (sessions evicted for space, storage full), newest last. */
  warnings: z.array(z.object({ at: z.number(), message: z.string() })),
  /** The last stored batches (at most 2000): when their events happened and when they were durable. */
  ingest: z.array(ingestSampleSchema),
  /** How webRequest listens now: `detailed` (extraHeaders, per recording tab) while a tab records, `off` when
   * none does. */
  webRequest: webRequestModeSchema,
  /** The tabs webRequest listens to (`detailed`): Chrome sends the worker no event of any other tab. */
  webRequestTabs: z.array(z.number()),
  /** webRequest events Chrome delivered to the worker since it started, of any tab. */
  webRequestEvents: z.number(),
});
export type DiagnosticsSnapshot = z.infer<typeof diagnosticsSnapshotSchema>;

/** A stored session as the library lists it (SessionRecord in model.ts). */
export const sessionSummarySchema = z.object({
  id: sessionIdSchema,
  tabId: z.number().int(),
  trigger: z.enum(['manual', 'auto', 'instant-replay']),
  status: z.enum(['recording', 'buffer', 'complete', 'interrupted']),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  lastEventAt: z.number(),
  firstEventAt: z.number().optional(),
  lastActivityAt: z.number(),
  endReason: z.enum(['stopped', 'tab-closed', 'idle', 'max-length', 'max-size', 'saved', 'interrupted']).nullable(),
  firstUrl: z.string(),
  title: z.string(),
  urls: z.array(z.string()),
  pageCount: z.number(),
  eventCount: z.number(),
  chunkCount: z.number(),
  storedBytes: z.number(),
  rawBytes: z.number(),
  pinned: z.boolean(),
  name: z.string().optional(),
  tags: z.array(z.string()).optional(),
  compaction: z.object({ through: z.number(), chunkCount: z.number() }).optional(),
}) satisfies z.ZodType<SessionSummary>;

/** DryRunResult in dry-run.ts. */
export const dryRunResultSchema = z.object({
  preflighted: z.array(
    z.object({ url: z.string(), method: z.string(), origin: z.string(), headers: z.array(z.string()) }),
  ),
  origins: z.array(z.object({ origin: z.string(), requests: z.number(), allowHeaders: z.array(z.string()) })),
}) satisfies z.ZodType<DryRunResult>;

/** The answer of every call, by method (exactly the methods of panel-port.ts, which has their params). */
export const panelResultSchemas = guardedAll({
  listSessions: z.array(sessionSummarySchema),
  getTabState: tabStateSchema,
  startRecording: tabStateSchema,
  stopRecording: tabStateSchema,
  saveInstantReplay: z.object({ sessionId: sessionIdSchema }),
  pinSession: z.object({ pinned: z.boolean() }),
  labelSession: z.object({ name: z.string().optional(), tags: z.array(z.string()) }),
  deleteSession: z.object({ deleted: z.boolean() }),
  getDiagnostics: diagnosticsSnapshotSchema,
  getSettings: z.object({ settings: settingsSchema, problems: z.array(z.string()) }),
  setSettings: z.object({ settings: settingsSchema }),
  propagationDryRun: dryRunResultSchema,
  reportProblems: z.object({ counted: z.number() }),
  ...traceCallResults,
} satisfies Record<PanelMethod, z.ZodType>);

export type PanelResults = { [M in PanelMethod]: z.infer<(typeof panelResultSchemas)[M]> };
