/**
 * The recorder port (PORT_NAMES.recorder): the content script's messages up to the background (hello, batch,
 * network, ping) and the background's answers down (record, stop, idle, ack, reject, busy). Each end validates
 * what it receives: up, because a page's content script can be compromised; down, so that a mismatched
 * build or a bug is dropped and reported instead of acted on.
 */
import { z } from 'zod';
import type { WrapperConfig } from '../propagation';
import { PROPAGATORS, settingsSchema } from '../settings';
import { guarded } from '../zod-guard';
import { pageIdSchema, sessionIdSchema } from './fields';

/** Carried by every hello; bump it with this port's message shapes. */
export const PROTOCOL_VERSION = 1;

/** A page sets its own URL and title: the recorder cuts them to these lengths before they go up. */
export const URL_MAX_CHARS = 16_384;
export const TITLE_MAX_CHARS = 4096;
/**
 * A batch's event text. Chrome refuses a port message over 64 MiB (a throw in postMessage that no retry
 * cures); 16 Mi characters stay under it serialized either way: as JSON, where escaping at most doubles an
 * ASCII character, and as a structured clone's two bytes per UTF-16 unit.
 */
export const EVENTS_MAX_CHARS = 16 * 1024 * 1024;

const cut = (s: string, max: number) => {
  if (s.length <= max) return s;
  // Not between the two halves of a surrogate pair.
  const end = /[\ud800-\udbff]/.test(s[max - 1] ?? '') ? max - 1 : max;
  return s.slice(0, end);
};

/** A page URL as the recorder keeps it (in messages and breadcrumbs): the page can make it megabytes long. */
export const fitUrl = (url: string): string => cut(url, URL_MAX_CHARS);

/** The page's URL and title as the messages carry them: within the schema's limits, whatever the page set. */
export function fitPage(page: { url: string; title: string }): { url: string; title: string } {
  return { url: fitUrl(page.url), title: cut(page.title, TITLE_MAX_CHARS) };
}

// Up: content script -> background

export const helloSchema = z.object({
  type: z.literal('hello'),
  v: z.literal(PROTOCOL_VERSION),
  pageId: pageIdSchema,
  url: z.string().max(URL_MAX_CHARS),
  title: z.string().max(TITLE_MAX_CHARS),
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
  url: z.string().max(URL_MAX_CHARS),
  title: z.string().max(TITLE_MAX_CHARS),
  /** The events as a JSON array text: serialized once in the page, stored without re-serializing. */
  events: z.string().min(2).max(EVENTS_MAX_CHARS),
});

/**
 * What settles a batch, read from a message that failed batchSchema: enough to answer it with a reject the
 * outbox acts on instead of resending it forever.
 */
export const batchKeySchema = z.object({
  type: z.literal('batch'),
  sessionId: sessionIdSchema,
  pageId: pageIdSchema,
  seq: z.number().int().min(0),
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

export const recorderUpSchema = guarded(
  z.discriminatedUnion('type', [helloSchema, batchSchema, networkUpSchema, pingSchema]),
);
export type Hello = z.infer<typeof helloSchema>;
export type Batch = z.infer<typeof batchSchema>;
export type NetworkUp = z.infer<typeof networkUpSchema>;
export type RecorderUp = z.infer<typeof recorderUpSchema>;

// A minimal check of each rrweb event: rrweb's own data is opaque to us and only ever handed to the Replayer.
export const recordedEventSchema = z.looseObject({
  type: z.number().int().min(0).max(7),
  timestamp: z.number().finite().positive(),
});
export const recordedEventsSchema = guarded(z.array(recordedEventSchema).min(1));

// Down: background -> content script

const propagatorsSchema = z.array(z.enum(PROPAGATORS));

/** The MAIN-world wrapper's propagation config for a session (WrapperConfig in propagation.ts). */
export const wrapperConfigSchema = z.object({
  replayId: sessionIdSchema,
  sameOrigin: propagatorsSchema,
  targets: z.array(
    z.object({ urls: z.array(z.string()), propagators: propagatorsSchema, pages: z.array(z.string()).optional() }),
  ),
  blockedOrigins: z.array(z.string()),
  traceMode: z.enum(['request', 'interaction']),
  bodies: z.object({ urls: z.array(z.string()), maxBytes: z.number() }),
}) satisfies z.ZodType<WrapperConfig>;

/** What the recorder needs to know; a subset of Settings, sent with every `record`. */
export const recordConfigSchema = z.object({
  privacy: settingsSchema.shape.privacy.unwrap(),
  checkoutEveryMs: z.number(),
  batchMaxMs: z.number(),
  batchMaxBytes: z.number(),
  /** DOM changes per second above which recording pauses and resumes from a fresh full snapshot. */
  mutationLimit: z.number(),
  consoleArgMaxChars: z.number(),
  /** `network.redactQueryParams`: the URLs in the recording (navigations, Meta, spans) are redacted in the page. */
  redactQueryParams: z.array(z.string()),
  /** Sent as the `options` custom event at the start of a session. */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The MAIN-world wrapper's propagation config for this session. */
  network: wrapperConfigSchema,
});
export type RecordConfig = z.infer<typeof recordConfigSchema>;

/** `record` = a session the user keeps; `buffer` = the instant-replay rolling buffer of this tab. */
export const recordModeSchema = z.enum(['record', 'buffer']);
export type RecordMode = z.infer<typeof recordModeSchema>;

const settled = { sessionId: sessionIdSchema, pageId: pageIdSchema, seq: z.number().int().min(0) };

export const recorderDownSchema = guarded(
  z.discriminatedUnion('type', [
    /** `newSession`: this document starts the session (it sends the `options` event); false on continuation. */
    z.object({
      type: z.literal('record'),
      sessionId: sessionIdSchema,
      mode: recordModeSchema,
      newSession: z.boolean(),
      config: recordConfigSchema,
    }),
    z.object({ type: z.literal('stop'), sessionId: sessionIdSchema }),
    /** Answer to a hello when the tab does not record: the page hooks drop what they kept. */
    z.object({ type: z.literal('idle') }),
    z.object({ type: z.literal('ack'), ...settled }),
    /** Read, but not stored for lack of room (storage full): the recorder keeps it and offers it again later. */
    z.object({ type: z.literal('busy'), ...settled }),
    /**
     * The batch was refused for good; the recorder drops it rather than resending forever. `malformed`: this
     * batch failed a check (the recorder says so in the session); absent: its session is refused, so is the rest.
     */
    z.object({ type: z.literal('reject'), ...settled, error: z.string(), reason: z.literal('malformed').optional() }),
  ]),
);
export type RecorderDown = z.infer<typeof recorderDownSchema>;
