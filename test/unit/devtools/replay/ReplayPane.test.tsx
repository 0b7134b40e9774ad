import { act, fireEvent, render, screen } from '@testing-library/preact';
import type { ComponentProps } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { ReplayGap } from '../../../../src/shared/db/gaps';
import type { Player } from '../../../../src/devtools/replay/Player';
import { ReplayPane } from '../../../../src/devtools/replay/ReplayPane';
import { createStore } from '../../../../src/devtools/store/store';
import { pageEvents } from '../../fixtures/rrweb-events';
import { A, T0 } from '../fixtures';

// rrweb's Replayer does not run in happy-dom: the Player is replaced by one that shows what it was given.
type PlayerProps = ComponentProps<typeof Player>;
const player = vi.hoisted(() => ({ props: null as PlayerProps | null }));
vi.mock('../../../../src/devtools/replay/Player', () => ({
  Player(props: PlayerProps) {
    player.props = props;
    return <div data-testid="replay-stage" />;
  },
}));

function loaded(events = pageEvents(T0, 1), problems: string[] = [], gaps: ReplayGap[] = []) {
  const store = createStore();
  store.dispatch({ type: 'select', sessionId: A });
  render(<ReplayPane store={store} />);
  act(() => store.dispatch({ type: 'replay-loaded', replay: { sessionId: A, events, problems, gaps } }));
  return store;
}

describe('the replay pane', () => {
  it('hands the Player the privacy.replayRemoteResources setting: remote resources load unless it is off', () => {
    const store = loaded();
    expect(player.props!.blockRemote).toBe(false);
    act(() => store.dispatch({ type: 'replay-settings', remoteResources: false }));
    expect(player.props!.blockRemote).toBe(true);
  });

  it('asks to select a session, then shows loading until the events are there', () => {
    const store = createStore();
    render(<ReplayPane store={store} />);
    expect(screen.getByText('Select a session to play it.')).toBeTruthy();
    act(() => store.dispatch({ type: 'select', sessionId: A }));
    expect(screen.getByText('Loading...')).toBeTruthy();
  });

  it('the Player reports the length and its time into the store; the controls show them', () => {
    const store = loaded();
    act(() => player.props!.onReady(192_000));
    expect(screen.getByTestId('replay-time').textContent).toBe('3:12 / 3:12');
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(player.props!.cursor).toMatchObject({ playing: true, time: 0 });
    act(() => player.props!.onTime(65_000));
    expect(screen.getByTestId('replay-time').textContent).toBe('1:05 / 3:12');
    act(() => player.props!.onFinish());
    expect(store.getState().replay.cursor).toMatchObject({ playing: false, time: 192_000 });
    expect(screen.getByRole('button', { name: 'Play' })).toBeTruthy();
  });

  it('the Player follows seeks asked of the store, from the slider or from anywhere else', () => {
    const store = loaded();
    act(() => player.props!.onReady(192_000));
    fireEvent.input(screen.getByRole('slider', { name: 'Seek' }), { target: { value: '30000' } });
    expect(player.props!.seek).toEqual({ time: 30_000 });
    expect(store.getState().replay.cursor.time).toBe(30_000);
    // What a timeline would do: seek through the store, and the Player is asked.
    act(() => store.dispatch({ type: 'seek', time: 90_000 }));
    expect(player.props!.seek).toEqual({ time: 90_000 });
    expect(screen.getByTestId('replay-time').textContent).toBe('1:30 / 3:12');
  });

  it('a speed picked in the controls reaches the Player', () => {
    loaded();
    fireEvent.change(screen.getByRole('combobox', { name: 'Playback speed' }), { target: { value: '2' } });
    expect(player.props!.cursor.speed).toBe(2);
  });

  it('says how many parts could not be read, and that too few events cannot be played', () => {
    loaded(pageEvents(T0, 1).slice(0, 1), ['chunk p/1: bad gzip', 'chunk p/2: bad gzip']);
    expect(screen.getByTestId('replay-problems').textContent).toContain('2 part(s)');
    expect(screen.getByText('This session has too few events to play.')).toBeTruthy();
    expect(screen.queryByTestId('replay-stage')).toBeNull();
  });

  it('the Player is told to stop skipping idle stretches when the box is cleared', () => {
    const store = loaded();
    expect(player.props!.cursor.skipInactive).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Skip idle' }));
    expect(store.getState().replay.cursor.skipInactive).toBe(false);
    expect(player.props!.cursor.skipInactive).toBe(false);
  });

  it('marks a gap on the seek bar from the missing part to the next full snapshot; clicking it seeks there', () => {
    const events = [...pageEvents(T0, 1), ...pageEvents(T0 + 40_000, 1)];
    const gap = { from: T0 + 10_000, to: T0 + 11_000, resumesAt: T0 + 40_000, chunks: 1 };
    const store = loaded(events, ['chunk p/3: incorrect header check'], [gap]);
    act(() => player.props!.onReady(40_010));
    expect(screen.getByTestId('replay-problems').textContent).toContain('continues from the next full snapshot');
    const band = screen.getByRole('button', {
      name: 'Missing 0:10 to 0:11 (1 unreadable part); the replay continues at 0:40',
    });
    expect([band.dataset.from, band.dataset.to]).toEqual(['10000', '40000']);
    fireEvent.click(band);
    expect(store.getState().replay.cursor.time).toBe(40_000);
  });
});
