import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { LibraryPane } from '../../../../src/devtools/library/LibraryPane';
import type { SessionSummary } from '../../../../src/shared/model';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, B, summary, T0 } from '../fixtures';
import { testPanel } from '../test-panel';

const SESSIONS = [
  summary(B, { title: 'Checkout', startedAt: T0 + 5000, pinned: true, trigger: 'instant-replay' }),
  summary(A, { title: '', eventCount: 42, storedBytes: 3 * 1024 * 1024 }),
];

/** The library pane over a test Host whose background holds `sessions`; the library is read on connect. */
async function showLibrary(sessions: SessionSummary[] = SESSIONS) {
  const panel = testPanel(
    {
      listSessions: async () => sessions,
      pinSession: async ({ pinned }) => ({ pinned }),
      deleteSession: async () => ({ deleted: true }),
    },
    { tabId: null, events: { [A]: { events: pageEvents(T0, 1), problems: [] } } },
  );
  panel.controller.connect();
  render(<LibraryPane {...panel} />);
  if (sessions.length) await screen.findByRole('list', { name: 'Sessions' });
  return panel;
}

/** The button that selects a session (its name is everything the row says). */
const item = (id: string) => screen.getAllByRole('button').find((b) => b.dataset.sessionId === id)!;

describe('the session library', () => {
  it('lists every session with what it is, as text', async () => {
    await showLibrary();
    const items = screen.getAllByTestId('session-item');
    expect(items.map((i) => i.dataset.sessionId)).toEqual([B, A]);
    expect(items[0]!.textContent).toContain('Checkout');
    expect(items[0]!.textContent).toContain('instant replay');
    // Without a title the first URL names the session.
    expect(items[1]!.textContent).toContain('http://127.0.0.1:8080/shop?x=1');
    expect(items[1]!.textContent).toContain('42 events');
    expect(items[1]!.textContent).toContain('3.0 MB');
    expect(items[1]!.textContent).toContain('1:01');
  });

  it('says so when there is no session', async () => {
    const panel = await showLibrary([]);
    await waitFor(() => expect(panel.host.calls.map((c) => c.method)).toContain('listSessions'));
    expect(screen.getByTestId('no-sessions').textContent).toContain('No sessions yet');
  });

  it('a click selects the session, marks it current and loads it', async () => {
    const { store } = await showLibrary();
    fireEvent.click(item(A));
    await waitFor(() => expect(store.getState().replay.loaded?.sessionId).toBe(A));
    expect(store.getState().library.selectedId).toBe(A);
    expect(item(A).getAttribute('aria-current')).toBe('true');
    expect(item(B).getAttribute('aria-current')).toBeNull();
    expect(item(A).closest('li')!.className).toContain('selected');
  });

  it('every session is a native button in the tab order, so Enter and Space select it', async () => {
    await showLibrary();
    for (const el of screen.getAllByTestId('session-item')) {
      // The browser turns Enter and Space on a <button> into a click (test/e2e/controls.test.ts presses them).
      expect(el.tagName).toBe('BUTTON');
      expect(el.getAttribute('type')).toBe('button');
      expect(el.tabIndex).toBe(0);
      expect(el.hasAttribute('disabled')).toBe(false);
    }
  });

  it('pin and unpin call pinSession for that session only, then re-read the library', async () => {
    const { host } = await showLibrary();
    fireEvent.click(screen.getByRole('button', { name: 'pin http://127.0.0.1:8080/shop?x=1' }));
    fireEvent.click(screen.getByRole('button', { name: 'unpin Checkout' }));
    await waitFor(() =>
      expect(host.calls.filter((c) => c.method === 'pinSession').map((c) => c.params)).toEqual([
        { sessionId: A, pinned: true },
        { sessionId: B, pinned: false },
      ]),
    );
    await waitFor(() => expect(host.calls.filter((c) => c.method === 'listSessions').length).toBeGreaterThan(1));
  });

  it('delete calls deleteSession for that session and does not select it', async () => {
    const { host, store } = await showLibrary();
    const row = item(B).closest('li')!;
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: 'delete Checkout' }));
    await waitFor(() => expect(host.calls).toContainEqual({ method: 'deleteSession', params: { sessionId: B } }));
    expect(store.getState().library.selectedId).toBeNull();
  });
});

describe('a recording session in the library', () => {
  it('shows the length the panel has read live, not the stored record’s older one', async () => {
    const recording = summary(A, { status: 'recording', startedAt: T0, lastEventAt: T0 + 1000, endedAt: null });
    const panel = await showLibrary([recording]);
    expect(item(A).textContent).toContain('0:01');
    fireEvent.click(item(A));
    await waitFor(() => expect(panel.store.getState().replay.loaded?.sessionId).toBe(A));
    // The live reads brought events up to 6 s in.
    const newer = pageEvents(T0 + 6000, 0).slice(0, 1);
    panel.store.dispatch({ type: 'events-appended', sessionId: A, events: newer });
    await waitFor(() => expect(item(A).textContent).toContain('0:06'));
  });

  it('counts from the oldest event, as the player does, when the recording began with its tab’s buffer', async () => {
    const fromBuffer = summary(A, { startedAt: T0 + 4000, firstEventAt: T0, lastEventAt: T0 + 6000, endedAt: null });
    await showLibrary([fromBuffer]);
    expect(item(A).textContent).toContain('0:06');
  });
});
