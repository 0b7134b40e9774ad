import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../src/shared/traces/model';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { fixtureText, onlyTrace, spanById } from './fixtures';

const fromFixture = (name: string) => onlyTrace(normalizeSentryEnvelope(fixtureText(name)));
const TRACE_ID = 'e65eaae45b964461c50ba0f16eaba1e0'; // the captured checkout trace, continued by `ledger`
const CHARGE_SPAN = 'bedb07bfbb752f33'; // payments' `charge card`, the Sentry service's remote parent

describe('transaction items', () => {
  it('Next.js: root from contexts.trace named by the transaction, 8 children, float seconds', () => {
    const trace = fromFixture('sentry-envelope-transaction.txt');
    expect(trace.traceId).toBe('4aad454a6c23d513a463670516c1f3bd');
    expect(trace.spans).toHaveLength(9);
    const root = trace.spans[0]!;
    expect(root).toMatchObject({
      spanId: '40a78fddaf3ac832',
      name: 'GET /',
      op: 'http.server',
      kind: 'server',
      // contexts.otel.resource names the service for OpenTelemetry-based SDKs.
      service: 'node',
      status: { code: 'ok' },
    });
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes['http.route']).toBe('/');
    expect(trace.spans.filter((s) => s.parentSpanId === '40a78fddaf3ac832')).toHaveLength(2);
    const child = spanById(trace, '49bfff6435ebe386');
    expect(child).toMatchObject({ name: 'resolve page components', start: 1747909903069, kind: 'internal' });
    expect(child.end - child.start).toBeCloseTo(236.3792, 3);
  });

  it('Python: RFC 3339 timestamps keep their microseconds; the transaction keeps its parent', () => {
    const trace = fromFixture('sentry-envelope-transaction-python-iso-timestamps.txt');
    expect(trace.spans).toHaveLength(75);
    const root = trace.spans[0]!;
    expect(root).toMatchObject({
      spanId: '886df6d596597541',
      parentSpanId: '979a3638d9d8e82b',
      name: '/api/0/organizations/{organization_slug}/',
      // Transaction tags join the root's attributes.
      attributes: expect.objectContaining({ 'organization.slug': 'sentry', 'http.status_code': '200' }),
    });
    expect(root.start).toBe(Date.parse('2023-11-22T16:23:49.525Z') + 0.798);
    expect(root.end - root.start).toBeCloseTo(880.886, 3);
    const first = spanById(trace, '8fcf78d9d6aedceb');
    expect(first).toMatchObject({ op: 'middleware.django', name: 'csp.middleware.CSPMiddleware.__call__' });
  });

  it('the captured transaction continues the OpenTelemetry trace under charge card', () => {
    const trace = fromFixture('sentry-core-transaction.txt');
    expect(trace.traceId).toBe(TRACE_ID);
    expect(trace.spans.map((s) => [s.name, s.op, s.kind, s.status.code])).toEqual([
      ['POST /ledger/entries', 'http.server', 'server', 'ok'],
      ['INSERT ledger_entries', 'db', 'client', 'ok'],
    ]);
    expect(trace.spans[0]!.parentSpanId).toBe(CHARGE_SPAN);
    expect(trace.spans[1]!.parentSpanId).toBe(trace.spans[0]!.spanId);
  });
});

describe('span items', () => {
  it('v1 standalone (no content_type): one span with op, description, data and a measurement', () => {
    const trace = fromFixture('sentry-envelope-span-v1-standalone.txt');
    const [span] = trace.spans;
    expect(span).toMatchObject({
      traceId: 'b99011b43059c992d5dab0b8281f519b',
      spanId: 'ae2cb2899baf38a4',
      parentSpanId: '8044e7503e635f42',
      name: 'body > div#sentry-spotlight-root',
      op: 'ui.interaction.click',
      start: 1741123427958.2,
      attributeUnits: { 'measurements.inp': 'millisecond' },
    });
    expect(span!.attributes['measurements.inp']).toBe(5576);
    expect(span!.end - span!.start).toBeCloseTo(5576, 3);
  });

  it('v2 container (captured from the SDK): typed attributes, op from sentry.op, parents', () => {
    const trace = fromFixture('sentry-core-span.txt');
    expect(trace.traceId).toBe(TRACE_ID);
    const byName = new Map(trace.spans.map((s) => [s.name, s]));
    const server = byName.get('POST /ledger/entries')!;
    const insert = byName.get('INSERT ledger_entries')!;
    expect(server).toMatchObject({
      spanId: 'b280d2502f80c414',
      parentSpanId: CHARGE_SPAN,
      op: 'http.server',
      kind: 'server',
    });
    expect(insert).toMatchObject({ spanId: 'bafe77312e7a2904', parentSpanId: server.spanId, op: 'db', kind: 'client' });
    expect(insert.attributes['db.system.name']).toBe('postgresql');
    expect(server.attributes['sentry.sdk.integrations']).toEqual(['SpanStreaming']);
    expect(insert.end - insert.start).toBeCloseTo((1796525924.636505 - 1796525924.6221023) * 1000, 3);
  });

  it('the streamed spans and the transaction of the same flow have the same shape', () => {
    const shape = (spans: Span[]) =>
      spans.map((s) => [s.name, s.op, s.kind, s.status.code, s.parentSpanId === CHARGE_SPAN]).sort();
    expect(shape(fromFixture('sentry-core-span.txt').spans)).toEqual(
      shape(fromFixture('sentry-core-transaction.txt').spans),
    );
  });

  it('reads a v2 link and a unit (shape from the Sentry develop docs, span protocol page)', () => {
    const header = '{"type":"span","item_count":1,"content_type":"application/vnd.sentry.items.span.v2+json"}';
    const item = {
      trace_id: '6cf173d587eb48568a9b2e12dcfbea52',
      span_id: '438f40bd3b4a41ee',
      name: 'GET /users',
      status: 'error',
      is_segment: true,
      start_timestamp: 1742921669.158209,
      end_timestamp: 1742921669.180536,
      attributes: { 'session.duration': { type: 'integer', value: 164, unit: 'second' } },
      links: [
        {
          span_id: '6c71fc6b09b8b716',
          trace_id: '627a2885119dcc8184fae7eef09438cb',
          sampled: true,
          attributes: { 'sentry.link.type': { type: 'string', value: 'previous_trace' } },
        },
      ],
    };
    const [span] = onlyTrace(normalizeSentryEnvelope(`{}\n${header}\n${JSON.stringify({ items: [item] })}`)).spans;
    expect(span).toMatchObject({ status: { code: 'error' }, attributeUnits: { 'session.duration': 'second' } });
    expect(span!.links).toEqual([
      {
        traceId: '627a2885119dcc8184fae7eef09438cb',
        spanId: '6c71fc6b09b8b716',
        attributes: { 'sentry.link.type': 'previous_trace' },
      },
    ]);
  });
});

