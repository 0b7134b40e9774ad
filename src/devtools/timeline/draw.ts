/**
 * Draws the session timeline on a canvas: one thin track each for user actions, requests (bars coloured by
 * status, a dot where a backend trace is stored), backend spans (each stored trace's extent, red when a span
 * failed), metric points, console/errors, a red band over each gap unreadable parts left, and a cursor at the
 * playhead. A canvas, not 5,000 elements: the lists under it are the accessible view of the same rows; this is
 * the overview.
 */
import type { Crumb } from '../session/crumbs';
import type { RequestRow } from '../session/request-rows';
import type { BackendMarks } from './backend';

export interface TimelineData {
  rows: readonly RequestRow[];
  crumbs: readonly Crumb[];
  /** Trace ids with stored spans. */
  linked: ReadonlySet<string>;
  backend: BackendMarks;
  /** Stretches the replay cannot draw (unreadable parts until the next full snapshot), epoch ms. */
  gaps?: readonly { from: number; to: number }[];
}

export interface Viewport {
  /** Epoch ms at the left and right edges. */
  from: number;
  to: number;
}

export const TRACKS = [
  { key: 'actions', label: 'actions', y: 4 },
  { key: 'requests', label: 'requests', y: 16 },
  { key: 'spans', label: 'backend', y: 30 },
  { key: 'metrics', label: 'metrics', y: 42 },
  { key: 'errors', label: 'errors', y: 54 },
] as const;
export const TIMELINE_HEIGHT = 66;
/** Room for the track names at the left. */
export const LABEL_WIDTH = 64;

export interface Palette {
  fg: string;
  muted: string;
  line: string;
  accent: string;
  err: string;
  ok: string;
  cursor: string;
}

export function draw(
  ctx: CanvasRenderingContext2D,
  width: number,
  data: TimelineData,
  view: Viewport,
  playhead: number | null,
  p: Palette,
) {
  const span = Math.max(1, view.to - view.from);
  const x = (t: number) => LABEL_WIDTH + ((t - view.from) / span) * (width - LABEL_WIDTH);
  ctx.clearRect(0, 0, width, TIMELINE_HEIGHT);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  for (const track of TRACKS) {
    ctx.fillStyle = p.muted;
    ctx.fillText(track.label, 4, track.y + 3);
    ctx.fillStyle = p.line;
    ctx.fillRect(LABEL_WIDTH, track.y + 3, width - LABEL_WIDTH, 1);
  }
  // Under everything else: what is drawn over a hole came from other parts (requests, other documents).
  ctx.fillStyle = p.err;
  ctx.globalAlpha = 0.15;
  for (const g of data.gaps ?? []) {
    if (g.to < view.from || g.from > view.to) continue;
    ctx.fillRect(x(g.from), 0, Math.max(2, x(g.to) - x(g.from)), TIMELINE_HEIGHT);
  }
  ctx.globalAlpha = 1;
  for (const c of data.crumbs) {
    if (c.ts < view.from || c.ts > view.to) continue;
    const error = c.kind === 'error' || (c.kind === 'console' && c.level === 'error');
    if (c.kind === 'action' || c.kind === 'navigation') {
      ctx.fillStyle = c.kind === 'navigation' ? p.accent : p.fg;
      ctx.fillRect(Math.round(x(c.ts)), TRACKS[0].y, 2, 7);
    } else if (error || c.level === 'warning') {
      ctx.fillStyle = error ? p.err : p.muted;
      ctx.fillRect(Math.round(x(c.ts)), TRACKS[4].y, 2, 7);
    }
  }
  for (const r of data.rows) {
    const end = Math.max(r.endTs, r.startTs);
    if (end < view.from || r.startTs > view.to) continue;
    const left = x(r.startTs);
    ctx.fillStyle = r.failed ? p.err : p.ok;
    ctx.fillRect(left, TRACKS[1].y, Math.max(1.5, x(end) - left), 7);
    if (r.traceId && data.linked.has(r.traceId)) {
      ctx.fillStyle = p.accent;
      ctx.fillRect(left, TRACKS[1].y + 8, 2, 2);
    }
  }
  for (const s of data.backend.spans) {
    if (s.to < view.from || s.from > view.to) continue;
    const left = x(s.from);
    ctx.fillStyle = s.error ? p.err : p.accent;
    ctx.fillRect(left, TRACKS[2].y, Math.max(1.5, x(s.to) - left), 7);
  }
  ctx.fillStyle = p.fg;
  for (const m of data.backend.metrics) {
    if (m.at < view.from || m.at > view.to) continue;
    ctx.fillRect(Math.round(x(m.at)), TRACKS[3].y + 1, 1, 5);
  }
  if (playhead !== null && playhead >= view.from && playhead <= view.to) {
    ctx.fillStyle = p.cursor;
    ctx.fillRect(Math.round(x(playhead)), 0, 1, TIMELINE_HEIGHT);
  }
}

/** The epoch time under an x position, for clicks. */
export function timeAt(px: number, width: number, view: Viewport): number {
  const frac = Math.min(1, Math.max(0, (px - LABEL_WIDTH) / Math.max(1, width - LABEL_WIDTH)));
  return view.from + frac * (view.to - view.from);
}

/** The viewport zoomed by `factor` (< 1 zooms in) around time `at`, kept inside the session. */
export function zoom(view: Viewport, at: number, factor: number, bounds: Viewport): Viewport {
  // Zoomed all the way out is the session itself, exactly (not a stretch a float's rounding short of it).
  if ((view.to - view.from) * factor >= bounds.to - bounds.from) return { ...bounds };
  const span = Math.max(50, (view.to - view.from) * factor);
  const frac = (at - view.from) / Math.max(1, view.to - view.from);
  let from = at - frac * span;
  from = Math.max(bounds.from, Math.min(from, bounds.to - span));
  return { from, to: from + span };
}
