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
const NAME = 'Search sessions, or find a trace, span, replay or request id';
const none = { shown: 0, total: 0, query: '' };

describe('the lookup box', () => {
  it('has an accessible name and asks for nothing when empty', () => {
    const onFind = vi.fn();
    render(<LookupBox lookup={null} matching={none} onQuery={() => {}} onFind={onFind} />);
    const input = screen.getByRole('searchbox', { name: NAME });
    fireEvent.submit(input.closest('form')!);
    expect(onFind).not.toHaveBeenCalled();
    expect(screen.getByTestId('lookup-status').textContent).toBe('');
  });

  it('says what the last lookup found, as text', () => {
    const { rerender } = render(
      <LookupBox
        lookup={{ text: '<b>x</b>', status: 'done', matches: [] }}
        matching={none}
        onQuery={() => {}}
        onFind={() => {}}
      />,
    );
    expect(screen.getByTestId('lookup-status').textContent).toBe('Nothing recorded matches <b>x</b>');
    rerender(
      <LookupBox
        lookup={{ text: TRACE, status: 'done', matches: [MATCH, MATCH] }}
        matching={none}
        onQuery={() => {}}
        onFind={() => {}}
      />,
    );
    expect(screen.getByTestId('lookup-status').textContent).toBe('Opened the newest of 2 matches');
    rerender(
      <LookupBox
        lookup={{ text: 'a b', status: 'invalid', matches: [] }}
        matching={none}
        onQuery={() => {}}
        onFind={() => {}}
      />,
    );
    expect(screen.getByTestId('lookup-status').textContent).toBe(
      'No session matches, and it is not an id Tandem records: a b',
    );
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
    const input = screen.getByRole('searchbox', { name: NAME });
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

  it('in the library: typing filters the sessions by name, title, URL and tag; rename and tag in place', async () => {
    const host = testHost(
      {
        listSessions: async () => [
          summary(B, { title: 'Checkout', firstUrl: 'http://shop/checkout', tags: ['bug-1432'] }),
          summary(A, { title: 'Cart', firstUrl: 'http://shop/cart' }),
        ],
        getTabState: async () => tabState(),
        getDiagnostics: async () => Promise.reject(new Error('not in this test')),
        labelSession: async ({ name, tags }) => ({ name, tags }),
      },
      { kind: 'viewer', tabId: null },
    );
    render(<App host={host} />);
    await screen.findAllByTestId('session-item');
    const input = screen.getByRole('searchbox', { name: NAME });
    const titles = () => screen.queryAllByTestId('session-item').map((b) => b.querySelector('.title')?.textContent);

    fireEvent.input(input, { target: { value: 'shop/CART' } });
    expect(titles()).toEqual(['Cart']);
    expect(screen.getByTestId('lookup-status').textContent).toBe('1 of 2 sessions match; Enter finds an id');
    fireEvent.input(input, { target: { value: 'tag:bug-1432' } });
    expect(titles()).toEqual(['Checkout']);
    fireEvent.input(input, { target: { value: 'nothing-like-this' } });
    expect(screen.getByTestId('no-sessions').textContent).toBe('No session matches the search.');
    // Enter looks a single word up as a request id, and says when nothing has it.
    fireEvent.submit(input.closest('form')!);
    await vi.waitFor(() =>
      expect(screen.getByTestId('lookup-status').textContent).toBe('Nothing recorded matches nothing-like-this'),
    );
    // Words that are no id and match no session: said so.
    fireEvent.input(input, { target: { value: 'no such words' } });
    fireEvent.submit(input.closest('form')!);
    await vi.waitFor(() =>
      expect(screen.getByTestId('lookup-status').textContent).toBe(
        'No session matches, and it is not an id Tandem records: no such words',
      ),
    );
    // A pasted trace id leaves the list alone (Enter finds it).
    fireEvent.input(input, { target: { value: TRACE } });
    expect(titles()).toEqual(['Checkout', 'Cart']);
    fireEvent.input(input, { target: { value: '' } });
    expect(titles()).toEqual(['Checkout', 'Cart']);

    fireEvent.click(screen.getByRole('button', { name: 'rename or tag Cart' }));
    const form = screen.getByTestId('label-form');
    fireEvent.input(within(form).getByRole('textbox', { name: 'Session name' }), {
      target: { value: '  Repro: cart total wrong  ' },
    });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Tags, comma-separated' }), {
      target: { value: 'bug-1432, cart,, cart ' },
    });
    fireEvent.submit(form);
    await vi.waitFor(() => expect(host.calls.some((c) => c.method === 'labelSession')).toBe(true));
    expect(host.calls.find((c) => c.method === 'labelSession')?.params).toEqual({
      sessionId: A,
      name: 'Repro: cart total wrong',
      tags: ['bug-1432', 'cart'],
    });
    expect(screen.queryByTestId('label-form')).toBeNull();
  });
});
