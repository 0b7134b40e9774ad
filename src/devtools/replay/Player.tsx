import { Replayer } from '@rrweb/replay';
import { useEffect, useRef } from 'preact/hooks';
import type { StoredEvent } from '../../shared/db/read';
import { fitToStage, replayOffset } from './fit-to-stage';
import type { PlaybackCursor, SeekRequest } from './state';

interface Props {
  /** At least two events: fewer cannot be played. */
  events: StoredEvent[];
  cursor: PlaybackCursor;
  seek: SeekRequest | null;
  onReady: (total: number) => void;
  onTime: (time: number) => void;
  onFinish: () => void;
}

/**
 * Plays a session with rrweb's Replayer, following the store's cursor: it plays, pauses, seeks and changes
 * speed when the cursor asks, and reports its length, its time while playing and its end. The Replayer
 * renders recorded DOM inside its own sandboxed iframe (no scripts), so recorded content cannot run in the
 * extension's origin.
 */
export function Player({ events, cursor, seek, onReady, onTime, onFinish }: Props) {
  const mount = useRef<HTMLDivElement>(null);
  const replayer = useRef<Replayer | null>(null);
  // Effects read the newest cursor and callbacks without running again when those change.
  const latest = useRef({ cursor, onReady, onTime, onFinish });
  latest.current = { cursor, onReady, onTime, onFinish };

  useEffect(() => {
    if (!mount.current) return;
    const r = new Replayer(events as ConstructorParameters<typeof Replayer>[0], {
      root: mount.current,
      skipInactive: true,
      showWarning: false,
      mouseTail: false,
      speed: latest.current.cursor.speed,
    });
    replayer.current = r;
    const total = r.getMetaData().totalTime;
    // Open on the last frame: the state the user ended in is what a bug report is about.
    r.pause(replayOffset(total, total));
    r.on('finish', () => latest.current.onFinish());
    latest.current.onReady(total);
    const stopScaling = fitToStage(r, mount.current);
    return () => {
      stopScaling();
      replayer.current = null;
      r.destroy();
    };
  }, [events]);

  useEffect(() => {
    const r = replayer.current;
    if (!r || !cursor.playing) return;
    r.play(latest.current.cursor.time);
    let frame = requestAnimationFrame(function tick() {
      latest.current.onTime(r.getCurrentTime());
      frame = requestAnimationFrame(tick);
    });
    return () => {
      cancelAnimationFrame(frame);
      // Unmounting destroys the Replayer first; only a live one is paused.
      if (replayer.current === r) r.pause();
    };
  }, [cursor.playing]);

  useEffect(() => {
    const r = replayer.current;
    if (!r || !seek) return;
    const { playing, total } = latest.current.cursor;
    if (playing) r.play(seek.time);
    else r.pause(replayOffset(seek.time, total));
  }, [seek]);

  useEffect(() => {
    replayer.current?.setConfig({ speed: cursor.speed });
  }, [cursor.speed]);

  return <div class="player-stage" ref={mount} data-testid="replay-stage" />;
}
