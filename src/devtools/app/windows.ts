/**
 * The player's part of a long session (docs/panel.md, "Opening a long session"). A finished session is read
 * once, segment by segment (Host.readEventsOutline); the lists get what they need of all of it, and the player
 * holds only whole segments around its playhead, at most WINDOW_RAW_BYTES of them: a seek outside that part
 * reads the part around the new time (from a small cache of decoded segments, else from storage), and playback
 * nearing its end grows it with the next segment. A session that fits is held whole, as before.
 */
import type { StoredEvent } from '../../shared/db/read';
import { errorText } from '../../shared/error-text';
import { drawsUntil, type Segment, type SessionOutline, segmentAt } from '../../shared/db/segments';
import type { Host } from '../host/host';
import type { Frames } from '../store/actions';
import type { Store } from '../store/store';

/** How much of a session (its JSON size) the player holds at once: about 1.5 hours of the bench's busy page. */
export const WINDOW_RAW_BYTES = 16 * 2 ** 20;
/** Decoded segments kept for the next seek, the player's part included. */
export const CACHE_RAW_BYTES = 2 * WINDOW_RAW_BYTES;
/** Playback this close to the end of the part held reads the next segment (ms of the recording's clock). */
export const GROW_LEAD_MS = 20_000;

export interface Windows {
  /** How much of a session's decoded segments the one-pass read may keep for it (the cache's size). */
  keep: number;
  /** A session was read in segments: its part around the playhead is chosen from now on. */
  opened(sessionId: string, outline: SessionOutline): void;
  stop(): void;
}

/** Which segments to hold for segment `at`: it, then later ones (playback goes forward), then earlier ones. */
export function windowAround(segments: readonly Segment[], at: number, budget: number): [number, number] {
  let [a, b] = [at, at];
  let size = segments[at]?.rawBytes ?? 0;
  while (b + 1 < segments.length && size + segments[b + 1]!.rawBytes <= budget) size += segments[++b]!.rawBytes;
  while (a > 0 && size + segments[a - 1]!.rawBytes <= budget) size += segments[--a]!.rawBytes;
  return [a, b];
}

/** Segments a..b as the player's part: the session's first event first (its time origin), unless a is the first. */
export function framesOf(
  segments: readonly Segment[],
  a: number,
  b: number,
  parts: StoredEvent[][],
  origin: StoredEvent,
): Frames {
  const events = inOrder(parts);
  return { events: a > 0 ? [origin, ...events] : events, from: segments[a]!.from, until: drawsUntil(segments, b) };
}

/** Documents can overlap by a few ms at a navigation; the Replayer wants time order. */
function inOrder(parts: StoredEvent[][]): StoredEvent[] {
  return parts.flat().sort((x, y) => x.timestamp - y.timestamp);
}

export function startWindows(host: Host, store: Store, window = WINDOW_RAW_BYTES): Windows {
  const budget = { window, cache: window === WINDOW_RAW_BYTES ? CACHE_RAW_BYTES : 2 * window };
  let open: { sessionId: string; outline: SessionOutline; held: [number, number] } | null = null;
  /** Decoded segments by index, least recently used first. */
  const cache = new Map<number, StoredEvent[]>();
  /** The load under way (`a-b` or `grow-b`), so a store change during it does not start it again. */
  let busy: string | null = null;
  /** The load that failed last: not tried again until the cursor asks for another part (no retry storm). */
  let failed: string | null = null;

  function remember(i: number, events: StoredEvent[]): void {
    cache.delete(i);
    cache.set(i, events);
    const segments = open?.outline.segments ?? [];
    let size = 0;
    for (const k of cache.keys()) size += segments[k]?.rawBytes ?? 0;
    for (const k of cache.keys()) {
      if (size <= budget.cache) break;
      const [a, b] = open?.held ?? [0, -1];
      if (k === i || (k >= a && k <= b)) continue;
      size -= segments[k]?.rawBytes ?? 0;
      cache.delete(k);
    }
  }

  async function segment(sessionId: string, outline: SessionOutline, i: number): Promise<StoredEvent[]> {
    const hit = cache.get(i);
    if (hit) {
      remember(i, hit);
      return hit;
    }
    const read = await host.readSegment(sessionId, outline.segments[i]!);
    remember(i, read.events);
    return read.events;
  }

  async function load(key: string, a: number, b: number, grow: Frames | null): Promise<void> {
    const current = open;
    if (!current || busy === key || failed === key) return;
    busy = key;
    try {
      const { sessionId, outline } = current;
      const origin = outline.events[0]!;
      const parts: StoredEvent[][] = [];
      for (let i = a; i <= b; i++) parts.push(await segment(sessionId, outline, i));
      if (open !== current) return;
      const frames = grow
        ? { events: [...grow.events, ...inOrder(parts)], from: grow.from, until: drawsUntil(outline.segments, b) }
        : framesOf(outline.segments, a, b, parts, origin);
      current.held = grow ? [current.held[0], b] : [a, b];
      failed = null;
      store.dispatch({ type: 'frames-loaded', sessionId, frames });
    } catch (e) {
      failed = key;
      store.dispatch({
        type: 'error',
        message: `Could not read this part of the session: ${errorText(e)}`,
      });
    } finally {
      if (busy === key) busy = null;
    }
    // The cursor may have moved on while this was read (a seek during a seek).
    if (open === current) follow();
  }

  /** Follows the cursor: a time outside the part held reads the part around it; nearing its end grows it. */
  function follow(): void {
    const state = store.getState();
    const loaded = state.replay.loaded;
    // Until the player has opened (cursor.total), the cursor is not a time the user asked for.
    if (!open || busy || loaded?.sessionId !== open.sessionId || !loaded.frames || !state.replay.cursor.total) return;
    const { segments } = open.outline;
    const start = loaded.events[0]?.timestamp ?? 0;
    const t = start + state.replay.cursor.time;
    const { from, until } = loaded.frames;
    if (t < from || (until !== null && t >= until)) {
      const [a, b] = windowAround(segments, segmentAt(segments, t), budget.window);
      // Already held (a time before the session's first snapshot): nothing else can draw it.
      if (a !== open.held[0] || b !== open.held[1]) void load(`${a}-${b}`, a, b, null);
    } else if (state.replay.cursor.playing && until !== null && t >= until - GROW_LEAD_MS) {
      const next = open.held[1] + 1;
      if (next < segments.length) void load(`grow-${next}`, next, next, loaded.frames);
    }
  }

  const unsubscribe = store.subscribe(follow);
  return {
    keep: budget.cache,
    opened(sessionId, outline) {
      cache.clear();
      for (const [i, events] of outline.decoded) cache.set(i, events);
      const last = outline.segments.length - 1;
      open = { sessionId, outline, held: [last, last] };
      busy = null;
      failed = null;
      follow();
    },
    stop() {
      unsubscribe();
      open = null;
      cache.clear();
    },
  };
}
