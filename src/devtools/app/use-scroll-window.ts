/**
 * A windowed list's scroll box (the request table, the waterfall): its scroll position and height, kept current
 * on scroll and on resize, and the rows to draw for it. Rows have a fixed height, so only the rows in view and a
 * margin either side are in the DOM, however long the list.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ScrollView {
  top: number;
  height: number;
}

export function useScrollWindow(fallbackHeight: number) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<ScrollView>({ top: 0, height: fallbackHeight });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight || fallbackHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);
  const onScroll = (e: TargetedEvent<HTMLDivElement>) =>
    setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight || fallbackHeight });
  return { scroller, view, onScroll };
}

/** The rows [first, last) to draw: those in view and `overscan` either side. */
export function windowRange(view: ScrollView, rowHeight: number, count: number, overscan: number) {
  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { first, last };
}
