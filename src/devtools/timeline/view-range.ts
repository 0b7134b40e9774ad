/**
 * The stretch the timeline shows, as the view slice keeps it (`view.range`; null: the whole session), and the
 * moves the mouse and the keyboard make on it. Pure.
 */
import type { PanelState } from '../store/store';
import { type Viewport, zoom } from './draw';

/** The whole session on the recording's clock, or null before it is loaded. */
export function sessionBounds(state: PanelState): Viewport | null {
  const start = state.replay.loaded?.events[0]?.timestamp;
  return start === undefined ? null : { from: start, to: start + Math.max(state.replay.cursor.total, 1) };
}

/** A stretch as the view keeps it: null when it covers the whole session (no narrowing of the lists). */
export function asRange(view: Viewport | null, bounds: Viewport | null): Viewport | null {
  return !view || !bounds || (view.from <= bounds.from && view.to >= bounds.to) ? null : view;
}

/** `view` moved by `fraction` of its width (negative: earlier), kept inside the session. */
export function pan(view: Viewport, fraction: number, bounds: Viewport): Viewport {
  const span = view.to - view.from;
  const from = Math.max(bounds.from, Math.min(view.from + span * fraction, bounds.to - span));
  return { from, to: from + span };
}

/**
 * The keyboard's moves, as in Chrome's Performance panel and Jaeger's trace view: W/S zoom in and out around the
 * playhead, A/D pan a quarter of the view. Null: the key is not one of them, or no session is loaded.
 */
export function keyRange(state: PanelState, key: string): { range: Viewport | null } | null {
  const bounds = sessionBounds(state);
  const k = key.toLowerCase();
  if (!bounds || !['w', 's', 'a', 'd'].includes(k)) return null;
  const view = state.view.range ?? bounds;
  const at = Math.min(view.to, Math.max(view.from, bounds.from + state.replay.cursor.time));
  const next =
    k === 'w' || k === 's' ? zoom(view, at, k === 'w' ? 0.5 : 2, bounds) : pan(view, k === 'a' ? -0.25 : 0.25, bounds);
  return { range: asRange(next, bounds) };
}
