import { describe, expect, it } from 'vitest';
import { readTraceFile } from '../../../../src/shared/traces/trace-file';
import { fixtureText } from './fixtures';

const CHECKOUT = 'e65eaae45b964461c50ba0f16eaba1e0';

function read(name: string) {
  const result = readTraceFile(fixtureText(name));
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result;
}

describe('readTraceFile (real exports and captures)', () => {
  it('recognises each format from the content and reads the same checkout trace from each', () => {
    const cases = [
      ['otel-js-otlp.json', 'otlp'],
      ['otel-js-tempo-v1.json', 'otlp'],
      ['otel-js-tempo-v2.json', 'otlp'],
      ['otel-js-jaeger-v3.json', 'otlp'],
      ['otel-js-zipkin-v2.json', 'zipkin'],
    ] as const;
    for (const [name, format] of cases) {
      const result = read(name);
      expect([name, result.format]).toEqual([name, format]);
      expect(result.traces.map((t) => [t.traceId, t.spans.length])).toEqual([[CHECKOUT, 8]]);
    }
  });

  it("reads Jaeger's API answer and its UI's trace download", () => {
    expect(read('jaeger-v1-api-traces.json').format).toBe('jaeger');
    const ui = read('jaeger-v1-trace-object-ui_01.json');
    expect(ui.format).toBe('jaeger');
    expect(ui.traces[0]!.spans.length).toBeGreaterThan(0);
  });

  it('reads a raw Sentry envelope and OTLP JSON Lines (the Collector file exporter)', () => {
    const envelope = read('sentry-core-span.txt');
    expect(envelope.format).toBe('sentry-envelope');
    expect(envelope.traces[0]!.spans).toHaveLength(2);
    const oneLine = JSON.stringify(JSON.parse(fixtureText('otel-js-otlp.json')));
    const lines = readTraceFile(`${oneLine}\n${oneLine}\n`);
    expect(lines).toMatchObject({ ok: true, format: 'otlp' });
  });

  it('refuses what is not a trace file, naming the formats it reads, and a broken one with its reason', () => {
    expect(readTraceFile('hello')).toEqual({ ok: false, error: expect.stringMatching(/not a trace file.*OTLP/) });
    expect(readTraceFile('{"foo": 1}')).toMatchObject({ ok: false, error: expect.stringMatching(/not a trace file/) });
    const broken = readTraceFile('{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 5}]}]}]}');
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/OTLP/) });
  });
});
