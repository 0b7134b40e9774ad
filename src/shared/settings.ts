import { z } from 'zod';
import { DEFAULT_REDACTED_QUERY_PARAMS } from './redact';
import { guarded, guardedAll } from './zod-guard';

/**
 * The one settings object, stored in chrome.storage.local under SETTINGS_KEY.
 * Every field has a default, so `{}` is a valid stored value; docs/settings.md describes each field.
 */
export const SETTINGS_KEY = 'settings';

const httpUrl = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^/?#]+/, 'an http(s) URL');

export const TRACE_SOURCE_KINDS = ['jaeger-v1', 'jaeger-v3', 'tempo-v1', 'tempo-v2', 'zipkin-v2', 'sentry'] as const;
export type TraceSourceKind = (typeof TRACE_SOURCE_KINDS)[number];
/** Every kind a source status can have: the configured APIs, and Spotlight (set up in `traces.spotlight`). */
export const TRACE_STATUS_KINDS = [...TRACE_SOURCE_KINDS, 'spotlight'] as const;

const traceSourceSchema = z.object({
  /** Names the source in statuses and in stored traces; unique among the sources. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: z.enum(TRACE_SOURCE_KINDS),
  /** Where the backend's query API answers, e.g. http://localhost:16686 (Jaeger's UI port). */
  baseUrl: httpUrl,
  enabled: z.boolean().default(true),
  name: z.string().max(200).optional(),
  /** Sent with every request to this source (an Authorization header). Secret: never logged or shown in statuses. */
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/), z.string().max(8192)).optional(),
  /**
   * Where the backend's UI answers, when not at `baseUrl` (docs/traces.md#deep-links). A `{traceId}` in it makes
   * it the whole link (Grafana Explore for Tempo).
   */
  uiUrl: httpUrl.optional(),
  /** Sentry's organization slug: its API and its trace view are both per organization. */
  org: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'an organization slug (letters, digits, - and _)')
    .optional(),
});

const privacySchema = z.object({
  maskAllInputs: z.boolean().default(true),
  maskAllText: z.boolean().default(false),
  blockAllMedia: z.boolean().default(false),
  blockSelector: z.string().default('[data-tandem-block]'),
  ignoreSelector: z.string().default('[data-tandem-ignore]'),
  maskTextSelector: z.string().default('[data-tandem-mask]'),
  /**
   * Replays load the recorded site's images, fonts and stylesheets from their URLs (requests to that site
   * from the extension's origin). Off: nothing remote is loaded; the replay shows the page's structure and
   * inlined styles only (docs/security.md).
   */
  replayRemoteResources: z.boolean().default(true),
});

const recordingSchema = z.object({
  /** A full snapshot this often, so any point of a long session can be reached without replaying from the start. */
  checkoutEveryMinutes: z.number().min(0.5).max(60).default(5),
  /** The content script sends a batch at the latest this long after its first event. */
  // 750 ms: the oldest event of a batch is durable within a second (p95, see BENCHMARKS.md).
  batchMaxMs: z.number().int().min(50).max(10_000).default(750),
  batchMaxBytes: z
    .number()
    .int()
    .min(16 * 1024)
    .max(8 * 1024 * 1024)
    .default(256 * 1024),
  maxSessionMinutes: z
    .number()
    .min(1)
    .max(24 * 60)
    .default(120),
  /**
   * A recording whose stored (compressed) bytes pass this is stopped (`endReason: max-size`): a page that floods
   * its own recording cannot fill the disk or push the library out of its budget.
   */
  maxSessionMB: z.number().min(1).max(100_000).default(1024),
  idleMinutes: z
    .number()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Added plus removed DOM nodes within a second above which recording pauses (see docs/settings.md). */
  mutationLimit: z.number().int().min(500).max(1_000_000).default(10_000),
  consoleArgMaxChars: z.number().int().min(100).max(100_000).default(2000),
});

const instantReplaySchema = z.object({
  /** Keep a rolling buffer of every tab's last minutes, ready to be saved as a session. */
  enabled: z.boolean().default(false),
  minutes: z.number().min(0.5).max(30).default(2),
  /** Each tab's buffer keeps at most this many stored megabytes: past it, its oldest part is dropped. */
  maxMB: z.number().min(1).max(1000).default(50),
});

const storageSchema = z.object({
  /** Oldest unpinned sessions are deleted when the stored sessions exceed this many megabytes. */
  budgetMB: z.number().min(10).max(1_000_000).default(2048),
});

export const PROPAGATORS = ['tracecontext', 'baggage', 'sentry', 'b3', 'b3multi', 'replay-id'] as const;
export type Propagator = (typeof PROPAGATORS)[number];
const propagatorsSchema = z.array(z.enum(PROPAGATORS)).max(PROPAGATORS.length);

