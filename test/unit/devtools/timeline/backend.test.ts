import { describe, expect, it } from 'vitest';
import { rowOfRecord } from '../../../../src/devtools/session/request-rows';
import { backendMarks } from '../../../../src/devtools/timeline/backend';
import type { TraceRecord } from '../../../../src/shared/model';
import type { Span, Trace } from '../../../../src/shared/traces/model';
import { request, T0 } from '../fixtures';

const TRACE = 'c'.repeat(32);
// The browser request ran from T0+1000 to T0+1200; the server's clock is 5 s ahead.
const SKEW = 5000;
const req = request('r1', { traceId: TRACE, spanId: 'f'.repeat(16), startTs: T0 + 1000, endTs: T0 + 1200 });

const span = (id: string, parent: string, start: number, end: number, error = false): Span =>
  ({
    traceId: TRACE,
    spanId: id,
    parentSpanId: parent,
    name: id,
    service: 'shop',
    kind: id === '1'.padStart(16, '0') ? 'server' : 'internal',
    start: start + SKEW,
    end: end + SKEW,
    status: error ? { code: 'error' } : { code: 'unset' },
    attributes: {},
    resource: {},
    events: [],
    links: [],
  }) as Span;

describe('the timeline’s backend tracks', () => {
  it('draws each stored trace where its spans ran on the browser clock, red when one failed, and its metric points', () => {
    const root = '1'.padStart(16, '0');
    const trace: Trace = {
      traceId: TRACE,
      spans: [
        span(root, req.spanId!, T0 + 1010, T0 + 1190),
        span('2'.padStart(16, '0'), root, T0 + 1050, T0 + 1100, true),
      ],
      errors: [],
      logs: [],
      metricPoints: [
        {
          traceId: TRACE,
          spanId: root,
          time: T0 + 1100 + SKEW,
          name: 'checkout.declined',
          type: 'counter',
          unit: 'none',
          value: 1,
          tags: {},
        },
      ],
    };
    const stored = { sessionId: req.sessionId, traceId: TRACE, trace } as unknown as TraceRecord;
    const marks = backendMarks([rowOfRecord(req), rowOfRecord(request('r2'))], { [TRACE]: stored });
    expect(marks.spans).toHaveLength(1);
    const [m] = marks.spans;
    expect(m!.error).toBe(true);
    // Inside the request, not 5 s later.
    expect(m!.from).toBeGreaterThanOrEqual(req.startTs);
    expect(m!.to).toBeLessThanOrEqual(req.endTs);
    expect(marks.metrics).toHaveLength(1);
    expect(Math.abs(marks.metrics[0]!.at - (T0 + 1100))).toBeLessThan(100);
  });

  it('draws nothing for requests whose trace is not stored', () => {
    expect(backendMarks([rowOfRecord(req)], {})).toEqual({ spans: [], metrics: [] });
  });
});
