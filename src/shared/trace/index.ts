/**
 * Pure parsers and formatters for the trace headers Tandem reads and writes: no DOM, no chrome.*,
 * safe in the page, the service worker and the panel.
 */
export {
  TRACE_ID_LENGTH,
  SPAN_ID_LENGTH,
  isValidTraceId,
  isValidSpanId,
  normalizeTraceId,
  normalizeSpanId,
  padHexId,
  decimalToHex64,
} from './ids';
export {
  type Traceparent,
  type TracestateMember,
  TRACESTATE_MAX_MEMBERS,
  parseTraceparent,
  formatTraceparent,
  parseTracestate,
  formatTracestate,
  isValidTracestateKey,
  isValidTracestateValue,
} from './traceparent';
export {
  type BaggageEntry,
  type BaggageProperty,
  type BaggageMergeResult,
  BAGGAGE_MAX_MEMBERS,
  BAGGAGE_MAX_BYTES,
  parseBaggage,
  formatBaggage,
  mergeBaggage,
  encodeBaggageValue,
  decodeBaggageValue,
} from './baggage';
export { type SentryTrace, parseSentryTrace, formatSentryTrace } from './sentry-trace';
export {
  type B3Context,
  type B3Sampling,
  parseB3Single,
  formatB3Single,
  parseB3Multi,
  formatB3Multi,
} from './b3';
export { type ServerTimingEntry, parseServerTiming } from './server-timing';
export {
  type VendorTrace,
  type DatadogHeaders,
  parseXRayTraceId,
  parseCloudTraceContext,
  parseUberTraceId,
  parseDatadogTraceId,
} from './vendors';
export { type HeaderInput, type HeaderView, headerView } from './headers';
export {
  type ResponseTrace,
  type ServerTimingMetric,
  traceIdsFromResponseHeaders,
} from './response-trace';
