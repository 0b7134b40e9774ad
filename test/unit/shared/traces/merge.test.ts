import { describe, expect, it } from 'vitest';
import { mergeTraces } from '../../../../src/shared/traces/merge';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { normalizeZipkinV2 } from '../../../../src/shared/traces/zipkin-v2';
import { fixtureJson, fixtureText, onlyTrace, spanById } from './fixtures';

const sentry = (name: string) => onlyTrace(normalizeSentryEnvelope(fixtureText(name)));

describe('mergeTraces: the whole checkout, from an OTLP backend and four Sentry envelopes', () => {
  const otlp = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
  const parts = ['span', 'event', 'log', 'trace_metric'].map((type) => sentry(`sentry-core-${type}.txt`));
  const merged = mergeTraces([otlp, ...parts]);

  it('gives one trace with the 8 OpenTelemetry spans and the 2 Sentry spans under charge card', () => {
    expect(merged).toHaveLength(1);
    const [trace] = merged;
    expect(trace!.spans).toHaveLength(10);
    const ledger = trace!.spans.find((s) => s.name === 'POST /ledger/entries')!;
    expect(spanById(trace!, ledger.parentSpanId!).name).toBe('charge card');
  });

  it('links the error, the log and the metric points to spans of the trace', () => {
    const [trace] = merged;
    const ids = new Set(trace!.spans.map((s) => s.spanId));
    expect(trace!.errors.map((e) => [e.message, ids.has(e.spanId!)])).toEqual([['ledger unavailable', true]]);
    expect(trace!.logs.map((l) => ids.has(l.spanId!))).toEqual([true]);
    expect(trace!.metricPoints.every((p) => ids.has(p.spanId!))).toBe(true);
    expect(trace!.metricPoints).toHaveLength(5);
  });

  it('keeps each span, error, log and point once when a payload arrives twice; the later span copy wins', () => {
    const renamed = { ...otlp, spans: otlp.spans.map((s) => ({ ...s, name: `${s.name} (again)` })) };
    const [trace] = mergeTraces([...merged, ...parts, renamed]);
    expect(trace!.spans).toHaveLength(10);
    expect(trace!.errors).toHaveLength(1);
    expect(trace!.logs).toHaveLength(1);
    expect(trace!.metricPoints).toHaveLength(5);
    expect(spanById(trace!, '19043e3a8d288e64').name).toBe('GET /checkout (again)');
  });

  it('keeps traces apart by id, in order of first appearance', () => {
    const zipkin = onlyTrace(normalizeZipkinV2(fixtureJson('zipkin-v2-trace-128bit-messaging.json')));
    expect(mergeTraces([zipkin, otlp, zipkin]).map((t) => [t.traceId, t.spans.length])).toEqual([
      ['5aab74dbb904746bb33447baae403ed6', 4],
      ['e65eaae45b964461c50ba0f16eaba1e0', 8],
    ]);
  });
});
