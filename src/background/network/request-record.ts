/**
 * Builds the stored request record and its performanceSpan (Sentry's replay format) from what webRequest
 * observed and what the page's wrapper reported. Pure: tested on real header values.
 */
import type { RequestRecord } from '../../shared/model';
import { performanceSpanEvent, type CustomEvent } from '../../shared/replay-events';
import { parseSentryTrace } from '../../shared/trace/sentry-trace';
import { parseTraceparent } from '../../shared/trace/traceparent';
import { traceIdsFromResponseHeaders } from '../../shared/trace/response-trace';
import { isSecretHeader, redactHeaders, redactUrl, type RedactionRules } from '../../shared/redact';
import { keptBody, type BodyRules } from './bodies';
import type { Observation, WrapperRecord } from './observation';

const TRACE_HEADERS = new Set(['traceparent', 'sentry-trace', 'b3', 'x-b3-traceid']);

/** What may be stored of a request: the redaction settings and the body capture settings (`network.bodies`). */
export interface CaptureRules extends RedactionRules {
  /** Absent: no body is kept. */
  bodies?: BodyRules;
}

function opFor(obs: Observation | null, wrapper: WrapperRecord | null): { op: string; api: RequestRecord['api'] } {
  if (wrapper?.api === 'fetch') return { op: 'resource.fetch', api: 'fetch' };
  if (wrapper?.api === 'xhr') return { op: 'resource.xhr', api: 'xhr' };
  if (wrapper?.api === 'beacon' || obs?.type === 'ping') return { op: 'resource.beacon', api: 'beacon' };
  if (obs?.type === 'main_frame' || obs?.type === 'sub_frame') return { op: 'navigation.navigate', api: 'document' };
  // fetch and XHR both show as "xmlhttprequest" in webRequest; without the wrapper we cannot tell.
  if (obs?.type === 'xmlhttprequest') return { op: 'resource.fetch', api: null };
  return { op: `resource.${obs?.type ?? 'other'}`, api: null };
}

/** The trace id the request carried on the wire: what Tandem injected, the page set, or DNR added. */
function sentTrace(obs: Observation | null): { traceId: string; spanId: string } | null {
  const get = (name: string) => obs?.requestHeaders.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  const tp = parseTraceparent(get('traceparent'));
  if (tp) return { traceId: tp.traceId, spanId: tp.parentId };
  const st = parseSentryTrace(get('sentry-trace'));
  return st ? { traceId: st.traceId, spanId: st.spanId } : null;
}

/** Whether a request header webRequest saw carries `traceId` (traceparent, sentry-trace, b3, baggage...). */
function carried(obs: Observation | null, traceId: string | null): boolean {
  if (!obs || !traceId) return false;
  const id = traceId.toLowerCase();
  return obs.requestHeaders.some((h) => h.value?.toLowerCase().includes(id));
}

export function buildRequestRecord(
  obs: Observation | null,
  wrapper: WrapperRecord | null,
  rules: CaptureRules,
): RequestRecord {
  const base = obs ?? null;
  const sessionId = (base?.sessionId ?? wrapper?.sessionId)!;
  // What the user redacted is not read either (x-request-id would otherwise come back as correlationId).
  const response = traceIdsFromResponseHeaders(
    (base?.responseHeaders ?? []).filter((h) => !isSecretHeader(h.name, rules.headers)),
  );
  // The wrapper's ids count only if it sent a header that carries them (not for replay-id or baggage alone),
  // and only if webRequest saw that header go out: the page can report any ids for any request it likes.
  const wrapperSentTrace =
    !!wrapper &&
    (wrapper.adopted || wrapper.injected.some((h) => TRACE_HEADERS.has(h))) &&
    carried(base, wrapper.traceId);
  const sent =
    sentTrace(base) ??
    (wrapperSentTrace && wrapper?.traceId && wrapper.spanId
      ? { traceId: wrapper.traceId, spanId: wrapper.spanId }
      : null);
  const { op, api } = opFor(base, wrapper);
  const traceSource = sent
    ? wrapper?.adopted
      ? 'page'
      : wrapperSentTrace
        ? 'injected'
        : api === 'document'
          ? 'dnr'
          : 'page'
    : response.traceId
      ? `response:${response.source}`
      : null;
  return {
    sessionId,
    id: base?.requestId ?? `w:${wrapper!.id}`,
    tabId: base?.tabId ?? wrapper!.tabId,
    url: redactUrl(base?.url ?? wrapper!.url, rules.queryParams),
    method: base?.method ?? wrapper!.method,
    type: base?.type ?? (wrapper?.api === 'beacon' ? 'ping' : 'xmlhttprequest'),
    api,
    op,
    startTs: Math.min(base?.startTs ?? Infinity, wrapper?.startTs ?? Infinity),
    endTs: Math.max(base?.endTs ?? 0, wrapper?.endTs ?? 0) || (base?.startTs ?? wrapper!.startTs),
    status: base?.status || wrapper?.status || 0,
    error: base?.error ?? wrapper?.error ?? null,
    fromCache: base?.fromCache ?? false,
    requestHeaders: redactHeaders(base?.requestHeaders ?? [], rules),
    responseHeaders: redactHeaders(base?.responseHeaders ?? [], rules),
    traceId: sent?.traceId ?? response.traceId,
    spanId: sent?.spanId ?? null,
    traceSource,
    responseTraceId: response.traceId,
    responseSpanId: response.spanId,
    correlationId: response.correlationId,
    serverTiming: response.metrics.map((m) => ({ name: m.name, dur: m.dur, ...(m.desc ? { desc: m.desc } : {}) })),
    injectedHeaders: wrapper?.injected ?? [],
    adopted: wrapper?.adopted ?? false,
    retriedWithoutHeaders: wrapper?.retried ?? false,
    redirects: (base?.redirects ?? []).map((r) => ({ ...r, url: redactUrl(r.url, rules.queryParams) })),
    ...(rules.bodies ? keptBody(base, wrapper, rules.bodies) : {}),
  };
}

/** The request as the replay shows it: Sentry's performanceSpan for network requests. */
export function requestSpan(r: RequestRecord): CustomEvent {
  const size = Number(r.responseHeaders['content-length']);
  return performanceSpanEvent({
    op: r.op,
    description: r.url,
    startMs: r.startTs,
    endMs: r.endTs,
    data: {
      method: r.method,
      statusCode: r.status,
      ...(r.error ? { error: r.error } : {}),
      request: { headers: r.requestHeaders },
      response: {
        headers: r.responseHeaders,
        ...(Number.isFinite(size) ? { size } : {}),
        ...(r.responseBody !== undefined ? { body: r.responseBody } : {}),
      },
      requestId: r.id,
      traceId: r.traceId,
      spanId: r.spanId,
      traceSource: r.traceSource,
      responseTraceId: r.responseTraceId,
      correlationId: r.correlationId,
      serverTiming: r.serverTiming,
    },
  });
}
