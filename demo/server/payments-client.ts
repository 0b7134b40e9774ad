/**
 * The shop's call to the payments service, made inside its `payment.authorize` span. The service is
 * instrumented with Sentry, which continues a trace only from `sentry-trace` + `baggage` (not from a bare
 * `traceparent`), so both are built here from the active OpenTelemetry span.
 */
import { propagation, context as otelContext, TraceFlags, type Span } from '@opentelemetry/api';
import { AUTHORIZE_PATH, type AuthorizeReply, type AuthorizeRequest } from '../payments/protocol';

/** Members of the caller's own Sentry baggage (e.g. Tandem's `sentry-replay_id`) travel on. */
const REPLACED = new Set(['sentry-trace_id', 'sentry-sampled', 'sentry-sample_rate', 'sentry-sample_rand']);

export function sentryHeadersFor(span: Span): { 'sentry-trace': string; baggage: string } {
  const { traceId, spanId, traceFlags } = span.spanContext();
  const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  const incoming = propagation.getBaggage(otelContext.active())?.getAllEntries() ?? [];
  const carried = incoming
    .filter(([key]) => key.startsWith('sentry-') && !REPLACED.has(key))
    .map(([key, entry]) => `${key}=${encodeURIComponent(entry.value)}`);
  const own = [`sentry-trace_id=${traceId}`, `sentry-sampled=${sampled}`, 'sentry-sample_rate=1'];
  if (!carried.some((m) => m.startsWith('sentry-environment='))) own.push('sentry-environment=demo');
  return { 'sentry-trace': `${traceId}-${spanId}-${sampled ? '1' : '0'}`, baggage: [...own, ...carried].join(',') };
}

export type AuthorizeOutcome = { approved: true; authorizationId: string } | { approved: false; declineCode: string };

export async function authorizeWithService(
  paymentsUrl: string,
  span: Span,
  request: AuthorizeRequest,
): Promise<AuthorizeOutcome> {
  const res = await fetch(`${paymentsUrl}${AUTHORIZE_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sentryHeadersFor(span) },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(10_000),
  });
  const reply = (await res.json()) as AuthorizeReply;
  if (res.status === 200 && 'authorizationId' in reply)
    return { approved: true, authorizationId: reply.authorizationId };
  if (res.status === 402 && 'code' in reply) return { approved: false, declineCode: reply.code };
  throw new Error(`payments service answered ${res.status}`);
}
