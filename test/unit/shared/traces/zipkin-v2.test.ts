import { describe, expect, it } from 'vitest';
import { normalizeZipkinV2 } from '../../../../src/shared/traces/zipkin-v2';
import { fixtureJson, onlyTrace, spanById } from './fixtures';

describe('normalizeZipkinV2: the 128-bit messaging trace', () => {
  const trace = onlyTrace(normalizeZipkinV2(fixtureJson('zipkin-v2-trace-128bit-messaging.json')));

  it('keeps the ids, parents, kinds and services as Zipkin gave them', () => {
    expect(trace.traceId).toBe('5aab74dbb904746bb33447baae403ed6');
    expect(trace.spans.map((s) => [s.spanId, s.parentSpanId, s.kind, s.service, s.name])).toEqual([
      ['e457b5a2e4d86bd1', '05e3ac9a4f6e3b90', 'consumer', 'backend', 'next-message'],
      ['4ad2db84ac76def7', 'e457b5a2e4d86bd1', 'internal', 'backend', 'on-message'],
      ['05e3ac9a4f6e3b90', 'b33447baae403ed6', 'producer', 'frontend', 'publish'],
      ['b33447baae403ed6', undefined, 'server', 'frontend', 'get /'],
    ]);
  });

  it('reads microsecond timestamps and durations', () => {
    const root = spanById(trace, 'b33447baae403ed6');
    expect(root.start).toBe(1521186011926.119);
    expect(root.end - root.start).toBeCloseTo(2.839, 3);
  });

  it('maps the remote endpoint to peer attributes next to the tags', () => {
    expect(spanById(trace, 'b33447baae403ed6').attributes).toEqual({
      'http.method': 'GET',
      'http.path': '/',
      'mvc.controller.class': 'Frontend',
      'mvc.controller.method': 'callBackend',
      'network.peer.address': '::1',
      'network.peer.port': 54602,
    });
    expect(spanById(trace, 'e457b5a2e4d86bd1').attributes['peer.service']).toBe('rabbitmq');
  });
});

describe('normalizeZipkinV2: the Yelp trace with shared client/server ids', () => {
  const trace = onlyTrace(normalizeZipkinV2(fixtureJson('zipkin-v2-trace.json')));
  const servers = trace.spans.filter((s) => s.wireSpanId);

  it('pads the 64-bit trace id and keeps all 16 spans with unique ids', () => {
    expect(trace.traceId).toBe('0000000000000000a03ee8fff1dcd9b9');
    expect(trace.spans).toHaveLength(16);
    expect(new Set(trace.spans.map((s) => s.spanId)).size).toBe(16);
  });

  it('gives the three shared server halves that have a client half new ids under their client', () => {
    expect(servers.map((s) => [s.wireSpanId, s.parentSpanId, s.service, s.kind])).toEqual([
      ['7a778764a0d0b594', '7a778764a0d0b594', 'spectre', 'server'],
      ['f5f268651b2a2b34', 'f5f268651b2a2b34', 'mobile_api', 'server'],
      ['668ed78ad94b35a1', '668ed78ad94b35a1', 'yelp_main/api_proxy', 'server'],
    ]);
    for (const server of servers) {
      const client = spanById(trace, server.wireSpanId!);
      expect(client.kind).toBe('client');
      expect(server.spanId).not.toBe(server.wireSpanId);
    }
    // The root is shared but has no client half: it keeps its id.
    expect(spanById(trace, '2e8cfb154b59a41f')).toMatchObject({ service: 'routing', kind: 'server' });
    expect(spanById(trace, '2e8cfb154b59a41f').parentSpanId).toBeUndefined();
  });

  it('derives the same ids every time', () => {
    const again = onlyTrace(normalizeZipkinV2(fixtureJson('zipkin-v2-trace.json')));
    expect(again.spans.map((s) => s.spanId)).toEqual(trace.spans.map((s) => s.spanId));
  });

  it("attaches children to the server half that ran on their endpoint, else to the client half, as Zipkin's tree does", () => {
    const mobileServer = servers.find((s) => s.wireSpanId === 'f5f268651b2a2b34')!;
    // mobile_api's own calls (same service; a port only one side gives is not a difference).
    for (const id of ['15fc03927f0f68df', '7a778764a0d0b594', '6a65182ea4f684c3', 'cb4d73f31cd90cae']) {
      expect(spanById(trace, id).parentSpanId).toBe(mobileServer.spanId);
    }
    // yelp-main's spans name 668ed78ad94b35a1, whose server half is yelp_main/api_proxy: not the same
    // endpoint, so they hang under the client half, as in Zipkin's UI.
    expect(spanById(trace, '241cea1aa4cb2884').parentSpanId).toBe('668ed78ad94b35a1');
    expect(spanById(trace, 'e7d1a2d5a788ac81').parentSpanId).toBe('668ed78ad94b35a1');
  });

  it('keeps every span reachable from the root (no span is orphaned by the id split)', () => {
    const ids = new Set(trace.spans.map((s) => s.spanId));
    const roots = trace.spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    expect(roots.map((s) => s.spanId)).toEqual(['2e8cfb154b59a41f']);
  });
});

describe('normalizeZipkinV2: status and odd input', () => {
  const base = { traceId: '5aab74dbb904746b', id: '05e3ac9a4f6e3b90', name: 'x', timestamp: 1521186011927475 };

  it('reads the error tag as the status message, empty or not', () => {
    const spans = (tags: Record<string, string>) => onlyTrace(normalizeZipkinV2([{ ...base, tags }])).spans[0]!;
    expect(spans({ error: 'boom' }).status).toEqual({ code: 'error', message: 'boom' });
    expect(spans({ error: '' }).status).toEqual({ code: 'error' });
    expect(spans({ 'otel.status_code': 'OK' }).status).toEqual({ code: 'ok' });
    expect(spans({ 'http.path': '/' }).attributes).toEqual({ 'http.path': '/' });
  });

  it('treats an all-zero parentId as a root and refuses an all-zero id', () => {
    expect(
      onlyTrace(normalizeZipkinV2([{ ...base, parentId: '0000000000000000' }])).spans[0]!.parentSpanId,
    ).toBeUndefined();
    expect(normalizeZipkinV2([{ ...base, id: '0000000000000000' }])).toEqual({
      ok: false,
      error: 'Zipkin v2: [0].id: invalid span id "0000000000000000"',
    });
  });

  it('falls back to the first annotation when timestamp is missing, with a warning', () => {
    const { timestamp: _, ...noTime } = base;
    const result = normalizeZipkinV2([{ ...noTime, annotations: [{ timestamp: 1521186011927000, value: 'cs' }] }]);
    expect(onlyTrace(result).spans[0]!.start).toBe(1521186011927);
    expect(result.ok && result.warnings).toEqual(['[0]: no timestamp, read from its annotations or as 0']);
  });
});
