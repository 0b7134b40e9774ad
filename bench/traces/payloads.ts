/**
 * Large trace payloads for the normalising benchmark, made by repeating a real fixture with fresh span
 * ids until it holds the asked number of spans: the shapes, attributes and events stay the SDKs' own.
 * Copies hang under the first copy's root, so the result is one deep trace as a busy backend returns it.
 */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../test/fixtures/traces/', import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

type Json = Record<string, unknown>;
const hex16 = (n: number) => n.toString(16).padStart(16, '0');

/** The captured OTLP checkout (8 spans over 3 services) repeated to `spans` spans, as JSON text. */
export function otlpPayload(spans: number): string {
  const source = fixture('otel-js-otlp.json') as { resourceSpans: { scopeSpans: { spans: Json[] }[] }[] };
  const perCopy = source.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
  const copies = Math.ceil(spans / perCopy);
  let made = 0;
  // Each original id gets the copy number as its upper half: unique, and parents stay within their copy.
  const id = (copy: number, original: string) => copy.toString(16).padStart(8, '0') + original.slice(8);
  const root = (source.resourceSpans[0]!.scopeSpans[0]!.spans as Json[]).find((s) => !s.parentSpanId)?.spanId;
  const firstRoot = id(0, String(root ?? '19043e3a8d288e64'));
  const resourceSpans = source.resourceSpans.map((resource) => ({
    ...resource,
    scopeSpans: resource.scopeSpans.map((scope) => ({ ...scope, spans: [] as Json[] })),
  }));
  for (let copy = 0; copy < copies; copy++) {
    source.resourceSpans.forEach((resource, r) => {
      resource.scopeSpans.forEach((scope, s) => {
        for (const span of scope.spans) {
          if (made++ >= spans) return;
          const parent = span.parentSpanId ? id(copy, String(span.parentSpanId)) : copy > 0 ? firstRoot : '';
          const links = ((span.links ?? []) as Json[]).map((l) => ({ ...l, spanId: id(copy, String(l.spanId)) }));
          const out = { ...span, spanId: id(copy, String(span.spanId)), parentSpanId: parent, links };
          resourceSpans[r]!.scopeSpans[s]!.spans.push(out);
        }
      });
    });
  }
  return JSON.stringify({ resourceSpans });
}

/**
 * Jaeger's UI-model fixture (logs, typed tags, CHILD_OF and FOLLOWS_FROM, a reference into another trace)
 * repeated to `spans` spans as a `GET /api/traces/{id}` answer. Every span gets its own id: the fixture's
 * one repeated id is there to test the normaliser's repair, which a large real trace would not need.
 */
export function jaegerV1Payload(spans: number): string {
  const source = fixture('jaeger-v1-trace-object-ui_01.json') as Json & { traceID: string; spans: Json[] };
  const out: Json[] = [];
  for (let copy = 0; out.length < spans; copy++) {
    const ids = new Map<string, string>();
    const base = copy * source.spans.length + 1;
    source.spans.forEach((span, j) => {
      if (!ids.has(String(span.spanID))) ids.set(String(span.spanID), hex16(base + j));
    });
    for (const [j, span] of source.spans.entries()) {
      if (out.length >= spans) break;
      const refs = (span.references as Json[]).map((ref) =>
        ref.traceID === source.traceID ? { ...ref, spanID: ids.get(String(ref.spanID)) ?? ref.spanID } : ref,
      );
      if (copy > 0 && refs.length === 0) refs.push({ refType: 'CHILD_OF', traceID: source.traceID, spanID: hex16(1) });
      out.push({ ...span, spanID: hex16(base + j), references: refs });
    }
  }
  return JSON.stringify({ data: [{ ...source, spans: out }], total: 0, limit: 0, offset: 0, errors: null });
}
