import { describe, expect, it } from 'vitest';
import {
  normalizeSentrySpansTable,
  SENTRY_SPAN_FIELDS,
  sentryHasMorePages,
} from '../../../../src/shared/traces/sentry-api';
import { classifyResponse, probeUrl, traceUrl } from '../../../../src/shared/traces/sources';
import { fixtureJson, fixtureText, onlyTrace, spanById } from './fixtures';

/** The trace in sentry-api-events-spans.json (test/fixtures/traces/README.md). */
const TRACE = '4b1c7f0e9a2d4e6f8a0b1c2d3e4f5a6b';
const SENTRY = { kind: 'sentry', baseUrl: 'https://sentry.io/', org: 'acme' } as const;

describe('Sentry spans through the events endpoint', () => {
  it('asks the documented events endpoint for the spans dataset, one page of 100, filtered by trace', () => {
    const url = new URL(traceUrl(SENTRY, TRACE));
    expect(url.origin + url.pathname).toBe('https://sentry.io/api/0/organizations/acme/events/');
    expect(url.searchParams.get('dataset')).toBe('spans');
    expect(url.searchParams.getAll('field')).toEqual([...SENTRY_SPAN_FIELDS]);
    expect(url.searchParams.get('query')).toBe(`trace:${TRACE}`);
    expect(url.searchParams.get('per_page')).toBe('100');
    expect(url.searchParams.get('statsPeriod')).toBe('30d');
    expect(SENTRY_SPAN_FIELDS.length).toBeLessThanOrEqual(20);
  });

  it('probes the organization', () => {
    expect(probeUrl({ ...SENTRY, baseUrl: 'https://sentry.example.com' })).toBe(
      'https://sentry.example.com/api/0/organizations/acme/',
    );
  });

  it("normalises a table in Sentry's documented response shape: ids, parents, times, ops, status", () => {
    const trace = onlyTrace(normalizeSentrySpansTable(fixtureJson('sentry-api-events-spans.json')));
    expect(trace.traceId).toBe(TRACE);
    expect(trace.spans).toHaveLength(5);

    const root = spanById(trace, '9f2c4e1a7b3d5c60');
    expect(root.parentSpanId).toBeUndefined();
    expect(root).toMatchObject({ name: 'GET /checkout', op: 'http.server', service: 'shop-web', kind: 'server' });
    expect(root.status).toEqual({ code: 'ok' });
    expect(root.start).toBeCloseTo(1765012345123.456, 2);
    expect(root.end).toBeCloseTo(1765012345305.956, 2);
    expect(root.attributes).toMatchObject({ 'sentry.is_segment': true, 'sentry.transaction': 'GET /checkout' });

    const call = spanById(trace, '2b3c4d5e6f708192');
    expect(call).toMatchObject({ parentSpanId: '9f2c4e1a7b3d5c60', kind: 'client', op: 'http.client' });
    expect(call.status).toEqual({ code: 'error', message: 'internal_error' });

    const server = spanById(trace, '3c4d5e6f708192a3');
    expect(server).toMatchObject({ parentSpanId: '2b3c4d5e6f708192', service: 'payments', kind: 'server' });
    expect(server.resource).toEqual({ 'service.name': 'payments' });

    // No finish time: the end is its start plus span.duration (ms).
    const charge = spanById(trace, '4d5e6f708192a3b4');
    expect(charge.end - charge.start).toBeCloseTo(100, 3);
    expect(charge.status).toEqual({ code: 'unset' });
  });

  it('reads an empty table as "not there yet"', () => {
    const body = JSON.stringify({ data: [], meta: { fields: {} } });
    expect(classifyResponse('sentry', TRACE, 200, body)).toEqual({ kind: 'not-found' });
  });

  it('finds the trace in a 200 answer, and refuses a row without an id', () => {
    const found = classifyResponse('sentry', TRACE, 200, fixtureText('sentry-api-events-spans.json'));
    expect(found.kind === 'found' && found.traces[0]!.spans.length).toBe(5);
    const bad = classifyResponse('sentry', TRACE, 200, JSON.stringify({ data: [{ trace: TRACE }] }));
    expect(bad).toEqual({ kind: 'error', message: expect.stringMatching(/^Sentry events: data\[0\]: \.id/) });
  });

  it.each([401, 403])('says what is wrong on %i, without the body', (status) => {
    const outcome = classifyResponse('sentry', TRACE, status, '{"detail":"Invalid token"}');
    expect(outcome).toEqual({
      kind: 'error',
      message: `HTTP ${status}: the auth token is missing or lacks org:read`,
    });
  });

  it('reads a 404 as a wrong organization, not a missing trace', () => {
    expect(classifyResponse('sentry', TRACE, 404, '{"detail":"not found"}')).toMatchObject({ kind: 'error' });
  });

  it('sees another page in the Link header only when it says results="true"', () => {
    const next = (results: boolean) =>
      `<https://sentry.io/api/0/organizations/acme/events/?cursor=0:0:1>; rel="previous"; results="false"; ` +
      `cursor="0:0:1", <https://sentry.io/api/0/organizations/acme/events/?cursor=0:100:0>; rel="next"; ` +
      `results="${results}"; cursor="0:100:0"`;
    expect(sentryHasMorePages(next(true))).toBe(true);
    expect(sentryHasMorePages(next(false))).toBe(false);
    expect(sentryHasMorePages(null)).toBe(false);
  });
});
