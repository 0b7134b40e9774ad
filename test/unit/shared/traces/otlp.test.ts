import { describe, expect, it } from 'vitest';
import { normalizeOtlp, normalizeOtlpText } from '../../../../src/shared/traces/otlp';
import { fixtureJson, fixtureText, onlyTrace, spanById } from './fixtures';

describe('normalizeOtlp: the OTLP/JSON example of opentelemetry-proto', () => {
  const trace = onlyTrace(normalizeOtlp(fixtureJson('otlp-traces.json')));

  it('lowercases the UPPERCASE hex ids and keeps the parent', () => {
    expect(trace.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(trace.spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([['eee19b7ec3c1b174', 'eee19b7ec3c1b173']]);
  });

  it('reads kind 2 as server, the service from the resource, the scope, and nanosecond strings as ms', () => {
    const [span] = trace.spans;
    expect(span).toMatchObject({
      name: "I'm a server span",
      service: 'my.service',
      kind: 'server',
      start: 1544712660000,
      end: 1544712661000,
      status: { code: 'unset' },
      attributes: { 'my.span.attr': 'some value' },
      resource: { 'service.name': 'my.service' },
      scope: { name: 'my.library', version: '1.0.0' },
    });
  });
});

describe('normalizeOtlp: Jaeger v3 snapshot', () => {
  const result = normalizeOtlp(fixtureJson('jaeger-v3-api-traces.json'));

  it('reads {result: {resourceSpans}} with integer kind and status, and omitted times as 0 with a warning', () => {
    const trace = onlyTrace(result);
    expect(trace.traceId).toBe('00000000000000000000000000000001');
    expect(trace.spans).toMatchObject([
      { spanId: '0000000000000002', name: 'foobar', kind: 'server', status: { code: 'error' }, start: 0, end: 0 },
    ]);
    expect(trace.spans[0]!.service).toBe('unknown_service');
    expect(result.ok && result.warnings).toEqual([
      'result.resourceSpans[0].scopeSpans[0].spans[0]: no start time, read as 0',
    ]);
  });

  it("turns the gateway's error body into an error", () => {
    expect(normalizeOtlp({ error: { httpCode: 404, message: 'No traces found' } })).toEqual({
      ok: false,
      error: 'OTLP: backend error 404 No traces found',
    });
  });
});

describe('normalizeOtlp: Tempo encodings of the captured trace', () => {
  const tempo = fixtureJson('otel-js-tempo-v1.json') as { batches: Record<string, unknown>[] };

  it('decodes base64 ids, including ones with + and /', () => {
    const trace = onlyTrace(normalizeOtlp(tempo));
    // "GQQ+Oo0ojmQ=" in the payload is the root span 19043e3a8d288e64.
    expect(JSON.stringify(tempo)).toContain('"spanId":"GQQ+Oo0ojmQ="');
    expect(spanById(trace, '19043e3a8d288e64').name).toBe('GET /checkout');
  });

  it('reads int64 attribute strings as numbers, and doubles, booleans and arrays as they are', () => {
    const trace = onlyTrace(normalizeOtlp(tempo));
    expect(spanById(trace, 'd114ccf5c4f706f6').attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'payments.internal',
      'server.port': 8443,
      'http.response.status_code': 502,
    });
    expect(spanById(trace, 'bedb07bfbb752f33').attributes).toEqual({
      'payment.amount': 42.5,
      'payment.currency': 'EUR',
      'payment.retry': false,
    });
    expect(spanById(trace, '9ec04f7d20fa53f4').attributes['render.partials']).toEqual(['header', 'footer']);
  });

  it('reads the exception event and the link of the error span', () => {
    const span = spanById(onlyTrace(normalizeOtlp(tempo)), 'bedb07bfbb752f33');
    expect(span.status).toEqual({ code: 'error', message: 'issuer declined the card' });
    expect(span.events).toHaveLength(1);
    expect(span.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'CardDeclined', 'exception.message': 'issuer declined the card' },
    });
    expect(span.events[0]!.time - span.start).toBeCloseTo(104.5, 3);
    expect(span.links).toEqual([
      {
        traceId: 'e65eaae45b964461c50ba0f16eaba1e0',
        spanId: 'fd5fb4929c177972',
        attributes: { 'link.reason': 'balance checked by' },
      },
    ]);
  });

  it('accepts the older instrumentationLibrarySpans / instrumentationLibrary names', () => {
    // Older Tempo returned the deprecated names; the same capture, renamed the way they were.
    const legacy = JSON.parse(
      JSON.stringify(tempo)
        .replaceAll('"scopeSpans"', '"instrumentationLibrarySpans"')
        .replaceAll('"scope"', '"instrumentationLibrary"'),
    );
    const current = onlyTrace(normalizeOtlp(tempo));
    expect(onlyTrace(normalizeOtlp(legacy))).toEqual(current);
  });

  it('warns when Tempo v2 says the trace is PARTIAL', () => {
    const v2 = fixtureJson('otel-js-tempo-v2.json') as Record<string, unknown>;
    const result = normalizeOtlp({ ...v2, status: 'PARTIAL', message: 'trace exceeds max size' });
    expect(result.ok && result.warnings).toEqual(['Tempo says the trace is PARTIAL: trace exceeds max size']);
  });
});

describe('normalizeOtlpText', () => {
  it('reads one document', () => {
    expect(onlyTrace(normalizeOtlpText(fixtureText('otel-js-otlp.json'))).spans).toHaveLength(8);
  });

  it('reads JSON Lines (one export request per line) into one trace per id', () => {
    const otlp = fixtureJson('otel-js-otlp.json') as { resourceSpans: unknown[] };
    const lines = otlp.resourceSpans.map((rs) => JSON.stringify({ resourceSpans: [rs] })).join('\n');
    const trace = onlyTrace(normalizeOtlpText(`${lines}\n`));
    expect(trace.spans).toHaveLength(8);
    expect(new Set(trace.spans.map((s) => s.service))).toEqual(new Set(['shop-web', 'payments']));
  });

  it('names the line that is not JSON', () => {
    expect(normalizeOtlpText('{"resourceSpans":[]}\n{oops')).toEqual({ ok: false, error: 'OTLP: line 2 is not JSON' });
  });
});
