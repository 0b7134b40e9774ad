/**
 * OTLP/JSON traces in every wrapper the backends use: an OTLP file or export request
 * (`{resourceSpans}`), Tempo's `/api/traces/<id>` (`{batches}`), Tempo's `/api/v2/traces/<id>`
 * (`{trace: {resourceSpans}}`), Jaeger's `/api/v3/traces/<id>` (`{result: {resourceSpans}}`).
 * The encodings differ too: ids hex (OTLP, Jaeger) or base64 (Tempo's jsonpb), kind and status as
 * integers or enum names, nanoseconds as strings or numbers, `scopeSpans` or the older
 * `instrumentationLibrarySpans`. All are accepted wherever they appear.
 */
import { assembleTraces } from './assemble';
import { isRecord, otlpAttributes } from './attributes';
import type { Span, SpanKind, SpanStatusCode, TracesResult } from './model';
import { checkedResourceSpans, type ResourceSpans } from './otlp-schema';
import { fail, safely, warn } from './result';
import { nanosToMs } from './time';
import { parentIdFrom, spanIdFrom, traceIdFrom } from './wire-ids';

const KINDS: readonly SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

/** An enum given as its integer or as its proto name (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`). */
function enumIndex(value: number | string | undefined, prefix: string, names: readonly string[]): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const index = names.indexOf(value.startsWith(prefix) ? value.slice(prefix.length) : value);
  return index < 0 ? Number.NaN : index;
}

const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'];

function convertResourceSpans(batch: ResourceSpans, at: string, warnings: string[]): Span[] {
  const resource = otlpAttributes(batch.resource?.attributes, `${at}.resource`);
  const serviceName = resource['service.name'];
  const service = typeof serviceName === 'string' && serviceName !== '' ? serviceName : 'unknown_service';
  const groups = [
    ...(batch.scopeSpans ?? []).map((g, i) => ({ scope: g.scope, spans: g.spans, at: `${at}.scopeSpans[${i}]` })),
    ...(batch.instrumentationLibrarySpans ?? []).map((g, i) => ({
      scope: g.instrumentationLibrary,
      spans: g.spans,
      at: `${at}.instrumentationLibrarySpans[${i}]`,
    })),
  ];
  const out: Span[] = [];
  for (const group of groups) {
    const { name: scopeName, version } = group.scope ?? {};
    const scope = scopeName ? (version ? { name: scopeName, version } : { name: scopeName }) : undefined;
    (group.spans ?? []).forEach((raw, i) => {
      const where = `${group.at}.spans[${i}]`;
      const kindIndex = enumIndex(raw.kind, 'SPAN_KIND_', KIND_NAMES);
      const statusIndex = enumIndex(raw.status?.code, 'STATUS_CODE_', STATUS_NAMES);
      const kind = KINDS[kindIndex];
      const status = STATUSES[statusIndex];
      if (!kind) warn(warnings, `${where}: unknown kind ${String(raw.kind)}, read as internal`);
      if (!status) warn(warnings, `${where}: unknown status ${String(raw.status?.code)}, read as unset`);
      // Zero values are omitted by proto3 JSON encoders (Jaeger v3 does), so a span can lack times.
      if (raw.startTimeUnixNano === undefined) warn(warnings, `${where}: no start time, read as 0`);
      const start = raw.startTimeUnixNano === undefined ? 0 : nanosToMs(raw.startTimeUnixNano, where);
      const end = raw.endTimeUnixNano === undefined ? start : nanosToMs(raw.endTimeUnixNano, where);
      const parentSpanId = parentIdFrom(raw.parentSpanId, `${where}.parentSpanId`);
      const message = raw.status?.message;
      out.push({
        traceId: traceIdFrom(raw.traceId, `${where}.traceId`),
        spanId: spanIdFrom(raw.spanId, `${where}.spanId`),
        ...(parentSpanId ? { parentSpanId } : {}),
        name: raw.name ?? '',
        service,
        kind: kind ?? 'internal',
        start,
        end,
        status: message ? { code: status ?? 'unset', message } : { code: status ?? 'unset' },
        attributes: otlpAttributes(raw.attributes, `${where}.attributes`),
        resource,
        ...(scope ? { scope } : {}),
        events: (raw.events ?? []).map((e, j) => ({
          name: e.name ?? '',
          time: e.timeUnixNano === undefined ? start : nanosToMs(e.timeUnixNano, `${where}.events[${j}]`),
          attributes: otlpAttributes(e.attributes, `${where}.events[${j}]`),
        })),
        links: (raw.links ?? []).map((l, j) => ({
          traceId: traceIdFrom(l.traceId, `${where}.links[${j}]`),
          spanId: spanIdFrom(l.spanId, `${where}.links[${j}]`),
          attributes: otlpAttributes(l.attributes, `${where}.links[${j}]`),
        })),
      });
    });
  }
  return out;
}

/** Finds the list of ResourceSpans inside whichever wrapper the payload uses. */
function unwrap(payload: unknown, warnings: string[]): { list: unknown; at: string } {
  if (!isRecord(payload)) return fail('expected a JSON object');
  if ('batches' in payload) return { list: payload.batches, at: 'batches' };
  if ('resourceSpans' in payload) return { list: payload.resourceSpans, at: 'resourceSpans' };
  if ('error' in payload && isRecord(payload.error)) {
    // Jaeger v3's gateway error body, e.g. {"error":{"httpCode":404,"message":"No traces found"}}.
    const { httpCode, message } = payload.error;
    return fail(`backend error ${String(httpCode ?? '')} ${String(message ?? '')}`.trim());
  }
  for (const wrapper of ['trace', 'result'] as const) {
    if (!(wrapper in payload)) continue;
    const inner = payload[wrapper];
    if (wrapper === 'trace' && typeof payload.status === 'string' && payload.status !== 'COMPLETE') {
      // Tempo v2 marks a trace cut short by its limits as PARTIAL, with the reason in `message`.
      warn(warnings, `Tempo says the trace is ${payload.status}: ${String(payload.message ?? '')}`.trim());
    }
    if (!isRecord(inner)) return fail(`${wrapper}: expected an object`);
    return { list: inner.resourceSpans, at: `${wrapper}.resourceSpans` };
  }
  if (Object.keys(payload).length === 0) return { list: [], at: '' };
  return fail('not an OTLP trace payload (expected resourceSpans, batches, trace or result)');
}

function spansOf(payload: unknown, warnings: string[]): Span[] {
  const { list, at } = unwrap(payload, warnings);
  const batches = checkedResourceSpans(list, at) ?? [];
  return batches.flatMap((batch, i) => convertResourceSpans(batch, `${at}[${i}]`, warnings));
}

/** One parsed OTLP/JSON document in any of the wrappers above. */
export function normalizeOtlp(payload: unknown): TracesResult {
  return safely('OTLP', (warnings) => assembleTraces({ spans: spansOf(payload, warnings) }, warnings));
}

/**
 * OTLP/JSON text: one document, or JSON Lines of them (the Collector's file exporter writes one
 * export request per line; Jaeger v3's gateway may stream one `{result}` per line).
 */
export function normalizeOtlpText(text: string): TracesResult {
  return safely('OTLP', (warnings) => {
    let documents: unknown[];
    try {
      documents = [JSON.parse(text)];
    } catch {
      const lines = text.split('\n').filter((line) => line.trim() !== '');
      documents = lines.map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return fail(`line ${i + 1} is not JSON`);
        }
      });
    }
    return assembleTraces({ spans: documents.flatMap((doc) => spansOf(doc, warnings)) }, warnings);
  });
}
