/**
 * Sentry Spotlight's sidecar stream, pure: where it is, and what one of its Server-Sent Events holds.
 * `GET {url}/stream` sends every envelope the sidecar receives as an event named by its content type;
 * current sidecars send the envelope already parsed (`[headers, [[itemHeader, payload], ...]]` on one
 * `data:` line), older ones the raw envelope text over several `data:` lines. Both are read.
 */
import type { TracesResult } from './model';
import { normalizeSentryEnvelope } from './sentry-items';
import type { SseEvent } from './sse';

/** The event name Spotlight gives Sentry envelopes; other events (its own bookkeeping) are skipped. */
export const SPOTLIGHT_ENVELOPE_EVENT = 'application/x-sentry-envelope';

export function spotlightStreamUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/stream`;
}

export function spotlightHealthUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/health`;
}

/** What one event holds: traces, nothing of interest (`null`), or a clear error and nothing else. */
export function tracesOfSpotlightEvent(event: SseEvent): TracesResult | null {
  if (event.type.split(';')[0]!.trim() !== SPOTLIGHT_ENVELOPE_EVENT) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    // Not one JSON value: the raw envelope text (header line, item lines).
    return normalizeSentryEnvelope(event.data);
  }
  return normalizeSentryEnvelope(Array.isArray(parsed) ? parsed : event.data);
}
