import { describe, expect, it } from 'vitest';
import { parseServerTiming } from '../../../../src/shared/trace/server-timing';
import { mergeTraces } from '../../../../src/shared/traces/merge';
import {
  attributeSummaries,
  legacyMetricsSummary,
  mergeSummaries,
  metricKey,
  serverTimingSummaries,
  subtreeSummaries,
  summarizeTrace,
} from '../../../../src/shared/traces/metrics';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { fixtureJson, fixtureText, onlyTrace, spanById } from './fixtures';

const INSERT_SPAN = 'bafe77312e7a2904'; // ledger's `INSERT ledger_entries`, where the captured metrics were recorded
const sentry = (name: string) => onlyTrace(normalizeSentryEnvelope(fixtureText(name)));

describe('metricKey', () => {
  it('is <type letter>:<name>@<unit>, unit none when absent', () => {
    expect(metricKey('counter', 'cart.items')).toBe('c:cart.items@none');
    expect(metricKey('distribution', 'db.rows', 'row')).toBe('d:db.rows@row');
    expect(metricKey('gauge', 'q', '')).toBe('g:q@none');
    expect(metricKey('set', 'users', 'none')).toBe('s:users@none');
  });
});

describe('summaries of the captured trace_metric items', () => {
  // Metrics arrive in their own envelope; merged with the spans' envelope they find their span.
  const trace = mergeTraces([sentry('sentry-core-span.txt'), sentry('sentry-core-trace_metric.txt')])[0]!;
  const summaries = summarizeTrace(trace);

  it('attach to the span named by span_id, one entry per tag set', () => {
    expect(Object.keys(summaries.bySpan)).toEqual([INSERT_SPAN]);
    expect(summaries.bySpan[INSERT_SPAN]).toEqual({
      'c:ledger.entries@none': [
        { min: 2, max: 2, count: 1, sum: 2, tags: { currency: 'EUR' } },
        { min: 1, max: 1, count: 1, sum: 1, tags: { currency: 'CHF' } },
      ],
      'd:ledger.write_time@millisecond': [{ min: 7.25, max: 12.5, count: 2, sum: 19.75, tags: {} }],
      'g:ledger.queue_depth@none': [{ min: 3, max: 3, count: 1, sum: 3, tags: {} }],
    });
    expect(summaries.unattached).toEqual({});
    expect(summaries.trace).toEqual(summaries.bySpan[INSERT_SPAN]);
  });

  it('attach to the trace when their span is not (yet) in it', () => {
    const alone = summarizeTrace(sentry('sentry-core-trace_metric.txt'));
    expect(alone.bySpan).toEqual({});
    expect(alone.unattached['d:ledger.write_time@millisecond']).toEqual([
      { min: 7.25, max: 12.5, count: 2, sum: 19.75, tags: {} },
    ]);
    expect(alone.trace).toEqual(alone.unattached);
  });

  it('roll up through a subtree: the ledger request covers its db span', () => {
    const root = trace.spans.find((s) => s.name === 'POST /ledger/entries')!;
    expect(subtreeSummaries(trace, root.spanId, summaries.bySpan)).toEqual(summaries.bySpan[INSERT_SPAN]);
    expect(subtreeSummaries(trace, INSERT_SPAN, summaries.bySpan)).toEqual(summaries.bySpan[INSERT_SPAN]);
  });
});

