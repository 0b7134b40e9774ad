import { fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../../../src/devtools/app/App';
import { LookupBox } from '../../../../src/devtools/library/LookupBox';
import type { LookupMatch } from '../../../../src/shared/db/lookup';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, B, summary, T0, tabState } from '../fixtures';
import { testHost } from '../test-host';

// rrweb's Replayer does not run in happy-dom; the panel around it does.
vi.mock('../../../../src/devtools/replay/Player', () => ({ Player: () => <div data-testid="replay-stage" /> }));

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const MATCH: LookupMatch = { sessionId: A, requestId: '13417', at: T0 + 1500, matchedBy: 'trace-id' };

describe('the lookup box', () => {
  it('has an accessible name and asks for nothing when empty', () => {
    const onFind = vi.fn();
    render(<LookupBox lookup={null} onFind={onFind} />);
    const input = screen.getByRole('searchbox', { name: 'Find a trace, span, replay or request id' });
    fireEvent.submit(input.closest('form')!);
    expect(onFind).not.toHaveBeenCalled();
    expect(screen.getByTestId('lookup-status').textContent).toBe('');
  });

  it('says what the last lookup found, as text', () => {
    const { rerender } = render(
      <LookupBox lookup={{ text: '<b>x</b>', status: 'done', matches: [] }} onFind={() => {}} />,
    );
    expect(screen.getByTestId('lookup-status').textContent).toBe('Nothing recorded matches <b>x</b>');
    rerender(<LookupBox lookup={{ text: TRACE, status: 'done', matches: [MATCH, MATCH] }} onFind={() => {}} />);
    expect(screen.getByTestId('lookup-status').textContent).toBe('Opened the newest of 2 matches');
    rerender(<LookupBox lookup={{ text: 'a b', status: 'invalid', matches: [] }} onFind={() => {}} />);
    expect(screen.getByTestId('lookup-status').textContent).toBe('Not an id Tandem records: a b');
  });

  it('in the library: Enter on a pasted trace id selects its session and seeks the player to the request', async () => {
    const host = testHost(
      {
        listSessions: async () => [summary(B, { title: 'Checkout' }), summary(A, { title: 'Cart' })],
        getTabState: async () => tabState(),
        getDiagnostics: async () => Promise.reject(new Error('not in this test')),
      },
      {
        kind: 'viewer',
        tabId: null,
        events: { [A]: { events: pageEvents(T0, 300), problems: [] } },
        lookup: (q) => (q.traceId === TRACE ? [MATCH] : []),
      },
    );
    render(<App host={host} />);
    await screen.findAllByTestId('session-item');
    const input = screen.getByRole('searchbox', { name: 'Find a trace, span, replay or request id' });
    fireEvent.input(input, { target: { value: ` ${TRACE} ` } });
    fireEvent.submit(input.closest('form')!);

    const player = await screen.findByTestId('player');
    expect(player.dataset.time).toBe('1500');
    expect(player.dataset.start).toBe(String(T0));
    const cart = screen.getAllByTestId('session-item').find((b) => b.dataset.sessionId === A)!;
    expect(cart.getAttribute('aria-current')).toBe('true');
    expect(within(cart).getByText('Cart')).toBeTruthy();
    expect(screen.getByTestId('lookup-status').textContent).toBe('Opened the one match');
  });
});
