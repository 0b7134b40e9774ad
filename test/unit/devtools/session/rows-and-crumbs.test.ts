import { describe, expect, it } from 'vitest';
import { requestSpan } from '../../../../src/background/network/request-record';
import type { StoredEvent } from '../../../../src/shared/db/read';
import {
  breadcrumbEvent,
  consoleBreadcrumb,
  errorBreadcrumb,
  navigationBreadcrumb,
  performanceSpanEvent,
} from '../../../../src/shared/replay-events';
import { isErrorCrumb, readCrumbs } from '../../../../src/devtools/session/crumbs';
import { buildRequestRows } from '../../../../src/devtools/session/request-rows';
import { request, T0 } from '../fixtures';

const asStored = (e: { type: number; timestamp: number }) => e as unknown as StoredEvent;

describe('buildRequestRows (records and the page resource timing the recorder writes)', () => {
  const img = request('img1', { url: 'http://127.0.0.1:5173/logo.png', type: 'image', api: null, op: 'resource.img' });
  const pageImg = performanceSpanEvent({
    op: 'resource.img',
    description: 'http://127.0.0.1:5173/logo.png',
    startMs: T0 + 990,
    endMs: T0 + 1090,
    data: { size: 2048, encodedBodySize: 2000, decodedBodySize: 2000, statusCode: 200 },
  });

  it('merges a resource the page timed into the record of the same request: one row, with its size', () => {
    const rows = buildRequestRows([img], [asStored(pageImg), asStored(requestSpan(img))]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'img1', type: 'img', size: 2048 });
  });

  it('keeps a resource only the page saw as a row of its own, in start order', () => {
    const early = performanceSpanEvent({
      op: 'resource.script',
      description: 'http://127.0.0.1:5173/app.js',
      startMs: T0 + 10,
      endMs: T0 + 20,
      data: { size: 0, statusCode: 200 },
    });
    const rows = buildRequestRows([img], [asStored(early), asStored(pageImg)]);
    expect(rows.map((r) => r.type)).toEqual(['script', 'img']);
    expect(rows[0]!.record).toBeNull();
  });

  it('marks 4xx, 5xx and network errors failed and names the trace', () => {
    const rows = buildRequestRows(
      [
        request('a', { status: 402, traceId: 'c'.repeat(32) }),
        request('b', { status: 0, error: 'net::ERR_FAILED', startTs: T0 + 2000 }),
        request('c', { status: 200, startTs: T0 + 3000, responseTraceId: 'd'.repeat(32) }),
      ],
      [],
    );
    expect(rows.map((r) => [r.failed, r.traceId])).toEqual([
      [true, 'c'.repeat(32)],
      [true, null],
      [false, 'd'.repeat(32)],
    ]);
  });
});

describe('readCrumbs (the breadcrumbs the recorder writes)', () => {
  it('sorts breadcrumbs into actions, navigations, console lines and errors, skipping bookkeeping', () => {
    const events = [
      breadcrumbEvent(T0 + 1, { type: 'default', category: 'ui.click', message: 'button#pay' }),
      navigationBreadcrumb(T0 + 2, 'http://a/', 'http://a/checkout'),
      consoleBreadcrumb(T0 + 3, 'error', ['payment failed', '402'], 1000),
      errorBreadcrumb(T0 + 4, 'error', 'TypeError: x is undefined', {}),
      breadcrumbEvent(T0 + 5, { type: 'default', category: 'replay.mutations', message: 'too many' }),
      consoleBreadcrumb(T0 + 6, 'log', ['hello'], 1000),
    ].map(asStored);
    const crumbs = readCrumbs(events);
    expect(crumbs.map((c) => [c.kind, c.message])).toEqual([
      ['action', 'button#pay'],
      ['navigation', 'http://a/ → http://a/checkout'],
      ['console', 'payment failed 402'],
      ['error', 'TypeError: x is undefined'],
      ['console', 'hello'],
    ]);
    expect(crumbs.filter(isErrorCrumb).map((c) => c.message)).toEqual([
      'payment failed 402',
      'TypeError: x is undefined',
    ]);
  });
});
