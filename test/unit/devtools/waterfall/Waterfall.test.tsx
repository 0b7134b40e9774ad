import { fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it } from 'vitest';
import type { DetailsTab } from '../../../../src/devtools/app/view-state';
import { RequestDetails } from '../../../../src/devtools/details/RequestDetails';
import { rowOfRecord } from '../../../../src/devtools/session/request-rows';
import { Waterfall } from '../../../../src/devtools/waterfall/Waterfall';
import type { TraceRecord } from '../../../../src/shared/model';
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

/** The waterfall with its picked span held the way RequestDetails holds it. */
function Picking({ trace: t, onSeek }: { trace: Trace; onSeek: (t: number) => void }) {
  const [picked, setPicked] = useState<string | null>(null);
  return <Waterfall record={root} trace={t} playhead={null} onSeek={onSeek} picked={picked} onPick={setPicked} />;
}

describe('Waterfall', () => {
  it('draws a 5,000-span trace windowed, the failing span marked, and seeks to a span on click', () => {
    const seeks: number[] = [];
    render(<Picking trace={trace(5000)} onSeek={(t) => seeks.push(t)} />);
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

  it('a picked span shows its own metric summaries; the Metrics tab can show that span alone', () => {
    const t = trace(4);
    const point = (spanId: string, value: number) => ({
      traceId: TRACE,
      spanId,
      time: T0 + 1050,
      name: 'checkout.declined',
      type: 'counter' as const,
      unit: 'none',
      value,
      tags: { reason: 'card' },
    });
    t.metricPoints = [point('0000000000000003', 1), point('0000000000000002', 5)];
    let tab: DetailsTab = 'trace';
    const { rerender } = render(
      <RequestDetails
        row={rowOfRecord(root)}
        trace={{ sessionId: root.sessionId, traceId: TRACE, trace: t } as unknown as TraceRecord}
        sources={[]}
        linkSettings={null}
        tab={tab}
        playhead={null}
        onTab={(next) => {
          tab = next;
        }}
        onClose={() => {}}
        onSeek={() => {}}
      />,
    );
    fireEvent.click(document.querySelector('[data-span-id="0000000000000003"]')!);
    const info = screen.getByTestId('span-info');
    expect(info.querySelector('[data-metric="c:checkout.declined@none"]')?.textContent).toContain('1');
    // The Metrics tab offers the picked span: its summary alone, not the whole request's (1 + 5).
    fireEvent.click(screen.getByRole('tab', { name: 'Metrics' }));
    expect(tab).toBe('metrics');
    rerender(
      <RequestDetails
        row={rowOfRecord(root)}
        trace={{ sessionId: root.sessionId, traceId: TRACE, trace: t } as unknown as TraceRecord}
        sources={[]}
        linkSettings={null}
        tab="metrics"
        playhead={null}
        onTab={() => {}}
        onClose={() => {}}
        onSeek={() => {}}
      />,
    );
    const sum = () =>
      screen.getByTestId('metric-summaries').querySelector('[data-metric="c:checkout.declined@none"]')?.lastElementChild
        ?.textContent;
    expect(sum()).toBe('6');
    fireEvent.click(screen.getByRole('radio', { name: /Span step 2/ }));
    expect(sum()).toBe('1');
  });
});
