/**
 * The page bridge: the MAIN-world hooks (content/page/page-hooks.ts) -> the ISOLATED-world recorder, over a
 * MessagePort handed over once at document_start (PAGE_BRIDGE_CHANNEL). Page scripts share the MAIN world,
 * so everything that arrives here is untrusted and validated; it only ever becomes data in the recording.
 */
import { z } from 'zod';
import type { WrapperConfig } from '../propagation';
import { guarded } from '../zod-guard';
import { hex, text, timestamp as ts } from './fields';

export const pageEventSchema = guarded(
  z.discriminatedUnion('kind', [
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
  ]),
);
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
