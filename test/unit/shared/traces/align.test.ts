import { describe, expect, it } from 'vitest';
import {
  ALIGN_TOLERANCE_MS,
  type AlignableRequest,
  alignTrace,
  findServerRoot,
} from '../../../../src/shared/traces/align';
import type { Span, Trace } from '../../../../src/shared/traces/model';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { normalizeZipkinV2 } from '../../../../src/shared/traces/zipkin-v2';
import { fixtureJson, onlyTrace, spanById } from './fixtures';

// The captured checkout (test/fixtures/traces/README.md): shop-web's `GET /checkout` (server, 180 ms) calls
// payments' `POST /api/pay` (server, 133.75 ms) through its client span `POST /api/pay`.
const checkout = (): Trace => onlyTrace(normalizeOtlp(fixtureJson('otel-js-otlp.json')));
const CHECKOUT_ROOT = '19043e3a8d288e64';
const PAY_CLIENT = 'd114ccf5c4f706f6';
const PAY_SERVER = '6c22fcf3d84e24e1';
// Yelp's Zipkin trace: mobile_api's server span (41.74 ms) is the child of yelp-main's client `post`.
const yelp = (): Trace => onlyTrace(normalizeZipkinV2(fixtureJson('zipkin-v2-trace.json')));
const YELP_CLIENT = 'f5f268651b2a2b34';
const MOBILE_SERVER = '16738711cd091024';

/** A browser request timed around a span: `before` ms before it starts, `after` ms after it ends, then shifted. */
function around(span: Span, ids: Partial<AlignableRequest>, { before = 10, after = 10, offset = 0 } = {}) {
  return {
    startTs: span.start - before + offset,
    endTs: span.end + after + offset,
    spanId: null,
    responseSpanId: null,
    ...ids,
  } satisfies AlignableRequest;
}

const byId = (spans: readonly Span[], id: string) => spans.find((s) => s.spanId === id)!;
const midpoint = (s: { start: number; end: number }) => (s.start + s.end) / 2;

describe('findServerRoot', () => {
  it('takes the child of the span the browser sent, else the span the response named, else the earliest server span', () => {
    const trace = checkout();
    expect(findServerRoot({ spanId: PAY_CLIENT, responseSpanId: null }, trace.spans)?.spanId).toBe(PAY_SERVER);
    expect(findServerRoot({ spanId: 'ffffffffffffffff', responseSpanId: PAY_SERVER }, trace.spans)?.spanId).toBe(
      PAY_SERVER,
    );
    expect(findServerRoot({ spanId: null, responseSpanId: null }, trace.spans)?.spanId).toBe(CHECKOUT_ROOT);
  });
});

