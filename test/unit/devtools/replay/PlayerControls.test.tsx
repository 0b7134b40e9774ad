import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { PlayerControls } from '../../../../src/devtools/replay/PlayerControls';
import type { PlaybackCursor } from '../../../../src/devtools/replay/state';

function controls(cursor: Partial<PlaybackCursor> = {}) {
  const on = { onPlay: vi.fn(), onPause: vi.fn(), onSeek: vi.fn(), onSpeed: vi.fn(), onSkipInactive: vi.fn() };
  const full = { time: 65_000, total: 192_000, playing: false, speed: 1, skipInactive: true, ...cursor };
  render(<PlayerControls cursor={full} {...on} />);
  return on;
}

describe('the player controls', () => {
  it('paused: Play asks to play', () => {
    const on = controls({ playing: false });
    fireEvent.click(screen.getByRole('button', { name: 'Play' }));
    expect(on.onPlay).toHaveBeenCalledOnce();
    expect(on.onPause).not.toHaveBeenCalled();
  });

  it('playing: Pause asks to pause', () => {
    const on = controls({ playing: true });
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(on.onPause).toHaveBeenCalledOnce();
    expect(on.onPlay).not.toHaveBeenCalled();
  });

  it('shows the time and the length, and the slider says them in words', () => {
    controls({ time: 65_000, total: 192_000 });
    expect(screen.getByTestId('replay-time').textContent).toBe('1:05 / 3:12');
    const slider = screen.getByRole('slider', { name: 'Seek' }) as HTMLInputElement;
    expect(slider.max).toBe('192000');
    expect(slider.value).toBe('65000');
    expect(slider.getAttribute('aria-valuetext')).toBe('1:05 of 3:12');
  });

  it('moving the slider asks to seek to that time, in milliseconds', () => {
    const on = controls();
    fireEvent.input(screen.getByRole('slider', { name: 'Seek' }), { target: { value: '120000' } });
    expect(on.onSeek).toHaveBeenCalledWith(120_000);
  });

  it('picking a speed asks for it as a number', () => {
    const on = controls({ speed: 1 });
    const select = screen.getByRole('combobox', { name: 'Playback speed' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['1x', '2x', '4x', '8x']);
    fireEvent.change(select, { target: { value: '4' } });
    expect(on.onSpeed).toHaveBeenCalledWith(4);
  });

  it('shows the speed in use', () => {
    controls({ speed: 8 });
    expect((screen.getByRole('combobox', { name: 'Playback speed' }) as HTMLSelectElement).value).toBe('8');
  });

  it('skipping idle stretches is on by default and can be turned off', () => {
    const on = controls({ skipInactive: true });
    const box = screen.getByRole('checkbox', { name: 'Skip idle' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    expect(on.onSkipInactive).toHaveBeenCalledWith(false);
  });
});
