import { Replayer } from '@rrweb/replay';
import { EventType, type eventWithTime } from '@rrweb/types';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredEvent } from '../../shared/db/read';
import { fitToStage } from './fit-to-stage';
import { withoutRemoteResources } from './remote-resources';
import type { PlaybackCursor, SeekRequest } from './state';

interface Props {
  /** At least two events: fewer cannot be played. */
  events: StoredEvent[];
  /** A partial first read: the events are complete from this epoch time on (Replay.completeFrom). */
  completeFrom?: number;
  /** privacy.replayRemoteResources off: the Replayer gets the events without remote URLs (remote-resources.ts). */
  blockRemote?: boolean;
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
export function Player({ events, completeFrom, blockRemote = false, cursor, seek, onReady, onTime, onFinish }: Props) {
  const mount = useRef<HTMLDivElement>(null);
  const replayer = useRef<Replayer | null>(null);
  const firstFrame = useRef(0);
  /** The events the Replayer was built with or was given since (live mode appends to the same session). */
  const fed = useRef<StoredEvent[]>([]);
  // A live session's new events extend the Replayer instead of rebuilding it (which would redraw the page).
  /** Whether the Replayer was built with a full snapshot: one built without cannot draw what is added later. */
  const drawable = useRef(false);
  const first = events[0];
  const grows = fed.current.length > 0 && fed.current[0] === first && events.length > fed.current.length;
  const extendsFed = grows && drawable.current;
  // A live session read before its first full snapshot was stored is rebuilt once the snapshot is there.
  const generation = useRef(0);
  if (grows && !drawable.current && events.some((e) => e.type === EventType.FullSnapshot)) generation.current++;
  // Effects read the newest cursor and callbacks without running again when those change.
  // Before this offset a partial read lacks events: a frame there waits for the whole session (which rebuilds).
  const partialUntil = completeFrom === undefined || !first ? -1 : completeFrom - first.timestamp;
  const latest = useRef({ cursor, seek, onReady, onTime, onFinish, partialUntil });
  latest.current = { cursor, seek, onReady, onTime, onFinish, partialUntil };
  /** Counts the Replayers built, so playback follows a rebuilt one. */
  const [built, setBuilt] = useState(0);

  useEffect(() => {
    if (!mount.current) return;
    const r = new Replayer(events as ConstructorParameters<typeof Replayer>[0], {
      root: mount.current,
      skipInactive: latest.current.cursor.skipInactive,
      showWarning: false,
      mouseTail: false,
      speed: latest.current.cursor.speed,
      // rrweb applies it to every event it is given, in the constructor and in addEvent (live mode).
      ...(blockRemote ? { unpackFn: withoutRemoteResources as unknown as (e: string) => eventWithTime } : {}),
    });
    replayer.current = r;
    fed.current = events;
    drawable.current = events.some((e) => e.type === EventType.FullSnapshot);
    firstFrame.current = firstFrameAt(events);
    const total = r.getMetaData().totalTime;
    // Open on the last frame: the state the user ended in is what a bug report is about; unless a seek is
    // already asked for (a deep link's moment), which is then the first frame drawn.
    const asked = latest.current.seek;
    const at = asked ? Math.max(asked.time, firstFrame.current) : total;
    showPaused(r, mount.current, at < latest.current.partialUntil ? total : at);
    r.on('finish', () => latest.current.onFinish());
    latest.current.onReady(total);
    setBuilt((n) => n + 1);
    const stopScaling = fitToStage(r, mount.current);
    return () => {
      stopScaling();
      replayer.current = null;
      r.destroy();
    };
  }, [first, generation.current, blockRemote]);

  useEffect(() => {
    const r = replayer.current;
    if (!r || !extendsFed) return;
    for (const e of events.slice(fed.current.length)) r.addEvent(e as Parameters<Replayer['addEvent']>[0]);
    fed.current = events;
  }, [events]);

  useEffect(() => {
    const r = replayer.current;
    if (!r || !cursor.playing || latest.current.cursor.time < latest.current.partialUntil) return;
    r.play(Math.max(latest.current.cursor.time, firstFrame.current));
    let frame = requestAnimationFrame(function tick() {
      latest.current.onTime(r.getCurrentTime());
      frame = requestAnimationFrame(tick);
    });
    return () => {
      cancelAnimationFrame(frame);
      // Unmounting destroys the Replayer first; only a live one is paused.
      if (replayer.current === r) r.pause();
    };
  }, [cursor.playing, built]);

  useEffect(() => {
    const r = replayer.current;
    if (!r || !seek) return;
    const time = Math.max(seek.time, firstFrame.current);
    if (time < latest.current.partialUntil) return;
    if (latest.current.cursor.playing) r.play(time);
    else if (mount.current) showPaused(r, mount.current, time);
  }, [seek]);

  useEffect(() => {
    replayer.current?.setConfig({ speed: cursor.speed });
  }, [cursor.speed]);

  useEffect(() => {
    replayer.current?.setConfig({ skipInactive: cursor.skipInactive });
  }, [cursor.skipInactive]);

  return <div class="player-stage" ref={mount} data-testid="replay-stage" />;
}

/**
 * Draws the frame at `time` and says so on the stage (`data-shown`, ms from the first event): the Replayer
 * applies the events up to it synchronously, so the frame is in the iframe's DOM when the attribute is set.
 * Tests and the panel benchmark wait on it rather than guessing when a seek has landed.
 */
function showPaused(r: Replayer, stage: HTMLElement, time: number): void {
  r.pause(pausedAt(time));
  stage.dataset.shown = String(time);
}

/**
 * Paused at an offset, the Replayer shows only the events strictly before it, which would leave out the events
 * at that very time (the first snapshot, the last event at the end): pause one millisecond past it.
 */
function pausedAt(time: number): number {
  return time + 1;
}

/**
 * Where the first page can be drawn: its first full snapshot. A session can begin with events before one
 * (spans of requests made while the page loaded), and a seek or play from there would leave the stage showing
 * whatever it showed before.
 */
function firstFrameAt(events: StoredEvent[]): number {
  const snapshot = events.find((e) => e.type === EventType.FullSnapshot);
  return snapshot && events[0] ? snapshot.timestamp - events[0].timestamp : 0;
}
