/**
 * Trace normalisation (pure: no DOM, no chrome.*, safe in the service worker): each backend's trace
 * format into one model (model.ts), and metric summaries over it (metrics.ts).
 */
export type * from './model';
export { normalizeJaegerV1 } from './jaeger-v1';
export { normalizeOtlp, normalizeOtlpText } from './otlp';
export { normalizeZipkinV2 } from './zipkin-v2';
export { type Envelope, type EnvelopeItem, type EnvelopeResult, parseSentryEnvelope } from './sentry-envelope';
export { type SentryOptions, normalizeSentryEnvelope } from './sentry-items';
export { mergeTraces } from './merge';
export {
  type TraceMetricSummaries,
  metricKey,
  mergeSummaries,
  summariesFromPoints,
  legacyMetricsSummary,
  serverTimingSummaries,
  attributeSummaries,
  summarizeTrace,
  subtreeSummaries,
} from './metrics';
export {
  type RequestMetricFields,
  type SessionMetricSummaries,
  requestRootSpan,
  requestSummaries,
  sessionSummaries,
} from './request-metrics';
export * from './query/index';
export { normalizeSentrySpansTable } from './sentry-api';
export { type TraceLink, traceLinks } from './links';
