/**
 * A trace file a developer drops into the panel: whatever their backend or tool exported. The format is
 * recognised from the content, not the file name (exports are often renamed `trace.json`), and read by
 * the same normaliser a live source of that format uses, so a file gives exactly what a fetch would.
 */
import { isRecord } from './attributes';
import { MAX_TRACE_FILE_CHARS } from './limits';
import { normalizeJaegerV1 } from './jaeger-v1';
import type { TracesResult } from './model';
import { normalizeOtlp, normalizeOtlpText } from './otlp';
import { normalizeSentryEnvelope } from './sentry-items';
import { normalizeZipkinV2 } from './zipkin-v2';

export type TraceFileFormat = 'otlp' | 'jaeger' | 'zipkin' | 'sentry-envelope';

export type TraceFileResult =
  | { ok: true; format: TraceFileFormat; traces: Extract<TracesResult, { ok: true }>['traces']; warnings: string[] }
  | { ok: false; error: string };

const OTLP_KEYS = ['resourceSpans', 'batches', 'result', 'trace'];

/** Which format a parsed JSON document is in, or undefined when it is none Tandem reads. */
function formatOf(doc: unknown): TraceFileFormat | undefined {
  if (Array.isArray(doc)) {
    const first: unknown = doc[0];
    // Zipkin v2: a list of spans (`traceId`, `id`); Jaeger: a list of trace objects (`traceID`, `spans`);
    // a Sentry envelope as Spotlight writes it: `[headers, [[itemHeader, payload], ...]]`.
    if (isRecord(first) && 'traceId' in first && 'id' in first) return 'zipkin';
    if (isRecord(first) && 'spans' in first) return 'jaeger';
    if (doc.length === 2 && isRecord(first) && Array.isArray(doc[1])) return 'sentry-envelope';
    return doc.length === 0 ? 'zipkin' : undefined;
  }
  if (!isRecord(doc)) return undefined;
  if (OTLP_KEYS.some((key) => key in doc)) return 'otlp';
  if ('data' in doc || ('traceID' in doc && 'spans' in doc)) return 'jaeger';
  return undefined;
}

const NORMALISERS: Record<TraceFileFormat, (doc: unknown) => TracesResult> = {
  otlp: normalizeOtlp,
  jaeger: normalizeJaegerV1,
  zipkin: normalizeZipkinV2,
  'sentry-envelope': normalizeSentryEnvelope,
};

const SUPPORTED =
  'OTLP/JSON (one document or JSON Lines), Jaeger JSON (API answer or UI export), Zipkin v2 JSON or a Sentry envelope';

function done(format: TraceFileFormat, result: TracesResult): TraceFileResult {
  return result.ok ? { ok: true, format, traces: result.traces, warnings: result.warnings } : result;
}

/** Reads a dropped trace file; one clear error (naming what is supported) when it is none of them. */
export function readTraceFile(text: string): TraceFileResult {
  if (text.length > MAX_TRACE_FILE_CHARS) {
    return { ok: false, error: `the file is larger than ${MAX_TRACE_FILE_CHARS / 1024 / 1024} MB` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const lineEnd = text.indexOf('\n');
    const firstLine = (lineEnd < 0 ? text : text.slice(0, lineEnd)).trim();
    let first: unknown;
    try {
      first = JSON.parse(firstLine);
    } catch {
      return { ok: false, error: `not a trace file Tandem reads (${SUPPORTED})` };
    }
    // Several JSON lines: OTLP JSON Lines (the Collector's file exporter), or a raw Sentry envelope whose
    // first line is the envelope header.
    if (isRecord(first) && OTLP_KEYS.some((key) => key in first)) return done('otlp', normalizeOtlpText(text));
    return done('sentry-envelope', normalizeSentryEnvelope(text));
  }
  const format = formatOf(doc);
  if (!format) return { ok: false, error: `not a trace file Tandem reads (${SUPPORTED})` };
  return done(format, NORMALISERS[format](doc));
}
