import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../../../src/devtools/app/App';
import type { PanelHandlers } from '../../../../src/shared/rpc';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, B, summary, T0, tabState } from '../fixtures';
import { testHost } from '../test-host';

// rrweb's Replayer does not run in happy-dom; the panel around it does.
vi.mock('../../../../src/devtools/replay/Player', () => ({ Player: () => <div data-testid="replay-stage" /> }));

const handlers = (): Partial<PanelHandlers> => ({
  listSessions: async () => [summary(B, { title: 'Checkout' }), summary(A)],
  getTabState: async () => tabState({ buffering: true, bufferMinutes: 2 }),
  getDiagnostics: async () => ({
    bootedAt: T0,
    errors: {},
    recent: [],
    settingsProblems: [],
    warnings: [{ at: T0, message: 'Session evicted to make room' }],
    ingest: [],
    webRequest: 'off',
    webRequestTabs: [],
    webRequestEvents: 0,
  }),
  deleteSession: async () => {
    throw new Error('session is recording');
  },
});

function showApp() {
  const host = testHost(handlers(), { kind: 'devtools', events: { [A]: { events: pageEvents(T0, 1), problems: [] } } });
  render(<App host={host} />);
  return host;
}

describe('the panel', () => {
  it('shows the background’s warnings until dismissed', async () => {
    showApp();
    expect((await screen.findByTestId('warning')).textContent).toContain('Session evicted to make room');
    fireEvent.click(screen.getByRole('button', { name: 'dismiss warnings' }));
    expect(screen.queryByTestId('warning')).toBeNull();
  });

  it('shows what failed until dismissed', async () => {
    showApp();
    fireEvent.click(await screen.findByRole('button', { name: 'delete Checkout' }));
    expect((await screen.findByRole('alert')).textContent).toContain('session is recording');
    fireEvent.click(screen.getByRole('button', { name: 'dismiss error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens the viewer from DevTools', async () => {
    const host = showApp();
    fireEvent.click(screen.getByRole('button', { name: 'Open viewer' }));
    expect(host.opened.viewer).toBe(1);
  });

  it('gives every control an accessible name, with a session playing', async () => {
    showApp();
    await screen.findByTestId('warning');
    fireEvent.click(screen.getAllByTestId('session-item').find((b) => b.dataset.sessionId === A)!);
    await screen.findByRole('slider');
    await screen.findByRole('button', { name: 'Save last 2 min' });
    for (const role of ['button', 'slider', 'combobox', 'list'] as const) {
      const all = screen.getAllByRole(role);
      expect(all.length).toBeGreaterThan(0);
      expect(screen.getAllByRole(role, { name: /\S/ })).toEqual(all);
    }
  });
});

describe('the viewer', () => {
  it('controls no tab and offers no viewer', async () => {
    const host = testHost(handlers(), { kind: 'viewer', tabId: null });
    render(<App host={host} />);
    await screen.findAllByTestId('session-item');
    expect(screen.queryByTestId('recording-state')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open viewer' })).toBeNull();
    expect(host.calls.map((c) => c.method)).not.toContain('getTabState');
  });
});