describe('event, log and trace_metric items', () => {
  it('an error event links to its trace and span through contexts.trace (Angular SDK)', () => {
    const trace = fromFixture('sentry-envelope-error-event.txt');
    expect(trace.spans).toEqual([]);
    expect(trace.errors).toEqual([
      {
        eventId: '9353246b542f4a3191adb238f3d602ba',
        traceId: 'fa62f3a444284e5eae0ba33c27704740',
        spanId: 'b331d9860d4ad6b1',
        time: 1707599670158,
        level: 'error',
        type: 'Error',
        message: 'Http failure response for https://localhost:5001/api/package/search?q=Se: 0 Unknown Error',
        platform: 'javascript',
      },
    ]);
  });

  it('an error event captured from the SDK names the server span of the ledger', () => {
    const [error] = fromFixture('sentry-core-event.txt').errors;
    expect(error).toMatchObject({
      traceId: TRACE_ID,
      spanId: 'b280d2502f80c414',
      type: 'Error',
      message: 'ledger unavailable',
    });
  });

  it('a log item keeps its UTF-8 body and takes its span from sentry.trace.parent_span_id', () => {
    const [log] = fromFixture('sentry-core-log.txt').logs;
    expect(log).toMatchObject({
      traceId: TRACE_ID,
      spanId: 'bafe77312e7a2904',
      level: 'warn',
      severityNumber: 13,
      body: 'Buchung abgelehnt: Kärtchen gesperrt ✗',
    });
    expect(log!.attributes.entries).toBe(2);
  });

  it('trace_metric items become points with span ids, units and tags without sentry.* bookkeeping', () => {
    const trace = fromFixture('sentry-core-trace_metric.txt');
    expect(trace.metricPoints.map((p) => [p.name, p.type, p.unit, p.value, p.spanId, p.tags])).toEqual([
      ['ledger.entries', 'counter', 'none', 2, 'bafe77312e7a2904', { currency: 'EUR' }],
      ['ledger.entries', 'counter', 'none', 1, 'bafe77312e7a2904', { currency: 'CHF' }],
      ['ledger.write_time', 'distribution', 'millisecond', 12.5, 'bafe77312e7a2904', {}],
      ['ledger.write_time', 'distribution', 'millisecond', 7.25, 'bafe77312e7a2904', {}],
      ['ledger.queue_depth', 'gauge', 'none', 3, 'bafe77312e7a2904', {}],
    ]);
  });

  it('skips item types that are not trace data', () => {
    const text = '{}\n{"type":"session"}\n{"sid":"x"}\n{"type":"client_report"}\n{"discarded_events":[]}';
    expect(normalizeSentryEnvelope(text)).toEqual({ ok: true, traces: [], warnings: [] });
  });

  it('names the item and field that is wrong', () => {
    const text =
      '{}\n{"type":"transaction"}\n{"start_timestamp":"yesterday","timestamp":1,"contexts":{"trace":{"trace_id":"4aad454a6c23d513a463670516c1f3bd","span_id":"40a78fddaf3ac832"}}}';
    expect(normalizeSentryEnvelope(text)).toEqual({
      ok: false,
      error: 'Sentry envelope: item 1 (transaction).contexts.trace.start_timestamp: invalid timestamp "yesterday"',
    });
  });
});

describe('values that break comparisons', () => {
  it('refuses an event whose id is an object with a length, naming the item', () => {
    // zod threw a TypeError on `{length: {toString: 1}}` under `.max(64)`: it surfaced as an unexpected failure.
    const event = { event_id: { length: { toString: 1 } }, contexts: { trace: { trace_id: TRACE_ID } } };
    const result = normalizeSentryEnvelope([{}, [[{ type: 'event' }, event]]]);
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Sentry envelope: item 1 \(event\): unreadable value/),
    });
  });
});
