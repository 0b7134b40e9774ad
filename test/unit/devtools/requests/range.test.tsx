import { EventType, type eventWithTime } from '@rrweb/types';
import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { buildRequestRecord } from '../../../../src/background/network/request-record';
import { SessionPanes } from '../../../../src/devtools/requests/RequestsPane';
import { Timeline } from '../../../../src/devtools/timeline/Timeline';
import { observation, wrapperRecord } from '../../fixtures/network';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, T0 } from '../fixtures';
import { testPanel } from '../test-panel';

const log = (timestamp: number, message: string): eventWithTime => ({
  type: EventType.Custom,
  timestamp,
  data: { tag: 'breadcrumb', payload: { category: 'console', level: 'log', message } },
});

/** A wheel turn at the timeline's left edge. happy-dom's WheelEvent has no clientX: it is given here. */
function wheel(target: Element, deltaY: number) {
  const event = new WheelEvent('wheel', { deltaY, bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clientX', { value: 0 });
  act(() => {
    target.dispatchEvent(event);
  });
}

/** A 30 s session: a request and a console line at 1 s, 11 s and 21 s. */
function panes() {
  const panel = testPanel({}, { tabId: null });
  const { store } = panel;
  const at = [1000, 11_000, 21_000];
  const records = at.map((t, i) =>
    buildRequestRecord(
      observation({
        sessionId: A,
        requestId: `r${i}`,
        url: `http://127.0.0.1/api/${i}`,
        startTs: T0 + t,
        endTs: T0 + t + 40,
      }),
      wrapperRecord({
        sessionId: A,
        id: `p:${i}`,
        url: `http://127.0.0.1/api/${i}`,
        startTs: T0 + t,
        endTs: T0 + t + 40,
      }),
      { headers: [], queryParams: [] },
    ),
  );
  const events = [...pageEvents(T0, 1), ...at.map((t, i) => log(T0 + t, `line ${i}`)), log(T0 + 30_000, 'end')];
  store.dispatch({ type: 'select', sessionId: A });
  store.dispatch({ type: 'replay-loaded', replay: { sessionId: A, events, problems: [] } });
  store.dispatch({ type: 'replay-ready', total: 30_000 });
  store.dispatch({ type: 'requests-loaded', sessionId: A, requests: records });
  render(
    <>
      <Timeline store={store} />
      <SessionPanes {...panel} />
    </>,
  );
  const rows = () => within(screen.getByRole('grid', { name: 'Requests' })).queryAllByRole('row').length - 1;
  return { store, rows };
}

describe('the timeline’s zoom and the lists', () => {
  it('lists only what falls in the stretch the timeline is zoomed to, says so, and shows all again', () => {
    const { store, rows } = panes();
    expect(rows()).toBe(3);
    expect(screen.queryByRole('status')).toBeNull();

    // Zooming in on the timeline (the wheel, around the pointer at its left edge) narrows the lists.
    const canvas = screen.getByLabelText(/Session timeline/);
    for (let i = 0; i < 6; i++) wheel(canvas, -100);
    const range = store.getState().view.range!;
    expect(range.from).toBe(T0);
    expect(range.to).toBeLessThan(T0 + 11_000);
    expect(rows()).toBe(1);
    expect(screen.getByRole('tab', { name: /Console/ }).textContent).toContain('1');
    expect(screen.getByRole('status').textContent).toMatch(/Showing .* the stretch the timeline is zoomed to/);

    // A stretch in the middle: the second request and line only.
    fireEvent.click(screen.getByRole('tab', { name: /Console/ }));
    act(() => store.dispatch({ type: 'time-range', range: { from: T0 + 10_000, to: T0 + 12_000 } }));
    expect(screen.getByRole('list', { name: 'Console' }).textContent).toContain('line 1');
    expect(screen.getByRole('list', { name: 'Console' }).textContent).not.toContain('line 0');
    // A stretch under a minute is told in tenths: whole seconds could read "0:10 – 0:10".
    expect(screen.getByRole('status').textContent).toContain('0:10.0 – 0:12.0');
    act(() => store.dispatch({ type: 'time-range', range: { from: T0 + 61_000, to: T0 + 185_000 } }));
    expect(screen.getByRole('status').textContent).toContain('1:01 – 3:05');

    fireEvent.click(screen.getByRole('button', { name: 'Show all' }));
    expect(store.getState().view.range).toBeNull();
    expect(screen.getByRole('list', { name: 'Console' }).textContent).toContain('line 0');

    // Zooming back out to the whole session is no stretch at all.
    for (let i = 0; i < 3; i++) wheel(canvas, -100);
    expect(store.getState().view.range).not.toBeNull();
    for (let i = 0; i < 20; i++) wheel(canvas, 100);
    expect(store.getState().view.range).toBeNull();
    // Another session starts with all of it.
    store.dispatch({ type: 'time-range', range: { from: T0, to: T0 + 1 } });
    store.dispatch({ type: 'select', sessionId: null });
    expect(store.getState().view.range).toBeNull();
  });
});
