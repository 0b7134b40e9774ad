import { Replayer } from '@rrweb/replay';
import '@rrweb/replay/dist/style.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredEvent } from '../../shared/db/read';
import { formatDuration } from '../app/format';

interface Props {
  events: StoredEvent[];
}

const SPEEDS = [1, 2, 4, 8];

/**
 * Plays a session with rrweb's Replayer. The Replayer renders recorded DOM inside its own sandboxed
 * iframe (no scripts), so recorded content cannot run in the extension's origin.
 */
export function Player({ events }: Props) {
  const mount = useRef<HTMLDivElement>(null);
  const replayer = useRef<Replayer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [speed, setSpeed] = useState(1);
  const [total, setTotal] = useState(0);

  useEffect(() => {
    if (!mount.current || events.length < 2) return;
    const r = new Replayer(events as ConstructorParameters<typeof Replayer>[0], {
      root: mount.current,
      skipInactive: true,
      showWarning: false,
      mouseTail: false,
    });
    replayer.current = r;
    const length = r.getMetaData().totalTime;
    setTotal(length);
    // Open on the last frame: the state the user ended in is what a bug report is about.
    r.pause(replayOffset(length, length));
    setTime(length);
    r.on('finish', () => setPlaying(false));
    const stopScaling = fitToStage(r, mount.current);
    return () => {
      stopScaling();
      r.destroy();
      replayer.current = null;
    };
  }, [events]);

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const tick = () => {
      setTime(replayer.current?.getCurrentTime() ?? 0);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  if (events.length < 2) return <p class="empty">This session has too few events to play.</p>;

  const toggle = () => {
    const r = replayer.current;
    if (!r) return;
    if (playing) {
      r.pause();
      setPlaying(false);
    } else {
      r.play(time >= total ? 0 : time);
      setPlaying(true);
    }
  };
  const seek = (value: number) => {
    const r = replayer.current;
    if (!r) return;
    setTime(value);
    if (playing) r.play(value);
    else r.pause(replayOffset(value, total));
  };
  const changeSpeed = (value: number) => {
    setSpeed(value);
    replayer.current?.setConfig({ speed: value });
  };

  return (
    <div class="player" data-testid="player">
      <div class="player-stage" ref={mount} data-testid="replay-stage" />
      <div class="player-controls">
        <button type="button" onClick={toggle} data-testid="play-toggle">
          {playing ? 'Pause' : 'Play'}
        </button>
        <input
          type="range"
          min={0}
          max={total}
          value={time}
          onInput={(e) => seek(Number((e.target as HTMLInputElement).value))}
          data-testid="seek"
        />
        <span class="time" data-testid="replay-time">
          {formatDuration(time)} / {formatDuration(total)}
        </span>
        <select value={speed} onChange={(e) => changeSpeed(Number((e.target as HTMLSelectElement).value))}>
          {SPEEDS.map((s) => (
            <option value={s}>{s}x</option>
          ))}
        </select>
      </div>
    </div>
  );
}

/**
 * The Replayer applies events strictly before the offset when seeking, so seeking to the very end would
 * leave the last event out: the end is one millisecond past it.
 */
function replayOffset(value: number, total: number): number {
  return value >= total ? total + 1 : value;
}

/** Scales the recorded viewport down to the stage, keeping its aspect ratio. */
function fitToStage(r: Replayer, stage: HTMLElement): () => void {
  let size = { width: Number(r.iframe.width) || 1, height: Number(r.iframe.height) || 1 };
  const apply = () => {
    const scale = Math.min(stage.clientWidth / size.width, stage.clientHeight / size.height, 1);
    r.wrapper.style.transform = `scale(${scale})`;
  };
  r.on('resize', (dim) => {
    const d = dim as { width: number; height: number };
    size = { width: d.width || 1, height: d.height || 1 };
    apply();
  });
  const observer = new ResizeObserver(apply);
  observer.observe(stage);
  apply();
  return () => observer.disconnect();
}