describe('alignTrace', () => {
  it('leaves a server span that sits inside the window where it is', () => {
    const trace = checkout();
    const request = around(spanById(trace, PAY_SERVER), { spanId: PAY_CLIENT }, { before: 3, after: 20 });
    const aligned = alignTrace(request, trace.spans);
    expect(aligned.skewMs).toBe(0);
    expect(aligned.root).toMatchObject({ spanId: PAY_SERVER, clamped: false });
    expect(aligned.spans.map(({ clamped, ...s }) => s)).toEqual(trace.spans);
  });

  it('moves a server clock running ahead back, the root centred in the window', () => {
    const trace = checkout();
    const root = spanById(trace, PAY_SERVER);
    // The server's clock is 2.5 s ahead: the browser saw the request 2.5 s before the server's times say.
    const request = around(root, { spanId: PAY_CLIENT }, { before: 6, after: 10, offset: -2500 });
    const aligned = alignTrace(request, trace.spans);
    expect(aligned.skewMs).toBeCloseTo(-2500 + 2, 6);
    expect(midpoint(aligned.root!)).toBeCloseTo((request.startTs + request.endTs) / 2, 6);
    expect(aligned.root!.end - aligned.root!.start).toBeCloseTo(root.end - root.start, 6);
    // Its children move with it and keep their places inside it.
    const db = byId(aligned.spans, 'fd5fb4929c177972');
    expect(db.start - aligned.root!.start).toBeCloseTo(spanById(trace, 'fd5fb4929c177972').start - root.start, 6);
    expect(db.events).toEqual(spanById(trace, 'fd5fb4929c177972').events);
    const charge = byId(aligned.spans, 'bedb07bfbb752f33');
    expect(charge.events[0]!.time - charge.start).toBeCloseTo(
      spanById(trace, 'bedb07bfbb752f33').events[0]!.time - spanById(trace, 'bedb07bfbb752f33').start,
      6,
    );
    expect(aligned.spans.every((s) => !s.clamped)).toBe(true);
  });

  it('moves a server clock running behind forward', () => {
    const trace = yelp();
    const root = spanById(trace, MOBILE_SERVER);
    const request = around(root, { spanId: YELP_CLIENT }, { before: 4, after: 4, offset: 900 });
    const aligned = alignTrace(request, trace.spans);
    expect(aligned.root?.spanId).toBe(MOBILE_SERVER);
    expect(aligned.skewMs).toBeCloseTo(900, 6);
    expect(aligned.root!.start).toBeCloseTo(request.startTs + 4, 6);
  });

  it('treats a sub-tolerance overlap as inside and only clamps it', () => {
    const trace = checkout();
    const root = spanById(trace, PAY_SERVER);
    const request = around(root, { spanId: PAY_CLIENT }, { before: -ALIGN_TOLERANCE_MS / 2, after: 5 });
    const aligned = alignTrace(request, trace.spans);
    expect(aligned.skewMs).toBe(0);
    expect(aligned.root).toMatchObject({ start: request.startTs, clamped: true });
  });

  it('gives a server span longer than the request the window start and clamps its end', () => {
    const trace = checkout();
    const root = spanById(trace, PAY_SERVER);
    // 50 ms of window for 133.75 ms of server work, seen 1 s early by the server's clock.
    const request = { startTs: root.start + 1000, endTs: root.start + 1050, spanId: PAY_CLIENT, responseSpanId: null };
    const aligned = alignTrace(request, trace.spans);
    expect(aligned.skewMs).toBeCloseTo(1000, 6);
    expect(aligned.root).toMatchObject({ start: request.startTs, end: request.endTs, clamped: true });
    for (const s of aligned.spans.filter((x) => x.service === 'payments' && x.name !== 'process orders')) {
      expect(s.start).toBeGreaterThanOrEqual(request.startTs);
      expect(s.end).toBeLessThanOrEqual(request.endTs);
    }
  });

  it("shifts only the root's subtree: other services' spans outside it are copied unchanged", () => {
    const trace = yelp();
    const request = around(spanById(trace, MOBILE_SERVER), { spanId: YELP_CLIENT }, { offset: -300 });
    const aligned = alignTrace(request, trace.spans);
    expect(aligned.skewMs).toBeCloseTo(-300, 6);
    // spectre's server span is under mobile_api's: it moves; routing and yelp-main above do not.
    expect(byId(aligned.spans, 'e8b93a4f9824726e').start).toBeCloseTo(
      spanById(trace, 'e8b93a4f9824726e').start - 300,
      6,
    );
    for (const id of ['2e8cfb154b59a41f', YELP_CLIENT, '3be2722f7915b006'])
      expect(byId(aligned.spans, id)).toEqual({ ...spanById(trace, id), clamped: false });
  });

  it('without a server span: no skew, no root, spans copied', () => {
    const spans = checkout().spans.filter((s) => s.kind !== 'server');
    const aligned = alignTrace({ startTs: 0, endTs: 1, spanId: null, responseSpanId: null }, spans);
    expect(aligned).toEqual({ skewMs: 0, root: null, spans: spans.map((s) => ({ ...s, clamped: false })) });
  });

  it('never mutates its input', () => {
    const trace = checkout();
    const before = structuredClone(trace.spans);
    alignTrace(around(spanById(trace, PAY_SERVER), { spanId: PAY_CLIENT }, { offset: 5000 }), trace.spans);
    expect(trace.spans).toEqual(before);
  });

  it('uses the response start as the window end when the request has one', () => {
    const trace = checkout();
    const root = spanById(trace, PAY_SERVER);
    const request = { ...around(root, { spanId: PAY_CLIENT }), responseStartTs: root.start + 20 };
    const aligned = alignTrace(request, trace.spans);
    // 133.75 ms of work cannot fit 30 ms before the first byte: the end is clamped there.
    expect(aligned.root).toMatchObject({ end: root.start + 20, clamped: true });
  });
});
