import { describe, expect, it } from 'vitest';
import { buildWaterfall, criticalPath, searchSpans, type TimedSpan } from '../../../../src/devtools/waterfall/layout';
import type { RequestRecord } from '../../../../src/shared/model';
import type { Span, Trace } from '../../../../src/shared/traces/model';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { fixtureJson, onlyTrace, spanById } from '../../shared/traces/fixtures';
import { request as fixtureRequest } from '../fixtures';

const T0 = 1_700_000_000_000;
const TRACE = 'a'.repeat(32);
const BROWSER_SPAN = 'b'.repeat(16);

/** The shared fixture's record, traced with the browser's span, at T0 for 100 ms. */
const request = (overrides: Partial<RequestRecord> = {}): RequestRecord =>
  fixtureRequest('r1', {
    sessionId: 's1',
    url: 'https://shop.example/api/cart?x=1',
    startTs: T0,
    endTs: T0 + 100,
    traceId: TRACE,
    spanId: BROWSER_SPAN,
    traceSource: 'injected',
    ...overrides,
  });

/** A span `start`-`end` ms after T0. */
function span(spanId: string, parentSpanId: string | undefined, start: number, end: number, more: Partial<Span> = {}) {
  return {
    traceId: TRACE,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: `op ${spanId}`,
    service: 'api',
    kind: 'internal',
    start: T0 + start,
    end: T0 + end,
    status: { code: 'unset' },
    attributes: {},
    resource: {},
    events: [],
    links: [],
    ...more,
  } satisfies Span;
}

const traceOf = (spans: Span[]): Trace => ({ traceId: TRACE, spans, errors: [], logs: [], metricPoints: [] });

// The hand-checkable trace: the request is the root (0-100); A 0-30, B 20-90 with C 40-85 under it, D 10-15.
const handSpans = () => [
  span('a', BROWSER_SPAN, 0, 30),
  span('b', BROWSER_SPAN, 20, 90),
  span('c', 'b', 40, 85, { status: { code: 'error', message: 'boom' }, attributes: { 'db.statement': 'SELECT 1' } }),
  span('d', BROWSER_SPAN, 10, 15),
];

describe('criticalPath', () => {
  it('takes the last-finishing chain, then the latest child ending before the critical one started', () => {
    const spans: TimedSpan[] = [
      { spanId: 'root', start: 0, end: 100 },
      ...handSpans().map((s) => ({ ...s, start: s.start - T0, end: s.end - T0 })),
    ];
    const rooted = spans.map((s) => (s.parentSpanId === BROWSER_SPAN ? { ...s, parentSpanId: 'root' } : s));
    expect([...criticalPath(rooted, 'root')].sort()).toEqual(['b', 'c', 'd', 'root']);
  });

  it('ignores a child outside its parent and clips one that overruns it', () => {
    const spans = [
      { spanId: 'r', start: 0, end: 10 },
      { spanId: 'late', parentSpanId: 'r', start: 20, end: 30 },
      { spanId: 'over', parentSpanId: 'r', start: 6, end: 50 },
      { spanId: 'early', parentSpanId: 'r', start: 0, end: 8 },
      { spanId: 'first', parentSpanId: 'r', start: 0, end: 5 },
    ];
    expect([...criticalPath(spans, 'r')].sort()).toEqual(['first', 'over', 'r']);
  });

  it('stops on a parent cycle and on an unknown root', () => {
    const spans = [
      { spanId: 'p', parentSpanId: 'q', start: 0, end: 10 },
      { spanId: 'q', parentSpanId: 'p', start: 1, end: 9 },
    ];
    expect([...criticalPath(spans, 'p')].sort()).toEqual(['p', 'q']);
    expect(criticalPath(spans, 'nope').size).toBe(0);
  });
});

describe('buildWaterfall on the hand-checkable trace', () => {
  const waterfall = buildWaterfall(request({ status: 503 }), traceOf(handSpans()));

  it('puts the request first, then its subtree depth-first with children by start', () => {
    expect(waterfall.rows.map((r) => [r.id, r.depth, r.parentId])).toEqual([
      ['request', 0, null],
      ['a', 1, 'request'],
      ['d', 1, 'request'],
      ['b', 1, 'request'],
      ['c', 2, 'b'],
    ]);
    expect(waterfall.rows[0]).toMatchObject({ name: 'GET /api/cart', service: 'browser', start: T0, end: T0 + 100 });
    expect(waterfall.rows[0]!.spanId).toBe(BROWSER_SPAN);
    expect(waterfall).toMatchObject({ skewMs: 0, start: T0, end: T0 + 100, spanCount: 4, errorCount: 1 });
  });

  it('flags errors: the failed request and the span with an error status', () => {
    expect(waterfall.rows.filter((r) => r.error).map((r) => r.id)).toEqual(['request', 'c']);
    expect(buildWaterfall(request(), traceOf(handSpans())).rows[0]!.error).toBe(false);
    expect(buildWaterfall(request({ error: 'net::ERR_FAILED', status: 0 }), undefined).rows[0]!.error).toBe(true);
  });

  it('marks the critical path: request, B, C and D, not A (it ended after B started)', () => {
    expect(waterfall.rows.filter((r) => r.critical).map((r) => r.id)).toEqual(['request', 'd', 'b', 'c']);
  });

  it('omits a collapsed span’s descendants and says so', () => {
    const rows = buildWaterfall(request(), traceOf(handSpans()), { collapsed: new Set(['b', 'a']) }).rows;
    expect(rows.map((r) => r.id)).toEqual(['request', 'a', 'd', 'b']);
    expect(rows.find((r) => r.id === 'b')).toMatchObject({ hasChildren: true, collapsed: true });
    // A has no children: nothing to collapse.
    expect(rows.find((r) => r.id === 'a')).toMatchObject({ hasChildren: false, collapsed: false });
    const hidden = buildWaterfall(request(), traceOf(handSpans()), { collapsed: new Set(['request']) });
    expect(hidden.rows.map((r) => r.id)).toEqual(['request']);
    expect(hidden.rows[0]!.collapsed).toBe(true);
  });

  it('searches names, services and attribute values, and reveals collapsed matches', () => {
    const found = buildWaterfall(request(), traceOf(handSpans()), { collapsed: new Set(['b']), search: 'select' });
    expect([...found.matches]).toEqual(['c']);
    expect(found.rows.map((r) => r.id)).toContain('c');
    expect(found.rows.find((r) => r.id === 'b')!.collapsed).toBe(false);
  });

  it('has only the request row without a trace', () => {
    const alone = buildWaterfall(request(), undefined);
    expect(alone.rows).toHaveLength(1);
    expect(alone.rows[0]).toMatchObject({ id: 'request', hasChildren: false, critical: true });
    expect(alone).toMatchObject({ spanCount: 0, errorCount: 0, skewMs: 0 });
  });
});

