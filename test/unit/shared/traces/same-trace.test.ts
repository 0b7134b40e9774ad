import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../../../../src/shared/traces/model';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { normalizeZipkinV2 } from '../../../../src/shared/traces/zipkin-v2';
import { fixtureJson, onlyTrace } from './fixtures';

// The OpenTelemetry JS SDK's capture (otel-js-otlp.json) and its re-encodings as Tempo v1, Tempo v2
// and Jaeger v3 return it, and the Zipkin exporter's posts of the same spans: one trace, five spellings.
const TRACE_ID = 'e65eaae45b964461c50ba0f16eaba1e0';
const EXPECTED = [
  // spanId, parent, name, service, kind, status, duration in ms (from the capture script's times)
  ['19043e3a8d288e64', undefined, 'GET /checkout', 'shop-web', 'server', 'error', 180],
  ['d114ccf5c4f706f6', '19043e3a8d288e64', 'POST /api/pay', 'shop-web', 'client', 'error', 137.625],
  ['4a00689f5227b146', '19043e3a8d288e64', 'publish orders', 'shop-web', 'producer', 'unset', 2.5],
  ['9ec04f7d20fa53f4', '19043e3a8d288e64', 'render receipt', 'shop-web', 'internal', 'ok', 15.000123],
  ['6c22fcf3d84e24e1', 'd114ccf5c4f706f6', 'POST /api/pay', 'payments', 'server', 'error', 133.75],
  ['fd5fb4929c177972', '6c22fcf3d84e24e1', 'SELECT accounts', 'payments', 'client', 'unset', 11.75],
  ['bedb07bfbb752f33', '6c22fcf3d84e24e1', 'charge card', 'payments', 'internal', 'error', 105],
  ['647918f84453f0e4', '4a00689f5227b146', 'process orders', 'payments', 'consumer', 'unset', 13],
] as const;

/** What every format must agree on: identity, tree, naming, kind and status code. */
const shape = (s: Span) => [s.spanId, s.parentSpanId, s.name, s.service, s.kind, s.status.code];
const byId = (trace: Trace) => new Map(trace.spans.map((s) => [s.spanId, s]));

const otlp = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
const encodings: [string, Trace][] = [
  ['Tempo v1 (batches, base64 ids, enum names)', onlyTrace(normalizeOtlp(fixtureJson('otel-js-tempo-v1.json')))],
  ['Tempo v2 ({trace: {resourceSpans}})', onlyTrace(normalizeOtlp(fixtureJson('otel-js-tempo-v2.json')))],
  ['Jaeger v3 ({result}, sorted keys)', onlyTrace(normalizeOtlp(fixtureJson('otel-js-jaeger-v3.json')))],
  ['Zipkin v2 (exporter posts)', onlyTrace(normalizeZipkinV2(fixtureJson('otel-js-zipkin-v2.json')))],
];

describe('one trace in five encodings', () => {
  it('reads the OTLP capture as the trace the script recorded', () => {
    expect(otlp.traceId).toBe(TRACE_ID);
    const spans = byId(otlp);
    expect(spans.size).toBe(EXPECTED.length);
    for (const [spanId, parent, name, service, kind, status, duration] of EXPECTED) {
      expect(shape(spans.get(spanId)!)).toEqual([spanId, parent, name, service, kind, status]);
      const span = spans.get(spanId)!;
      expect(span.end - span.start).toBeCloseTo(duration, 3);
    }
  });

  it.each(encodings)('%s gives the same spans: ids, parents, names, services, kinds, statuses', (_, trace) => {
    expect(trace.traceId).toBe(TRACE_ID);
    expect(trace.spans.map(shape).sort()).toEqual(otlp.spans.map(shape).sort());
  });

  it.each(encodings)('%s gives the same start and end times within 1 µs', (_, trace) => {
    const reference = byId(otlp);
    for (const span of trace.spans) {
      const same = reference.get(span.spanId)!;
      expect(Math.abs(span.start - same.start)).toBeLessThan(0.001);
      expect(Math.abs(span.end - same.end)).toBeLessThan(0.001);
    }
  });

  it.each(encodings.slice(0, 3))('%s keeps attributes, events, links and status messages as OTLP has them', (_, t) => {
    const reference = byId(otlp);
    for (const span of t.spans) {
      const same = reference.get(span.spanId)!;
      expect(span.attributes).toEqual(same.attributes);
      expect(span.resource).toEqual(same.resource);
      expect(span.scope).toEqual(same.scope);
      expect(span.events).toEqual(same.events);
      expect(span.links).toEqual(same.links);
      expect(span.status).toEqual(same.status);
    }
  });

  it('the Zipkin exporter keeps the error message and the events, as annotations without attributes', () => {
    const zipkin = byId(encodings[3]![1]);
    expect(zipkin.get('bedb07bfbb752f33')!.status).toEqual({ code: 'error', message: 'issuer declined the card' });
    expect(zipkin.get('bedb07bfbb752f33')!.events.map((e) => e.name)).toEqual(['exception']);
    // Zipkin tags are strings, and the exporter adds the resource attributes to them.
    expect(zipkin.get('fd5fb4929c177972')!.attributes['db.response.returned_rows']).toBe('1');
    expect(zipkin.get('fd5fb4929c177972')!.attributes['service.version']).toBe('2.4.1');
  });
});
