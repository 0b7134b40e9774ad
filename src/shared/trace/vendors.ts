/**
 * Vendor trace headers that carry a trace id in another shape, converted to W3C ids the way the
 * OpenTelemetry propagators for those vendors do, so the id matches what the backend exported.
 */
import { decimalToHex64, isValidSpanId, normalizeSpanId, padHexId, SPAN_ID_LENGTH, TRACE_ID_LENGTH } from './ids';
import { trimOws } from './text';

export interface VendorTrace {
  traceId: string;
  spanId: string | null;
  /** null when the header does not say. */
  sampled: boolean | null;
}

/** Headers are tiny; anything this long is not one of these formats and is not scanned further. */
const MAX_HEADER_LENGTH = 1024;

/** `k=v;k=v` pairs (X-Ray and Datadog's tags use them), keys as written, first occurrence wins. */
function keyValues(value: string, separator: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(separator)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = trimOws(part.slice(0, eq));
    if (!out.has(key)) out.set(key, trimOws(part.slice(eq + 1)));
  }
  return out;
}

const XRAY_ROOT = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/;

/**
 * AWS X-Ray `X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`.
 * The W3C id is the Root without its version and dashes: 5759e988bd862e3fe1be46a994272793.
 * Only `Root` is required here (load balancers add `Root` alone, or with `Self=`, which is theirs).
 */
export function parseXRayTraceId(value: string | null | undefined): VendorTrace | null {
  if (typeof value !== 'string' || value.length > MAX_HEADER_LENGTH) return null;
  const fields = keyValues(value, ';');
  const root = XRAY_ROOT.exec(fields.get('Root') ?? '');
  if (!root) return null;
  const traceId = padHexId(`${root[1] ?? ''}${root[2] ?? ''}`, TRACE_ID_LENGTH);
  if (traceId === null) return null;
  const sampled = fields.get('Sampled');
  return {
    traceId,
    spanId: normalizeSpanId(fields.get('Parent')),
    sampled: sampled === '1' ? true : sampled === '0' ? false : null,
  };
}

const CLOUD_TRACE = /^([0-9a-fA-F]{32})(?:\/([0-9]*))?(?:;o=([0-9]*))?$/;

/**
 * Google Cloud `X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS`: a 32-hex trace id and a
 * *decimal* unsigned 64-bit span id (so `/789` is span 0000000000000315). Span and options are
 * optional, as App Engine's own parser accepts.
 */
export function parseCloudTraceContext(value: string | null | undefined): VendorTrace | null {
  if (typeof value !== 'string' || value.length > MAX_HEADER_LENGTH) return null;
  const match = CLOUD_TRACE.exec(trimOws(value));
  if (!match) return null;
  const traceId = padHexId(match[1] ?? '', TRACE_ID_LENGTH);
  if (traceId === null) return null;
  const options = match[3];
  return {
    traceId,
    spanId: match[2] ? decimalToHex64(match[2]) : null,
    sampled: options === '1' ? true : options === '0' ? false : null,
  };
}

/**
 * Jaeger `uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}`. Jaeger clients drop
 * leading zeros, so ids are left-padded (trace to 32, span to 16) as the OpenTelemetry Jaeger
 * propagator does; some clients URL-encode the colons (`%3A`). Flags bit 0x01 is "sampled".
 */
export function parseUberTraceId(value: string | null | undefined): VendorTrace | null {
  if (typeof value !== 'string' || value.length > MAX_HEADER_LENGTH) return null;
  const parts = trimOws(value).replace(/%3a/gi, ':').split(':');
  if (parts.length !== 4) return null;
  const [rawTrace = '', rawSpan = '', , rawFlags = ''] = parts;
  const traceId = padHexId(rawTrace, TRACE_ID_LENGTH);
  const spanId = padHexId(rawSpan, SPAN_ID_LENGTH);
  if (traceId === null || spanId === null || !/^[0-9a-fA-F]{1,2}$/.test(rawFlags)) return null;
  return { traceId, spanId, sampled: (Number.parseInt(rawFlags, 16) & 1) === 1 };
}

export interface DatadogHeaders {
  traceId: string | null;
  parentId?: string | null;
  samplingPriority?: string | null;
  /** `x-datadog-tags`; its `_dd.p.tid` holds the upper 64 bits of a 128-bit trace id. */
  tags?: string | null;
}

/**
 * Datadog's `x-datadog-trace-id` (decimal, the lower 64 bits of the trace id) and
 * `x-datadog-parent-id` (decimal span id). The lower half becomes the last 16 hex characters of a
 * W3C id; the upper half comes from `_dd.p.tid` when present, otherwise zeros, which is how
 * Datadog's OpenTelemetry interop converts ids.
 */
export function parseDatadogTraceId(headers: DatadogHeaders): VendorTrace | null {
  if (typeof headers.traceId !== 'string') return null;
  const low = decimalToHex64(headers.traceId);
  if (low === null) return null;
  const tags = typeof headers.tags === 'string' && headers.tags.length <= MAX_HEADER_LENGTH ? headers.tags : '';
  const tid = keyValues(tags, ',').get('_dd.p.tid')?.toLowerCase() ?? '';
  const high = isValidSpanId(tid) ? tid : '0'.repeat(SPAN_ID_LENGTH);
  const priority = typeof headers.samplingPriority === 'string' ? Number(trimOws(headers.samplingPriority)) : NaN;
  return {
    traceId: `${high}${low}`,
    spanId: typeof headers.parentId === 'string' ? decimalToHex64(headers.parentId) : null,
    // Priorities 1 (auto keep) and 2 (user keep) keep the trace; 0 and -1 drop it.
    sampled: Number.isInteger(priority) ? priority > 0 : null,
  };
}