const networkSchema = z.object({
  /** Propagators for requests to the page's own origin (the default target: no preflight there). */
  // No `replay-id`: declarativeNetRequest already adds X-Session-Replay-Id to every request to the page's
  // origin, in the browser, where a header costs the page's fetch() call nothing.
  sameOrigin: propagatorsSchema.default(['tracecontext', 'baggage', 'sentry']),
  /** Other URL patterns that get trace headers; each must allow them in Access-Control-Allow-Headers. */
  targets: z
    .array(
      z.object({
        urls: z.array(z.string().min(1).max(2048)).min(1).max(50),
        propagators: propagatorsSchema,
        /** Pages (URL patterns) whose requests may get this target; by default those on its URLs' own site. */
        pages: z.array(z.string().min(1).max(2048)).max(50).optional(),
      }),
    )
    .max(50)
    .default([]),
  /** `request`: a new trace per request; `interaction`: requests after one click or key share a trace. */
  traceMode: z.enum(['request', 'interaction']).default('request'),
  /** More URL patterns that get X-Session-Replay-Id from declarativeNetRequest (no preflight, documents too). */
  replayIdHeaderUrls: z.array(z.string().min(1).max(2048)).max(50).default([]),
  /** Also send a traceparent with document (navigation) requests, renewed per navigation. */
  documentTraceparent: z.boolean().default(false),
  /** Header names whose values are replaced by [redacted] before anything is stored (added to the built-in list). */
  redactHeaders: z.array(z.string().min(1).max(200)).max(100).default([]),
  /** Query parameters whose values are redacted in stored URLs. */
  redactQueryParams: z
    .array(z.string().min(1).max(200))
    .max(100)
    .default([...DEFAULT_REDACTED_QUERY_PARAMS]),
  /** Request and response bodies are kept only for these URL patterns, text types only, cut at maxBytes. */
  bodies: z
    .object({
      urls: z.array(z.string().min(1).max(2048)).max(50).default([]),
      maxBytes: z
        .number()
        .int()
        .min(1024)
        .max(1024 * 1024)
        .default(64 * 1024),
    })
    .default({ urls: [], maxBytes: 64 * 1024 }),
});

/** The backends traces are fetched from, and how (docs/traces.md). */
const tracesSchema = z.object({
  sources: z
    .array(
      traceSourceSchema.refine((s) => s.kind !== 'sentry' || s.org !== undefined, {
        message: 'a sentry source needs `org`, the organization slug (as in https://sentry.io/organizations/<org>/)',
        path: ['org'],
      }),
    )
    .max(20)
    .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'source ids must be unique')
    .default([]),
  /** Sentry Spotlight's sidecar: its event stream is read while it is enabled (docs/traces.md). */
  spotlight: z
    .object({ enabled: z.boolean().default(true), url: httpUrl.default('http://localhost:8969') })
    .default({ enabled: true, url: 'http://localhost:8969' }),
  fetch: z
    .object({
      /** Requests in flight at once, over all sources. */
      concurrency: z.number().int().min(1).max(16).default(4),
      /** One request's limit. */
      timeoutMs: z.number().int().min(500).max(60_000).default(5000),
      /** How long a trace that is not there yet (backends ingest late) or a source that is down is tried again. */
      retryForSeconds: z.number().min(0).max(600).default(30),
    })
    .default({ concurrency: 4, timeoutMs: 5000, retryForSeconds: 30 }),
  /** Numeric span attributes summarised like metrics (e.g. `db.rows`). */
  metricAttributes: z.array(z.string().min(1).max(200)).max(100).default([]),
});

export const settingsSchema = guarded(
  z.object({
    /** URL patterns (`*` wildcard) whose pages start recording by themselves when loaded. */
    autoRecord: z.array(z.string().min(1).max(2048)).max(200).default([]),
    privacy: privacySchema.default(privacySchema.parse({})),
    recording: recordingSchema.default(recordingSchema.parse({})),
    instantReplay: instantReplaySchema.default(instantReplaySchema.parse({})),
    storage: storageSchema.default(storageSchema.parse({})),
    network: networkSchema.default(networkSchema.parse({})),
    traces: tracesSchema.default(tracesSchema.parse({})),
  }),
);
// readSettings validates each section on its own when the whole fails.
guardedAll(settingsSchema.shape);

export type Settings = z.infer<typeof settingsSchema>;
export type PrivacySettings = Settings['privacy'];
export type RecordingSettings = Settings['recording'];
export type NetworkSettings = Settings['network'];
export type TracesSettings = Settings['traces'];
export type TraceSourceConfig = TracesSettings['sources'][number];
export type SpotlightSettings = TracesSettings['spotlight'];

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export interface SettingsResult {
  settings: Settings;
  /** One line per field that was invalid and replaced by its default; empty when all was valid. */
  problems: string[];
}

/**
 * Reads a stored value leniently: each top-level section is validated on its own, so one bad field
 * costs only its own section's defaults, never the whole object. The stored value is never rewritten here.
 */
export function readSettings(stored: unknown): SettingsResult {
  if (stored === undefined || stored === null) return { settings: DEFAULT_SETTINGS, problems: [] };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    return { settings: DEFAULT_SETTINGS, problems: ['settings: expected an object, using defaults'] };
  }
  const whole = settingsSchema.safeParse(stored);
  if (whole.success) return { settings: whole.data, problems: [] };
  const record = stored as Record<string, unknown>;
  const problems = whole.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`);
  const shape = settingsSchema.shape;
  const section = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = shape[key].safeParse(record[key]);
    return parsed.success ? (parsed.data as Settings[K]) : DEFAULT_SETTINGS[key];
  };
  return {
    settings: {
      autoRecord: section('autoRecord'),
      privacy: section('privacy'),
      recording: section('recording'),
      instantReplay: section('instantReplay'),
      storage: section('storage'),
      network: section('network'),
      traces: section('traces'),
    },
    problems,
  };
}

/** Validates a settings change coming from the UI; unlike readSettings, bad input is refused, not repaired. */
export function validateSettingsUpdate(value: unknown): Settings {
  return settingsSchema.parse(value);
}
