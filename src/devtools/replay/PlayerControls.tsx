import type { ComponentChildren } from 'preact';
import { formatDuration } from '../app/format';
import type { PlaybackCursor } from './state';

export const SPEEDS = [1, 2, 4, 8];

interface Props {
  cursor: PlaybackCursor;
  onPlay: () => void;
  onPause: () => void;
  onSeek: (time: number) => void;
  onSpeed: (speed: number) => void;
  onSkipInactive?: (on: boolean) => void;
  /** Drawn over the seek slider (the markers), sharing its width. */
  children?: ComponentChildren;
}

/** Play/pause, the seek slider, the time, the speed and skipping idle stretches, of the playback cursor. */
export function PlayerControls({ cursor, onPlay, onPause, onSeek, onSpeed, onSkipInactive, children }: Props) {
  const { time, total, playing, speed, skipInactive } = cursor;
  return (
    <div class="player-controls">
      <button type="button" onClick={playing ? onPause : onPlay} data-testid="play-toggle">
        {playing ? 'Pause' : 'Play'}
      </button>
      <div class="seek-wrap">
        {children}
        <input
          type="range"
          aria-label="Seek"
          aria-valuetext={`${formatDuration(time)} of ${formatDuration(total)}`}
          min={0}
          max={total}
          value={time}
          onInput={(e) => onSeek(Number(e.currentTarget.value))}
          data-testid="seek"
        />
      </div>
      <span class="time" data-testid="replay-time">
        {formatDuration(time)} / {formatDuration(total)}
      </span>
      <select
        aria-label="Playback speed"
        value={String(speed)}
        onChange={(e) => onSpeed(Number(e.currentTarget.value))}
        data-testid="speed"
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      {onSkipInactive && (
        <label class="skip" title="Fast-forward through stretches where the user did nothing">
          <input
            type="checkbox"
            checked={skipInactive}
            onChange={(e) => onSkipInactive(e.currentTarget.checked)}
            data-testid="skip-inactive"
          />{' '}
          Skip idle
        </label>
      )}
    </div>
  );
}
