/**
 * Trace backends' query APIs, pure: the URL that fetches one trace from a source, and what a response
 * means (found, not there yet, or an error), using the normalisers. The background does the fetching.
 */
import type { TraceSourceConfig, TraceSourceKind } from '../settings';
import { isRecord } from './attributes';
import { normalizeJaegerV1 } from './jaeger-v1';
import type { Trace, TracesResult } from './model';
import { normalizeOtlp } from './otlp';
import { normalizeSentrySpansTable, sentryProbePath, sentrySpansPath } from './sentry-api';
import { normalizeZipkinV2 } from './zipkin-v2';

export type FetchOutcome =
  | { kind: 'found'; traces: Trace[]; warnings: string[] }
  /** The backend does not have the trace (yet: backends ingest late). */
  | { kind: 'not-found' }
  | { kind: 'error'; message: string };

/** The source fields a URL is built from: Sentry's API is per organization. */
export type SourceAddress = Pick<TraceSourceConfig, 'kind' | 'baseUrl' | 'org'>;

/** The path (after the base URL) that fetches one trace, given the id as the source is asked for it. */
const PATHS: Record<TraceSourceKind, (id: string, org: string) => string> = {
  'jaeger-v1': (id) => `/api/traces/${id}`,
  'jaeger-v3': (id) => `/api/v3/traces/${id}`,
  'tempo-v1': (id) => `/api/traces/${id}`,
  'tempo-v2': (id) => `/api/v2/traces/${id}`,
  'zipkin-v2': (id) => `/api/v2/trace/${id}`,
  sentry: (id, org) => sentrySpansPath(org, id),
};

const NORMALISERS: Record<TraceSourceKind, (payload: unknown) => TracesResult> = {
  'jaeger-v1': normalizeJaegerV1,
  'jaeger-v3': normalizeOtlp,
  'tempo-v1': normalizeOtlp,
  'tempo-v2': normalizeOtlp,
  'zipkin-v2': normalizeZipkinV2,
  sentry: normalizeSentrySpansTable,
};

/** A trace id as a source is asked for it: 32 hex, but Zipkin gets a 64-bit id as the 16 hex it stored. */
export function wireTraceId(kind: TraceSourceKind, traceId: string): string {
  return kind === 'zipkin-v2' && traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
}

const trimBase = (url: string) => url.replace(/\/+$/, '');

/** The URL that fetches one trace (`traceId`: 32 lowercase hex) from `source`. */
export function traceUrl(source: SourceAddress, traceId: string): string {
  const id = encodeURIComponent(wireTraceId(source.kind, traceId));
  return `${trimBase(source.baseUrl)}${PATHS[source.kind](id, source.org ?? '')}`;
}

/** An error body that says "no such trace": Jaeger v3's `{"error":{"httpCode":404}}`, Jaeger v1's errors list. */
function saysNotFound(payload: unknown): boolean {
  if (!isRecord(payload)) return false;
  if (isRecord(payload.error) && payload.error.httpCode === 404) return true;
  const errors = payload.errors;
  const noData = payload.data === null || (Array.isArray(payload.data) && payload.data.length === 0);
  return noData && Array.isArray(errors) && errors.some((e) => isRecord(e) && e.code === 404);
}

const MAX_MESSAGE = 200;
const short = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text);

/**
 * What a source's answer to a trace request means. Only the traces with `traceId` are kept: nothing of a
 * payload that fails to parse or normalise is returned, so nothing of it can be stored.
 */
export function classifyResponse(kind: TraceSourceKind, traceId: string, status: number, body: string): FetchOutcome {
  if (kind === 'sentry') {
    // Sentry answers an unknown trace with an empty table: its 404 means the organization, never the trace.
    if (status === 401 || status === 403) return { kind: 'error', message: SENTRY_AUTH_MESSAGE(status) };
    if (status === 404) return { kind: 'error', message: SENTRY_NOT_FOUND_MESSAGE };
  }
  if (status === 404) return { kind: 'not-found' };
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    if (status < 200 || status > 299) return { kind: 'error', message: `HTTP ${status}: ${short(body.trim())}` };
    return { kind: 'error', message: `HTTP ${status} with a body that is not JSON: ${short(body.trim())}` };
  }
  if (saysNotFound(payload)) return { kind: 'not-found' };
  if (status < 200 || status > 299) return { kind: 'error', message: `HTTP ${status}: ${short(body.trim())}` };
  const result = NORMALISERS[kind](payload);
  if (!result.ok) return { kind: 'error', message: short(result.error) };
  const traces = result.traces.filter((t) => t.traceId === traceId && t.spans.length > 0);
  if (traces.length > 0) return { kind: 'found', traces, warnings: result.warnings };
  // An empty answer (Zipkin's `[]`, Tempo's `{}`, Jaeger's `{"data":[]}`) is "not there yet".
  if (result.traces.every((t) => t.spans.length === 0)) return { kind: 'not-found' };
  return { kind: 'error', message: 'the answer holds other traces than the one asked for' };
}

/** Whether trying again later can change the outcome: a trace not ingested yet, a source down or overloaded. */
export function isRetryableStatus(status: number): boolean {
  return status === 404 || status === 408 || status === 429 || status >= 500;
}

/** The same for one kind: Sentry's 404 names a wrong organization, which waiting does not mend. */
export const isRetryableFor = (kind: TraceSourceKind, status: number): boolean =>
  isRetryableStatus(status) && !(kind === 'sentry' && status === 404);

const SENTRY_NOT_FOUND_MESSAGE = 'HTTP 404: no such organization, the token cannot see it, or it cannot query spans';

/** Sentry's refusal, said plainly; the token itself never goes into a message. */
export const SENTRY_AUTH_MESSAGE = (status: number): string =>
  `HTTP ${status}: the auth token is missing or lacks org:read`;

const PROBES: Record<TraceSourceKind, (org: string) => string> = {
  'jaeger-v1': () => '/api/services',
  'jaeger-v3': () => '/api/v3/services',
  'tempo-v1': () => '/api/status/buildinfo',
  'tempo-v2': () => '/api/status/buildinfo',
  'zipkin-v2': () => '/info',
  sentry: sentryProbePath,
};

/** A cheap request that says whether a source answers, and its version where the API tells (Tempo, Zipkin). */
export function probeUrl(source: SourceAddress): string {
  return `${trimBase(source.baseUrl)}${PROBES[source.kind](source.org ?? '')}`;
}

/** The version in a probe's answer: Tempo's build info `{version}`, Zipkin's `/info` `{zipkin: {version}}`. */
export function versionFrom(body: string): string | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(payload)) return undefined;
  const version = isRecord(payload.zipkin) ? payload.zipkin.version : payload.version;
  return typeof version === 'string' && version !== '' ? short(version) : undefined;
}
