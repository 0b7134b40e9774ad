import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { Waterfall } from '../../../../src/devtools/waterfall/Waterfall';
import type { Span, Trace } from '../../../../src/shared/traces/model';
import { request, T0 } from '../fixtures';

const TRACE = 'a'.repeat(32);
const root = request('checkout', {
  method: 'POST',
  status: 402,
  traceId: TRACE,
  spanId: 'f'.repeat(16),
  endTs: T0 + 1200,
});

function trace(count: number): Trace {
  const spans: Span[] = Array.from({ length: count }, (_, i) => ({
    traceId: TRACE,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? root.spanId! : '0000000000000001',
    name: i === 0 ? 'POST /authorize' : `step ${i}`,
    service: 'payments',
    kind: i === 0 ? 'server' : 'internal',
    start: T0 + 1001 + i * 0.01,
    end: T0 + 1100,
    status: i === 2 ? { code: 'error', message: 'card declined' } : { code: 'unset' },
    attributes: { 'payment.amount': 42 },
    resource: {},
    events: [],
    links: [],
  }));
  return { traceId: TRACE, spans, errors: [], logs: [], metricPoints: [] } as unknown as Trace;
}

describe('Waterfall', () => {
  it('draws a 5,000-span trace windowed, the failing span marked, and seeks to a span on click', () => {
    const seeks: number[] = [];
    render(<Waterfall record={root} trace={trace(5000)} playhead={null} onSeek={(t) => seeks.push(t)} />);
    const drawn = document.querySelectorAll('[role=treeitem]');
    expect(drawn.length).toBeGreaterThan(3);
    expect(drawn.length).toBeLessThan(100);
    expect(document.querySelector('.wf-bar')?.textContent).toMatch(/^5000 spans, 1 error, /);
    const failing = document.querySelector('[data-span-id="0000000000000003"]')!;
    expect(failing.getAttribute('data-error')).toBe('true');
    fireEvent.click(failing);
    expect(seeks).toEqual([T0 + 1001.02]);
    // The span's attributes show on click.
    expect(screen.getByTestId('span-info').textContent).toContain('payment.amount');
  });
});
