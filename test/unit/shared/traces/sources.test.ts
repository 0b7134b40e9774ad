import { describe, expect, it } from 'vitest';
import type { TraceSourceKind } from '../../../../src/shared/settings';
import {
  classifyResponse,
  isRetryableStatus,
  probeUrl,
  traceUrl,
  versionFrom,
} from '../../../../src/shared/traces/sources';
import { fixtureText } from './fixtures';

/** The trace every otel-js capture holds (test/fixtures/traces/README.md). */
const CHECKOUT = 'e65eaae45b964461c50ba0f16eaba1e0';

describe('traceUrl', () => {
  it.each([
    ['jaeger-v1', 'http://localhost:16686', `http://localhost:16686/api/traces/${CHECKOUT}`],
    ['jaeger-v3', 'http://localhost:16686/', `http://localhost:16686/api/v3/traces/${CHECKOUT}`],
    ['tempo-v1', 'http://localhost:3200', `http://localhost:3200/api/traces/${CHECKOUT}`],
    ['tempo-v2', 'https://grafana.test/tempo//', `https://grafana.test/tempo/api/v2/traces/${CHECKOUT}`],
    ['zipkin-v2', 'http://localhost:9411', `http://localhost:9411/api/v2/trace/${CHECKOUT}`],
  ] as const)('asks %s at its path under the base URL', (kind, baseUrl, url) => {
    expect(traceUrl({ kind, baseUrl }, CHECKOUT)).toBe(url);
  });

  it('asks Zipkin for a 64-bit trace by the 16 hex it stored, and the others by the padded id', () => {
    const padded = '0000000000000000a03ee8fff1dcd9b9';
    expect(traceUrl({ kind: 'zipkin-v2', baseUrl: 'http://z' }, padded)).toBe('http://z/api/v2/trace/a03ee8fff1dcd9b9');
    expect(traceUrl({ kind: 'jaeger-v1', baseUrl: 'http://j' }, padded)).toBe(`http://j/api/traces/${padded}`);
  });
});

describe('classifyResponse', () => {
  it.each([
    ['jaeger-v3', 'otel-js-jaeger-v3.json'],
    ['tempo-v1', 'otel-js-tempo-v1.json'],
    ['tempo-v2', 'otel-js-tempo-v2.json'],
    ['zipkin-v2', 'otel-js-zipkin-v2.json'],
  ] as const)('finds the checkout trace, all 8 spans, in a %s answer', (kind, file) => {
    const outcome = classifyResponse(kind, CHECKOUT, 200, fixtureText(file));
    expect(outcome.kind).toBe('found');
    if (outcome.kind !== 'found') return;
    expect(outcome.traces.map((t) => [t.traceId, t.spans.length])).toEqual([[CHECKOUT, 8]]);
  });

  it("finds a trace in Jaeger v1's {data: [trace]} answer", () => {
    const id = '83a9efd15c1c98a977e0711cc93ee28b';
    const outcome = classifyResponse('jaeger-v1', id, 200, fixtureText('jaeger-v1-api-traces.json'));
    expect(outcome.kind === 'found' && outcome.traces[0]!.traceId).toBe(id);
  });

  it.each<[TraceSourceKind, number, string]>([
    ['jaeger-v1', 404, '{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}'],
    ['jaeger-v1', 200, '{"data":[],"errors":null}'],
    ['jaeger-v3', 404, '{"error":{"httpCode":404,"message":"No traces found"}}'],
    ['jaeger-v3', 200, '{"error":{"httpCode":404,"message":"No traces found"}}'],
    ['tempo-v1', 404, 'trace not found'],
    ['tempo-v2', 200, '{}'],
    ['zipkin-v2', 404, 'Trace not found'],
    ['zipkin-v2', 200, '[]'],
  ])('reads a %s answer %i %s as not found', (kind, status, body) => {
    expect(classifyResponse(kind, CHECKOUT, status, body)).toEqual({ kind: 'not-found' });
  });

  it('reports another status with its body, cut short', () => {
    const outcome = classifyResponse('tempo-v2', CHECKOUT, 500, `internal error ${'x'.repeat(500)}`);
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.message).toMatch(/^HTTP 500: internal error x+\.\.\.$/);
    expect(outcome.message.length).toBeLessThan(230);
  });

  it('reports malformed JSON and returns nothing of it', () => {
    const text = fixtureText('otel-js-tempo-v2.json');
    const outcome = classifyResponse('tempo-v2', CHECKOUT, 200, text.slice(0, text.length / 2));
    expect(outcome).toEqual({ kind: 'error', message: expect.stringMatching(/not JSON/) });
  });

  it("reports the normaliser's error for JSON of the wrong shape", () => {
    // A Zipkin answer given to a Jaeger v1 source: JSON, but not Jaeger's.
    const outcome = classifyResponse('jaeger-v1', CHECKOUT, 200, fixtureText('otel-js-zipkin-v2.json'));
    expect(outcome.kind).toBe('error');
  });

  it('refuses an answer that holds only another trace', () => {
    const outcome = classifyResponse(
      'tempo-v2',
      'ffffffffffffffffffffffffffffffff',
      200,
      fixtureText('otel-js-tempo-v2.json'),
    );
    expect(outcome).toEqual({ kind: 'error', message: expect.stringMatching(/other traces/) });
  });
});

describe('probes', () => {
  it('asks each API for something cheap', () => {
    expect(probeUrl({ kind: 'tempo-v2', baseUrl: 'http://t/' })).toBe('http://t/api/status/buildinfo');
    expect(probeUrl({ kind: 'zipkin-v2', baseUrl: 'http://z' })).toBe('http://z/info');
    expect(probeUrl({ kind: 'jaeger-v3', baseUrl: 'http://j' })).toBe('http://j/api/v3/services');
  });

  it("reads Tempo's and Zipkin's version, and none from anything else", () => {
    expect(versionFrom('{"version":"2.6.1","revision":"abc","branch":"HEAD"}')).toBe('2.6.1');
    expect(versionFrom('{"zipkin":{"version":"3.4.2","commit":"f00"}}')).toBe('3.4.2');
    expect(versionFrom('{"data":["shop-web"]}')).toBeUndefined();
    expect(versionFrom('not json')).toBeUndefined();
  });

  it('retries only what time can change', () => {
    expect([404, 408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 200].some(isRetryableStatus)).toBe(false);
  });
});
