import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sessionView, playheadTs } from '../session/view';
import type { Store } from '../store/store';
import { useStore } from '../store/use-store';
import { backendMarks } from './backend';
import { draw, type Palette, TIMELINE_HEIGHT, timeAt, type Viewport, zoom } from './draw';
import { asRange, pan, sessionBounds } from './view-range';

const LABEL = 'Session timeline: click to seek, wheel or W/S to zoom, A/D to pan (the lists show the stretch in view)';

function palette(el: HTMLElement): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--fg', '#1f2328'),
    muted: v('--muted', '#6b7280'),
    line: v('--line', '#e5e7eb'),
    accent: v('--accent', '#3b5bdb'),
    err: v('--err', '#d93025'),
    ok: '#8ab4f8',
    cursor: v('--rec', '#e03131'),
  };
}

/**
 * The session in a strip under the toolbar: actions, requests, backend spans, metric points and errors over
 * the whole recording, the playhead as a red line. Click seeks there; the mouse wheel zooms around the
 * pointer (Shift+wheel pans); double-click shows the whole session again.
 */
export function Timeline({ store }: { store: Store }) {
  const session = useStore(store, sessionView);
  const total = useStore(store, (s) => s.replay.cursor.total);
  const playhead = useStore(store, playheadTs);
  const byId = useStore(store, (s) => s.traces.byId);
  const linked = useMemo(() => new Set(Object.keys(byId)), [byId]);
  const backend = useMemo(() => backendMarks(session.rows, byId), [session.rows, byId]);
  const loadedGaps = useStore(store, (s) => s.replay.loaded?.gaps);
  const gaps = useMemo(() => (loadedGaps ?? []).map((g) => ({ from: g.from, to: g.resumesAt ?? g.to })), [loadedGaps]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  // sessionBounds reads the session's start and length, which these two are.
  const bounds = useMemo(() => sessionBounds(store.getState()), [session.start, total]);
  // The zoom is the store's (view.range): the lists show only the stretch the timeline shows.
  const view = useStore(store, (s) => s.view.range);
  const setView = (range: Viewport | null) => store.dispatch({ type: 'time-range', range: asRange(range, bounds) });
  const shown = view ?? bounds;

  useEffect(() => {
    const el = canvas.current?.parentElement;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, [bounds === null]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !shown) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = width * ratio;
    el.height = TIMELINE_HEIGHT * ratio;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw(
      ctx,
      width,
      { rows: session.rows, crumbs: session.crumbs, linked, backend, gaps },
      shown,
      playhead,
      palette(el),
    );
  }, [width, shown, session, linked, backend, gaps, playhead]);

  if (!shown || !bounds) return null;
  const at = (e: MouseEvent) =>
    timeAt(e.clientX - (e.currentTarget as HTMLElement).getBoundingClientRect().left, width, shown);
  return (
    <div class="timeline" data-testid="timeline">
      <canvas
        ref={canvas}
        style={{ width: `${width}px`, height: `${TIMELINE_HEIGHT}px` }}
        aria-label={LABEL}
        onClick={(e) => store.dispatch({ type: 'seek-at', at: at(e) })}
        onDblClick={() => setView(null)}
        onWheel={(e) => {
          e.preventDefault();
          if (e.shiftKey) setView(pan(shown, e.deltaY / 1000, bounds));
          else setView(zoom(shown, at(e), e.deltaY > 0 ? 1.25 : 0.8, bounds));
        }}
      />
    </div>
  );
}
