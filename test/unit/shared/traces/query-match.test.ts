import { describe, expect, it } from 'vitest';
import { mergeTraces } from '../../../../src/shared/traces/merge';
import { summarizeTrace } from '../../../../src/shared/traces/metrics';
import type { MetricSummaries, MetricSummaryEntry } from '../../../../src/shared/traces/model';
import type { MetricQuery } from '../../../../src/shared/traces/query/ast';
import { filterRequests, filterSpans, matchesSummaries } from '../../../../src/shared/traces/query/match';
import { parseMetricQuery } from '../../../../src/shared/traces/query/parse';
import { sessionSummaries } from '../../../../src/shared/traces/request-metrics';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { fixtureJson, fixtureText, onlyTrace } from './fixtures';

function query(text: string): MetricQuery {
  const result = parseMetricQuery(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.query;
}

const entry = (min: number, max: number, count: number, sum: number, tags: Record<string, string> = {}) => ({
  min,
  max,
  count,
  sum,
  tags,
});

// The RFC's example summary (keys normalised as legacyMetricsSummary does) plus a db distribution.
const RFC: MetricSummaries = {
  'c:checkout.items@none': [entry(1, 1, 3, 3, { success: 'true' }), entry(1, 4, 2, 5, { success: 'false' })],
  'd:db.query@millisecond': [entry(12, 140, 4, 220, { table: 'orders' }), entry(3, 9, 2, 12, { table: 'users' })],
  'd:db.query@second': [entry(0.5, 0.5, 1, 0.5)],
};
const matches = (text: string, summaries: MetricSummaries = RFC) => matchesSummaries(query(text), summaries);

describe('matchesSummaries', () => {
  it('the examples', () => {
    expect(matches('c:checkout.items{success=false} count>0')).toBe(true);
    expect(matches('c:checkout.items{success=maybe} count>0')).toBe(false);
    expect(matches('d:db.query@millisecond max>100')).toBe(true);
    expect(matches('d:db.query@millisecond{table=users} max>100')).toBe(false);
  });

  it('every operator, on the aggregate of the matching entries (count 6, sum 232, min 3, max 140)', () => {
    const key = 'd:db.query@millisecond';
    const pass = ['count>5', 'count>=6', 'count<7', 'count<=6', 'count=6', 'count!=5', 'sum=232', 'min=3', 'max=140'];
    const fail = ['count>6', 'count>=7', 'count<6', 'count<=5', 'count=5', 'count!=6', 'sum<232', 'min>3', 'max<140'];
    for (const c of pass) expect(matches(`${key} ${c}`), c).toBe(true);
    for (const c of fail) expect(matches(`${key} ${c}`), c).toBe(false);
    expect(matches(`${key} avg>38.6 avg<38.7`)).toBe(true);
  });

  it('all comparisons of a clause must hold', () => {
    expect(matches('d:db.query@millisecond max>100 min<5')).toBe(true);
    expect(matches('d:db.query@millisecond max>100 min>5')).toBe(false);
  });

  it('tag filters: = needs the pair, != excludes it (entries without the tag pass), several all hold', () => {
    expect(matches('c:checkout.items{success!=true} sum=5')).toBe(true);
    expect(matches('c:checkout.items{success=true} sum=3')).toBe(true);
    expect(matches('c:checkout.items{success=true, success!=true}')).toBe(false);
    expect(matches('d:db.query@second{table!=orders} count=1')).toBe(true);
    expect(matches('d:db.query@second{table=orders}')).toBe(false);
  });

  it('a key without unit tries each unit alone, never adding values of two units', () => {
    expect(matches('d:db.query count=6')).toBe(true);
    expect(matches('d:db.query count=1')).toBe(true);
    expect(matches('d:db.query count=7')).toBe(false);
    expect(matches('d:db.query@minute')).toBe(false);
    expect(matches('d:db')).toBe(false);
  });

  it('a bare key means "recorded"; an absent metric fails even count=0', () => {
    expect(matches('c:checkout.items')).toBe(true);
    expect(matches('g:checkout.items')).toBe(false);
    expect(matches('c:nothing count=0')).toBe(false);
  });

  it('AND, OR and parentheses', () => {
    expect(matches('c:checkout.items d:db.query@second')).toBe(true);
    expect(matches('c:checkout.items c:nothing')).toBe(false);
    expect(matches('c:nothing OR d:db.query max>100')).toBe(true);
    expect(matches('(c:nothing OR c:checkout.items) AND d:db.query@second sum<1')).toBe(true);
    expect(matches('(c:nothing OR c:checkout.items) d:db.query@second sum>1')).toBe(false);
  });

  it('compares the aggregate of exactly the entries that pass the tag filter (random summaries)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const entries: MetricSummaryEntry[] = Array.from({ length: 1 + rand(6) }, () => {
        const [a, b] = [rand(50), rand(50)];
        const count = 1 + rand(5);
        return entry(Math.min(a, b), Math.max(a, b), count, Math.min(a, b) * count + rand(9), {
          region: ['eu', 'us'][rand(2)]!,
          ...(rand(2) ? { ok: ['true', 'false'][rand(2)]! } : {}),
        });
      });
      const tag = ['region=eu', 'region!=eu', 'ok=true', 'ok!=true'][rand(4)]!;
      const [k, v] = tag.split(/!?=/) as [string, string];
      const kept = entries.filter((e) => (e.tags[k] === v) === !tag.includes('!='));
      const field = (['min', 'max', 'count', 'sum', 'avg'] as const)[rand(5)]!;
      const threshold = rand(60);
      const count = kept.reduce((n, e) => n + e.count, 0);
      const sum = kept.reduce((n, e) => n + e.sum, 0);
      const figures = {
        min: Math.min(...kept.map((e) => e.min)),
        max: Math.max(...kept.map((e) => e.max)),
        count,
        sum,
        avg: sum / count,
      };
      const expected = kept.length > 0 && figures[field] >= threshold;
      const text = `d:latency@millisecond{${tag}} ${field}>=${threshold}`;
      expect(matches(text, { 'd:latency@millisecond': entries }), `${text} on ${JSON.stringify(entries)}`).toBe(
        expected,
      );
    }
  });
});