describe('legacy _metrics_summary', () => {
  it("reads the RFC's example (a gauge written as a bare object), normalising keys and tag values", () => {
    const summary = legacyMetricsSummary({
      'd:processor.process_batch@millisecond': [{ min: 421.0, max: 421.0, count: 1, sum: 421.0 }],
      'c:processor.item_processed': [
        { min: 1, max: 1, count: 3, sum: 3, tags: { success: true } },
        { min: 1, max: 1, count: 2, sum: 2, tags: { success: false } },
      ],
      'g:processor.peak_memory_usage@megabyte': { min: 42.0, max: 421.0, count: 1, sum: 421.0 },
    });
    expect(summary).toEqual({
      'd:processor.process_batch@millisecond': [{ min: 421, max: 421, count: 1, sum: 421, tags: {} }],
      'c:processor.item_processed@none': [
        { min: 1, max: 1, count: 3, sum: 3, tags: { success: 'true' } },
        { min: 1, max: 1, count: 2, sum: 2, tags: { success: 'false' } },
      ],
      'g:processor.peak_memory_usage@megabyte': [{ min: 42, max: 421, count: 1, sum: 421, tags: {} }],
    });
  });

  it('is ignored when malformed or absent', () => {
    expect(legacyMetricsSummary(undefined)).toBeUndefined();
    expect(legacyMetricsSummary({ 'c:x': [{ min: 'a' }] })).toBeUndefined();
    expect(legacyMetricsSummary({ 'x:not-a-type': [{ min: 1, max: 1, count: 1, sum: 1 }] })).toBeUndefined();
  });

  it('found on a transaction span, it joins that span and merges with trace_metric points', () => {
    const envelope = fixtureText('sentry-core-transaction.txt').split('\n');
    const tx = JSON.parse(envelope[2]!);
    tx.spans[0]._metrics_summary = {
      'c:ledger.entries': [{ min: 4, max: 4, count: 1, sum: 4, tags: { currency: 'EUR' } }],
    };
    const trace = onlyTrace(normalizeSentryEnvelope([envelope[0], envelope[1], JSON.stringify(tx)].join('\n')));
    const spanId = tx.spans[0].span_id as string;
    expect(spanById(trace, spanId).metricsSummary).toEqual({
      'c:ledger.entries@none': [{ min: 4, max: 4, count: 1, sum: 4, tags: { currency: 'EUR' } }],
    });
    const points = sentry('sentry-core-trace_metric.txt').metricPoints.map((p) => ({ ...p, spanId }));
    const merged = summarizeTrace({ ...trace, metricPoints: points }).bySpan[spanId]!;
    expect(merged['c:ledger.entries@none']).toEqual([
      { min: 2, max: 4, count: 2, sum: 6, tags: { currency: 'EUR' } },
      { min: 1, max: 1, count: 1, sum: 1, tags: { currency: 'CHF' } },
    ]);
  });
});

describe('Server-Timing and span attributes', () => {
  it('Server-Timing durations become d:server_timing.<name>@millisecond; entries without dur are skipped', () => {
    const entries = parseServerTiming([
      'db;dur=53, app;dur=47.2',
      'db;dur=7, trace;desc="00-0af7651916cd43dd-01", miss',
    ]);
    expect(serverTimingSummaries(entries)).toEqual({
      'd:server_timing.db@millisecond': [{ min: 7, max: 53, count: 2, sum: 60, tags: {} }],
      'd:server_timing.app@millisecond': [{ min: 47.2, max: 47.2, count: 1, sum: 47.2, tags: {} }],
    });
  });

  it('chosen numeric attributes become distributions with the unit the source gave', () => {
    const trace = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
    const names = ['payment.amount', 'payment.currency', 'db.response.returned_rows'];
    expect(attributeSummaries(spanById(trace, 'bedb07bfbb752f33'), names)).toEqual({
      'd:payment.amount@none': [{ min: 42.5, max: 42.5, count: 1, sum: 42.5, tags: {} }],
    });
    const spotlight = onlyTrace(normalizeSentryEnvelope(fixtureText('sentry-envelope-span-v1-standalone.txt')));
    expect(attributeSummaries(spotlight.spans[0]!, ['measurements.inp'])).toEqual({
      'd:measurements.inp@millisecond': [{ min: 5576, max: 5576, count: 1, sum: 5576, tags: {} }],
    });
  });

  it('roll up per request (a subtree plus its Server-Timing), per trace and per session', () => {
    const trace = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
    const { bySpan, trace: whole } = summarizeTrace(trace, ['payment.amount', 'db.response.returned_rows']);
    expect(Object.keys(bySpan).sort()).toEqual(['bedb07bfbb752f33', 'fd5fb4929c177972']);
    // The browser's call to payments: its subtree holds both spans; the response's Server-Timing joins.
    const timing = serverTimingSummaries(parseServerTiming('db;dur=11.75'));
    const request = subtreeSummaries(trace, 'd114ccf5c4f706f6', bySpan, [timing]);
    expect(Object.keys(request).sort()).toEqual([
      'd:db.response.returned_rows@none',
      'd:payment.amount@none',
      'd:server_timing.db@millisecond',
    ]);
    // The producer's subtree has no metrics.
    expect(subtreeSummaries(trace, '4a00689f5227b146', bySpan)).toEqual({});
    const session = mergeSummaries(whole, whole);
    expect(session['d:payment.amount@none']).toEqual([{ min: 42.5, max: 42.5, count: 2, sum: 85, tags: {} }]);
  });

  it('a parent cycle in a hostile trace does not loop the roll-up', () => {
    const trace = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
    const cyclic = { ...trace, spans: trace.spans.map((s) => ({ ...s, parentSpanId: s.spanId })) };
    const { bySpan } = summarizeTrace(cyclic, ['payment.amount']);
    expect(subtreeSummaries(cyclic, 'bedb07bfbb752f33', bySpan)).toEqual(bySpan.bedb07bfbb752f33);
  });
});
