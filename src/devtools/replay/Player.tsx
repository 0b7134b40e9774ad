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
  /** A partial read: the events draw from this epoch time on (Replay.completeFrom, Frames.from). */
  completeFrom?: number;
  /** ...and until this one, exclusive (Frames.until): a part of a session read in segments; absent: to the end. */
  completeUntil?: number | null;
  /** The session's length in ms when the events end before the session does (a part of it). */
  total?: number;
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
export function Player(props: Props) {
  const { events, completeFrom, completeUntil, blockRemote = false, cursor, seek } = props;
  const mount = useRef<HTMLDivElement>(null);
  const replayer = useRef<Replayer | null>(null);
  const firstFrame = useRef(0);
  /** The events the Replayer was built with or was given since (live mode appends to the same session). */
  const fed = useRef<StoredEvent[]>([]);
  // A live session's new events extend the Replayer instead of rebuilding it (which would redraw the page).
  /** Whether the Replayer was built with a full snapshot: one built without cannot draw what is added later. */
  const drawable = useRef(false);
  const first = events[0];
  const fedLast = fed.current.length - 1;
  // Grown: the same list with events after it (live mode, or playback reaching the end of a part it holds).
  const grows =
    fed.current.length > 0 &&
    fed.current[0] === first &&
    events.length > fed.current.length &&
    events[fedLast] === fed.current[fedLast];
  const extendsFed = grows && drawable.current;
  // A live session read before its first full snapshot was stored is rebuilt once the snapshot is there.
  const generation = useRef(0);
  if (grows && !drawable.current && events.some((e) => e.type === EventType.FullSnapshot)) generation.current++;
  // Effects read the newest cursor and callbacks without running again when those change.
  // Outside [lo, hi) a partial read lacks events: a frame there waits for the part that has them (a rebuild).
  const lo = completeFrom === undefined || !first ? -1 : completeFrom - first.timestamp;
  const hi = completeUntil == null || !first ? Infinity : completeUntil - first.timestamp;
  const latest = useRef({ ...props, lo, hi });
  latest.current = { ...props, lo, hi };
  /** Playback reached the end of a part that is not the session's end: it goes on once the part has grown. */
  const stalled = useRef(false);
  /** A seek left the part held while playing: the Replayer stops reporting its time until the new part is in. */
  const away = useRef(false);
  /** The seek the last build opened on. */
  const drawn = useRef<SeekRequest | null>(null);
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
    stalled.current = false;
    away.current = false;
    const total = Math.max(r.getMetaData().totalTime, latest.current.total ?? 0);
    // Open on the last frame: the state the user ended in is what a bug report is about; unless a seek is
    // already asked for (a deep link's moment, or the one this part was read for), which is then drawn.
    const asked = latest.current.seek;
    const { lo: from, hi: until } = latest.current;
    const at = asked ? asked.time : total;
    const inside = at >= from && at < until;
    showPaused(r, mount.current, inside ? Math.max(at, firstFrame.current) : until === Infinity ? total : from);
    // The seek effect runs for this build too: the seek drawn here is not drawn twice.
    drawn.current = asked;
    r.on('finish', () => {
      if (latest.current.hi === Infinity) latest.current.onFinish();
      else stalled.current = true;
    });
    latest.current.onReady(total);
    setBuilt((n) => n + 1);
    const stopScaling = fitToStage(r, mount.current);
    return () => {
      stopScaling();
      replayer.current = null;
      r.destroy();
    };
  }, [first, generation.current, blockRemote, completeFrom]);

  useEffect(() => {
    const r = replayer.current;
    if (!r || !extendsFed) return;
    for (const e of events.slice(fed.current.length)) r.addEvent(e as Parameters<Replayer['addEvent']>[0]);
    fed.current = events;
    if (stalled.current && latest.current.cursor.playing) {
      stalled.current = false;
      r.play(r.getCurrentTime());
    }
  }, [events]);

  useEffect(() => {
    const r = replayer.current;
    const { time } = latest.current.cursor;
    if (!r || !cursor.playing || time < latest.current.lo || time >= latest.current.hi) return;
    stalled.current = false;
    r.play(Math.max(latest.current.cursor.time, firstFrame.current));
    let frame = requestAnimationFrame(function tick() {
      if (!away.current) latest.current.onTime(r.getCurrentTime());
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
    if (!r || !seek || seek === drawn.current) return;
    if (seek.time < latest.current.lo || seek.time >= latest.current.hi) {
      // Playing on here would report this part's time and undo the seek: wait for the part that has it.
      if (latest.current.cursor.playing) {
        away.current = true;
        r.pause();
      }
      return;
    }
    away.current = false;
    const time = Math.max(seek.time, firstFrame.current);
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