describe('filterRequests and filterSpans on the captured checkout trace', () => {
  const trace = mergeTraces([
    onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json'))),
    onlyTrace(normalizeSentryEnvelope(fixtureText('sentry-core-span.txt'))),
    onlyTrace(normalizeSentryEnvelope(fixtureText('sentry-core-trace_metric.txt'))),
  ])[0]!;
  const base = { traceId: trace.traceId, responseTraceId: null, responseSpanId: null, serverTiming: [] };
  const requests = [
    { ...base, id: 'pay', spanId: 'd114ccf5c4f706f6' },
    { ...base, id: 'publish', spanId: '4a00689f5227b146' },
    { ...base, id: 'slow', traceId: null, spanId: null, serverTiming: [{ name: 'db', dur: 250 }] },
  ];
  const { byRequest } = sessionSummaries(requests, [{ traceId: trace.traceId, trace }], ['payment.amount']);
  const items = requests.map((r) => ({ id: r.id, summaries: byRequest.get(r.id)! }));
  const ids = (text: string) => filterRequests(query(text), items).map((i) => i.id);

  it('finds the requests whose backend recorded the metric, in their order', () => {
    expect(ids('c:ledger.entries{currency=EUR} count>0')).toEqual(['pay']);
    expect(ids('d:ledger.write_time@millisecond max>12')).toEqual(['pay']);
    expect(ids('d:ledger.write_time max>13')).toEqual([]);
    expect(ids('d:server_timing.db@millisecond max>100 OR d:payment.amount sum>=42.5')).toEqual(['pay', 'slow']);
  });

  it('finds the spans that recorded it themselves', () => {
    const { bySpan } = summarizeTrace(trace, ['payment.amount']);
    expect(filterSpans(query('g:ledger.queue_depth max=3'), bySpan)).toEqual(['bafe77312e7a2904']);
    expect(filterSpans(query('d:payment.amount'), bySpan)).toEqual(['bedb07bfbb752f33']);
  });
});
