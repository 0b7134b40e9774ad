/** The answers of the trace calls (`getTraceSources`, `fetchTrace`, `fetchSessionTraces`): see docs/traces.md. */
import { z } from 'zod';
import type { TraceAnswer } from '../model';
import { TRACE_STATUS_KINDS } from '../settings';
import { hex } from './fields';

/** One configured trace source and its live connection status; never its headers. */
export const traceSourceStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(TRACE_STATUS_KINDS),
  name: z.string().optional(),
  baseUrl: z.string(),
  enabled: z.boolean(),
  /** `unknown`: not asked yet; `ok`: its last answer was valid; `unreachable`: no answer (down, timed out);
   * `failing`: it answered with an error status or a payload that could not be read. */
  state: z.enum(['unknown', 'ok', 'unreachable', 'failing']),
  /** null until it was asked. */
  reachable: z.boolean().nullable(),
  /** The backend's version, where its API tells (Tempo, Zipkin). */
  version: z.string().optional(),
  lastError: z.string().optional(),
  lastErrorAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
  /** Spans received from it since the worker started. */
  spansReceived: z.number(),
});
export type TraceSourceStatus = z.infer<typeof traceSourceStatusSchema>;

export const traceAnswerSchema = z.object({
  sourceId: z.string(),
  kind: z.string(),
  fetchedAt: z.number(),
  spanCount: z.number(),
}) satisfies z.ZodType<TraceAnswer>;

/** Where one source is with one trace. */
export const traceFetchStateSchema = z.object({
  sourceId: z.string(),
  /** `pending`: asked, not there yet, asked again later; `not-found`: retries ran out. */
  outcome: z.enum(['found', 'pending', 'not-found', 'error']),
  message: z.string().optional(),
});
export type TraceFetchState = z.infer<typeof traceFetchStateSchema>;

/** `fetchTrace`: what is stored of the trace (the spans themselves are read from IndexedDB) and each source's state. */
export const fetchTraceResultSchema = z.object({
  stored: z
    .object({
      traceId: hex(32),
      spanCount: z.number(),
      sources: z.array(traceAnswerSchema),
      updatedAt: z.number(),
    })
    .nullable(),
  sources: z.array(traceFetchStateSchema),
});
export type FetchTraceResult = z.infer<typeof fetchTraceResultSchema>;

/** `importTraceFile`: the file's format, the traces stored with the session, and how many it does not carry. */
export const importTraceFileResultSchema = z.object({
  format: z.enum(['otlp', 'jaeger', 'zipkin', 'sentry-envelope']),
  stored: z.array(z.object({ traceId: hex(32), spanCount: z.number() })),
  ignored: z.number(),
  warnings: z.array(z.string()),
});
export type ImportTraceFileResult = z.infer<typeof importTraceFileResultSchema>;

export const traceCallResults = {
  getTraceSources: z.object({ sources: z.array(traceSourceStatusSchema) }),
  fetchTrace: fetchTraceResultSchema,
  /** The session's distinct trace ids, and how many source-and-trace fetches were started for them. */
  fetchSessionTraces: z.object({ traceIds: z.number(), started: z.number() }),
  importTraceFile: importTraceFileResultSchema,
};
