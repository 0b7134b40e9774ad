import { describe, expect, it } from 'vitest';
import { normalizeJaegerV1 } from '../../../../src/shared/traces/jaeger-v1';
import { fixtureJson, onlyTrace, spanById } from './fixtures';

describe('normalizeJaegerV1: the API response (otlp2jaeger-out.json)', () => {
  const trace = onlyTrace(normalizeJaegerV1(fixtureJson('jaeger-v1-api-traces.json')));

  it('keeps one of the two identical copies of span e127af99e3b3e074', () => {
    expect(trace.traceId).toBe('83a9efd15c1c98a977e0711cc93ee28b');
    expect(trace.spans.map((s) => s.spanId)).toEqual(['e127af99e3b3e074']);
  });

  it('reads microseconds, the CHILD_OF parent, the process service and the span.kind tag', () => {
    const [span] = trace.spans;
    expect(span).toMatchObject({
      parentSpanId: '909541b92cf05311',
      name: 'okey-dokey-0',
      service: 'telemetrygen',
      kind: 'server',
      start: 1706678909209.712,
      scope: { name: 'telemetrygen' },
      status: { code: 'unset' },
      // span.kind and otel.scope.name became fields; the rest stay attributes.
      attributes: { 'net.peer.ip': '1.2.3.4', 'peer.service': 'telemetrygen-client' },
    });
    // 123 µs; a double at today's epoch in ms resolves about 0.2 µs, hence 3 digits.
    expect(span!.end - span!.start).toBeCloseTo(0.123, 3);
  });
});

describe('normalizeJaegerV1: one UI-model trace object (ui_01.json)', () => {
  const result = normalizeJaegerV1(fixtureJson('jaeger-v1-trace-object-ui_01.json'));
  const trace = onlyTrace(result);

  it('left-pads the 64-bit trace id to 32 characters', () => {
    expect(trace.traceId).toBe('00000000000000000000000000000001');
  });

  it('keeps both different spans that share id 2, renaming the second deterministically', () => {
    expect(trace.spans.map((s) => [s.spanId, s.wireSpanId, s.name])).toEqual([
      ['0000000000000002', undefined, 'test-general-conversion'],
      [expect.stringMatching(/^[0-9a-f]{16}$/), '0000000000000002', 'some-operation'],
      ['0000000000000003', undefined, 'some-operation'],
      ['0000000000000004', undefined, 'reference-test'],
      ['0000000000000005', undefined, 'preserveParentID-test'],
    ]);
    const again = onlyTrace(normalizeJaegerV1(fixtureJson('jaeger-v1-trace-object-ui_01.json')));
    expect(again.spans[1]!.spanId).toBe(trace.spans[1]!.spanId);
    expect(result.ok && result.warnings).toContain(
      `span 0000000000000002 repeats with different content: the repeat is now ${trace.spans[1]!.spanId}`,
    );
  });

  it('reads tags of every type: int64 beyond 2^53 stays a string, error=true makes the status an error', () => {
    const span = trace.spans[1]!;
    expect(span.attributes).toEqual({
      'peer.service': 'service-y',
      'peer.ipv4': 23456,
      error: true,
      temperature: 72.5,
      javascript_limit: '9223372036854775222',
      blob: 'AAAwOQ==',
    });
    expect(span.status).toEqual({ code: 'error' });
  });

  it('takes the parent from the CHILD_OF reference in the same trace; other references become links', () => {
    const span = spanById(trace, '0000000000000004');
    expect(span.parentSpanId).toBe('0000000000000002');
    expect(span.links).toEqual([
      {
        traceId: '000000000000000000000000000000ff',
        spanId: '00000000000000ff',
        attributes: { 'opentracing.ref_type': 'child_of' },
      },
      {
        traceId: '00000000000000000000000000000001',
        spanId: '0000000000000002',
        attributes: { 'opentracing.ref_type': 'follows_from' },
      },
    ]);
    expect(spanById(trace, '0000000000000005').parentSpanId).toBe('0000000000000004');
  });

  it('reads logs as events named by their `event` field, and services from processes', () => {
    const root = trace.spans[0]!;
    expect(root.events).toEqual([
      { name: 'some-event', time: 1485467191639.875, attributes: {} },
      { name: 'log', time: 1485467191639.875, attributes: { x: 'y' } },
    ]);
    expect(trace.spans.map((s) => s.service)).toEqual([
      'service-x',
      'service-x',
      'service-y',
      'service-y',
      'service-y',
    ]);
  });

  it("reports Jaeger's span and trace warnings", () => {
    expect(result.ok && result.warnings).toEqual(
      expect.arrayContaining([
        'trace 0: Jaeger warns "some trace warning"',
        'data[0].spans[3]: Jaeger warns "some span warning"',
      ]),
    );
  });
});

describe('normalizeJaegerV1: errors', () => {
  it('turns a not-found response into an error', () => {
    const body = { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] };
    expect(normalizeJaegerV1(body)).toEqual({ ok: false, error: 'Jaeger v1: backend error 404 trace not found' });
  });

  it('names the field that is wrong', () => {
    const body = { data: [{ spans: [{ traceID: 'abc', spanID: '0000000000000001' }], processes: {} }] };
    const result = normalizeJaegerV1(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^Jaeger v1: response: \.data\[0\]\.spans\[0\]\.startTime/);
  });
});