describe('buildWaterfall: spans outside the request’s subtree', () => {
  it('lists other roots, orphans and parent cycles after it at depth 1, hiding nothing', () => {
    const spans = [
      ...handSpans(),
      span('x', undefined, 5, 50),
      span('y', 'x', 6, 7),
      span('z', 'f'.repeat(16), 1, 2),
      span('p', 'q', 3, 4),
      span('q', 'p', 3, 4),
    ];
    const { rows } = buildWaterfall(request(), traceOf(spans));
    expect(rows.map((r) => [r.id, r.depth])).toEqual([
      ['request', 0],
      ['a', 1],
      ['d', 1],
      ['b', 1],
      ['c', 2],
      ['z', 1],
      ['x', 1],
      ['y', 2],
      ['p', 1],
      ['q', 2],
    ]);
    expect(rows.filter((r) => r.critical).map((r) => r.id)).toEqual(['request', 'd', 'b', 'c']);
  });
});

describe('searchSpans', () => {
  it('matches case-insensitively, attribute values of any type, and nothing for blank text', () => {
    const rows = [
      { id: '1', name: 'GET /Cart', service: 'web' },
      { id: '2', name: 'query', service: 'DB', attributes: { rows: 42, tags: ['Hot'] } },
    ];
    expect([...searchSpans(rows, 'cart')]).toEqual(['1']);
    expect([...searchSpans(rows, 'db')]).toEqual(['2']);
    expect([...searchSpans(rows, '42')]).toEqual(['2']);
    expect([...searchSpans(rows, 'hot')]).toEqual(['2']);
    expect(searchSpans(rows, '  ').size).toBe(0);
  });
});

describe('buildWaterfall on the captured checkout (otel-js-otlp.json)', () => {
  const trace = onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
  const root = spanById(trace, '19043e3a8d288e64');
  // The browser's clock is 5 s ahead of the server's; the response named the checkout span.
  const req = request({
    url: 'https://shop.example/checkout',
    traceId: trace.traceId,
    spanId: null,
    responseSpanId: root.spanId,
    startTs: root.start - 10 + 5000,
    endTs: root.end + 10 + 5000,
  });
  const waterfall = buildWaterfall(req, trace);

  it('aligns the subtree on the browser clock and lays it out depth-first', () => {
    expect(waterfall.skewMs).toBeCloseTo(5000, 6);
    expect(waterfall.rows[1]!.start).toBeCloseTo(root.start + 5000, 6);
    expect(waterfall.rows.map((r) => [r.name, r.depth])).toEqual([
      ['GET /checkout', 0],
      ['GET /checkout', 1],
      ['POST /api/pay', 2],
      ['POST /api/pay', 3],
      ['SELECT accounts', 4],
      ['charge card', 4],
      ['publish orders', 2],
      ['process orders', 3],
      ['render receipt', 2],
    ]);
    expect(waterfall).toMatchObject({ spanCount: 8, errorCount: 4 });
  });

  it('puts everything but the consumer (which outlives its producer) on the critical path', () => {
    expect(waterfall.rows.filter((r) => !r.critical).map((r) => r.name)).toEqual(['process orders']);
  });
});

describe('buildWaterfall with 10,000 spans', () => {
  it('lays out a deep chain without overflowing the stack', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) =>
      span(`c${i}`, i === 0 ? BROWSER_SPAN : `c${i - 1}`, i / 1000, 100 - i / 1000),
    );
    const { rows } = buildWaterfall(request(), traceOf(spans));
    expect(rows).toHaveLength(10_001);
    expect(rows[10_000]).toMatchObject({ id: 'c9999', depth: 10_000, critical: true });
  });

  it('lays out a wide tree with every span once', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) =>
      span(`w${i}`, i === 0 ? BROWSER_SPAN : `w${Math.floor((i - 1) / 10)}`, (i % 50) + 1, 99),
    );
    const { rows } = buildWaterfall(request(), traceOf(spans));
    expect(rows).toHaveLength(10_001);
    expect(new Set(rows.map((r) => r.id)).size).toBe(10_001);
    expect(Math.max(...rows.map((r) => r.depth))).toBe(5);
  });
});
