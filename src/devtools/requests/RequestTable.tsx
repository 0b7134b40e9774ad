import { useEffect } from 'preact/hooks';
import { useScrollWindow, windowRange } from '../app/use-scroll-window';
import type { RequestRow } from '../session/request-rows';
import { formatSize, formatMs, shortUrl } from './format';

export const ROW_HEIGHT = 21;
/** Rows drawn above and below the visible ones, so a fast scroll does not show blank space. */
const OVERSCAN = 10;

interface Props {
  rows: readonly RequestRow[];
  selectedId: string | null;
  /** Epoch ms of the playhead: rows that start after it are dimmed. */
  playhead: number | null;
  /** The session's time 0 (epoch ms), for the Start column. */
  start: number | null;
  /** Keep the newest row in view (live mode) until the user scrolls up. */
  followEnd: boolean;
  onSelect: (row: RequestRow) => void;
  onOpen: (row: RequestRow) => void;
}

/**
 * The request list: an ARIA table whose rows are windowed (fixed row height, only the visible ones and a margin
 * are in the DOM), so 10,000 requests scroll at the cost of forty. Up/Down move the selection, Enter opens it.
 * A native <table> cannot position windowed rows, so the roles are ARIA's (biome.json turns off the rules that
 * ask for native elements here); the table itself takes focus and names the selected row as its active
 * descendant, the pattern ARIA prescribes for composite widgets whose rows are not focusable one by one.
 */
export function RequestTable({ rows, selectedId, playhead, start, followEnd, onSelect, onOpen }: Props) {
  const { scroller, view, onScroll } = useScrollWindow(300);

  useEffect(() => {
    const el = scroller.current;
    if (el && followEnd) el.scrollTop = el.scrollHeight;
  }, [rows.length, followEnd]);

  const selectedIndex = rows.findIndex((r) => r.id === selectedId);
  useEffect(() => {
    // Keyboard moves keep the selected row in view.
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selectedIndex]);

  const { first, last } = windowRange(view, ROW_HEIGHT, rows.length, OVERSCAN);

  const onKey = (e: KeyboardEvent) => {
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (move) {
      e.preventDefault();
      const next = rows[Math.min(rows.length - 1, Math.max(0, (selectedIndex < 0 ? -1 : selectedIndex) + move))];
      if (next) onSelect(next);
    } else if (e.key === 'Enter' && selectedIndex >= 0) {
      e.preventDefault();
      onOpen(rows[selectedIndex]!);
    }
  };

  return (
    <div
      class="req-table"
      role="grid"
      aria-label="Requests"
      aria-rowcount={rows.length + 1}
      tabIndex={0}
      aria-activedescendant={selectedIndex >= 0 ? `req-${selectedIndex}` : undefined}
      onKeyDown={onKey}
      data-testid="request-table"
    >
      <div class="req-row req-head" role="row" aria-rowindex={1}>
        <span role="columnheader" class="c-method">
          Method
        </span>
        <span role="columnheader" class="c-status">
          Status
        </span>
        <span role="columnheader" class="c-url">
          URL
        </span>
        <span role="columnheader" class="c-type">
          Type
        </span>
        <span role="columnheader" class="c-num">
          Size
        </span>
        <span role="columnheader" class="c-num">
          Time
        </span>
        <span role="columnheader" class="c-num">
          Start
        </span>
        <span role="columnheader" class="c-trace">
          Trace
        </span>
      </div>
      <div class="req-scroll" ref={scroller} onScroll={onScroll}>
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          {rows.slice(first, last).map((row, i) => {
            const index = first + i;
            const future = playhead !== null && row.startTs > playhead;
            const cls = [
              'req-row',
              index % 2 === 1 && 'odd',
              row.id === selectedId && 'selected',
              row.failed && 'failed',
              future && 'future',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <div
                key={row.id}
                id={`req-${index}`}
                class={cls}
                role="row"
                aria-rowindex={index + 2}
                aria-selected={row.id === selectedId}
                data-request-id={row.id}
                style={{ top: `${index * ROW_HEIGHT}px` }}
                onClick={() => onSelect(row)}
                onDblClick={() => onOpen(row)}
              >
                <span role="gridcell" class="c-method">
                  {row.method}
                </span>
                <span role="gridcell" class="c-status">
                  {row.error && !row.status ? 'failed' : row.status || ''}
                </span>
                <span role="gridcell" class="c-url" title={row.url}>
                  {shortUrl(row.url)}
                </span>
                <span role="gridcell" class="c-type">
                  {row.type}
                </span>
                <span role="gridcell" class="c-num">
                  {row.size === null ? '' : formatSize(row.size)}
                </span>
                <span role="gridcell" class="c-num">
                  {formatMs(row.endTs - row.startTs)}
                </span>
                <span role="gridcell" class="c-num">
                  {start === null ? '' : formatMs(row.startTs - start)}
                </span>
                <span role="gridcell" class="c-trace">
                  {row.traceId ? row.traceId.slice(0, 8) : ''}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
