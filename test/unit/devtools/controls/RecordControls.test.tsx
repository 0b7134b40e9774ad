import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../../src/devtools/app/Popup';
import { RecordControls } from '../../../../src/devtools/controls/RecordControls';
import { TabControls } from '../../../../src/devtools/controls/TabControls';
import type { SessionSummary } from '../../../../src/shared/model';
import type { TabState } from '../../../../src/shared/protocol';
import { B, summary, TAB, tabState } from '../fixtures';
import { testHost } from '../test-host';
import { testPanel } from '../test-panel';

function controls(tab: TabState) {
  const on = { onStart: vi.fn(), onStop: vi.fn(), onSave: vi.fn() };
  render(<RecordControls tab={tab} {...on} />);
  return on;
}

describe('the record controls', () => {
  it('not recording: says so and offers to record', () => {
    const on = controls(tabState());
    expect(screen.getByTestId('recording-state').textContent).toBe('Not recording');
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Record this tab' }));
    expect(on.onStart).toHaveBeenCalledOnce();
  });

  it('recording: says so and offers to stop', () => {
    const on = controls(tabState({ recording: true, sessionId: B }));
    expect(screen.getByTestId('recording-state').textContent).toBe('Recording');
    expect(screen.queryByRole('button', { name: 'Record this tab' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(on.onStop).toHaveBeenCalledOnce();
  });

  it('offers to save the instant-replay buffer only while there is one', () => {
    const on = controls(tabState({ buffering: true, bufferMinutes: 2 }));
    fireEvent.click(screen.getByRole('button', { name: 'Save last 2 min' }));
    expect(on.onSave).toHaveBeenCalledOnce();
  });

  it('without a buffer there is nothing to save', () => {
    controls(tabState({ buffering: false }));
    expect(screen.queryByTestId('save-instant-replay')).toBeNull();
  });
});

describe('the record controls, connected', () => {
  /** A background whose tab keeps an instant-replay buffer, records after start and buffers again after stop. */
  function recordingTab() {
    let state = tabState({ buffering: true, bufferMinutes: 2 });
    let sessions: SessionSummary[] = [];
    return {
      getTabState: async () => state,
      startRecording: async () => (state = { ...state, recording: true, sessionId: B, buffering: false }),
      stopRecording: async () => (state = { ...state, recording: false, sessionId: null, buffering: true }),
      saveInstantReplay: async () => {
        sessions = [summary(B, { trigger: 'instant-replay' })];
        return { sessionId: B };
      },
      listSessions: async () => sessions,
    };
  }

  it('in the panel: start, stop and save call the host for the inspected tab and show the new state', async () => {
    const panel = testPanel(recordingTab());
    panel.controller.connect();
    render(<TabControls {...panel} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Save last 2 min' }));
    await waitFor(() => expect(panel.store.getState().library.selectedId).toBe(B));
    expect(panel.host.calls).toContainEqual({ method: 'saveInstantReplay', params: { tabId: TAB } });

    fireEvent.click(screen.getByRole('button', { name: 'Record this tab' }));
    await waitFor(() => expect(screen.getByTestId('recording-state').textContent).toBe('Recording'));
    expect(panel.host.calls).toContainEqual({ method: 'startRecording', params: { tabId: TAB } });

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.getByTestId('recording-state').textContent).toBe('Not recording'));
    expect(panel.host.calls).toContainEqual({ method: 'stopRecording', params: { tabId: TAB } });
  });

  it('in the viewer (no tab): nothing to control', async () => {
    const panel = testPanel(recordingTab(), { tabId: null });
    panel.controller.connect();
    const { container } = render(<TabControls {...panel} />);
    await waitFor(() => expect(panel.host.calls.map((c) => c.method)).toContain('listSessions'));
    expect(container.textContent).toBe('');
  });

  it('in the popup: the same tab state and commands; saving says where to find the session', async () => {
    const host = testHost(recordingTab());
    render(<Popup host={host} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Record this tab' }));
    await waitFor(() => expect(screen.getByTestId('recording-state').textContent).toBe('Recording'));
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.getByTestId('recording-state').textContent).toBe('Not recording'));
    fireEvent.click(await screen.findByRole('button', { name: 'Save last 2 min' }));
    expect((await screen.findByTestId('saved')).textContent).toContain('Saved');

    expect(host.calls.map((c) => c.method)).toEqual([
      'getTabState',
      'startRecording',
      'getTabState',
      'stopRecording',
      'getTabState',
      'saveInstantReplay',
      'getTabState',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Open the session viewer' }));
    expect(host.opened.viewer).toBe(1);
  });

  it('in the popup: a tab that cannot be recorded says so, and a failed call is shown', async () => {
    const host = testHost({
      getTabState: async () => {
        throw new Error('no tab with id 7');
      },
    });
    render(<Popup host={host} />);
    expect(await screen.findByText('no tab with id 7')).toBeTruthy();
    expect(screen.getByText('This tab cannot be recorded.')).toBeTruthy();
  });
});
