import { useMemo, useState } from 'preact/hooks';
import type { Panel } from '../app/use-panel';
import { PANES, type PaneName } from '../app/view-state';
import { CrumbList } from '../crumbs/CrumbList';
import type { TimeRange } from '../store/actions';
import { type Crumb, isErrorCrumb } from '../session/crumbs';
import type { RequestRow } from '../session/request-rows';
import { formatDuration } from '../app/format';
import { RequestDetails } from '../details/RequestDetails';
import { playheadTs, sessionView } from '../session/view';
import { useStore } from '../store/use-store';
import { filterRows } from './filter';
import { filterContext } from './filter-context';
import { RequestTable } from './RequestTable';

const PANE_LABELS: Record<PaneName, string> = {
  requests: 'Requests',
  console: 'Console',
  errors: 'Errors',
  actions: 'Actions',
};

/** The lists under the player (Requests, Console, Errors, Actions) and the selected request's details. */
export function SessionPanes({ store, controller }: Panel) {
  const session = useStore(store, sessionView);
  const view = useStore(store, (s) => s.view);
  const selectedId = useStore(store, (s) => s.requests.selectedId);
  const traces = useStore(store, (s) => s.traces);
  // While playing, rounded to 100 ms: the lists restyle rows at the playhead and need not re-render every
  // frame. Paused (after a seek), exact: the waterfall's playhead line must sit where the seek put it.
  const playhead = useStore(store, (s) => {
    const t = playheadTs(s);
    return t === null || !s.replay.cursor.playing ? t : Math.round(t / 100) * 100;
  });
  const [filter, setFilter] = useState('');
  // The timeline's zoom (view.range): only what overlaps the stretch it shows.
  const { rows, crumbs } = useMemo(() => inRange(session.rows, session.crumbs, view.range), [session, view.range]);
  const filtered = useMemo(
    () => filterRows(rows, filter, filterContext(session.rows, traces.byId)),
    [rows, session.rows, filter, traces.byId],
  );
  const seek = (at: number) => store.dispatch({ type: 'seek-at', at });
  // A stretch under a minute is told in tenths of a second: "0:02 – 0:02" would say nothing.
  const fine = !!view.range && view.range.to - view.range.from < 60_000;
  const row = session.rows.find((r) => r.id === selectedId);
  const errors = crumbs.filter(isErrorCrumb);
  const count: Record<PaneName, number> = {
    requests: rows.length,
    console: crumbs.filter((c) => c.kind === 'console').length,
    errors: errors.length,
    actions: crumbs.filter((c) => c.kind === 'action' || c.kind === 'navigation').length,
  };

  return (
    <div class="panes">
      <div class="tabs" role="tablist" aria-label="Session">
        {PANES.map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            aria-selected={view.pane === p}
            class={view.pane === p ? 'tab active' : 'tab'}
            onClick={() => store.dispatch({ type: 'pane', pane: p })}
          >
            {PANE_LABELS[p]} <span class="count">{count[p]}</span>
          </button>
        ))}
        {view.pane === 'requests' && (
          <input
            class="filter"
            type="search"
            placeholder="Filter: status-code:402 method:POST -domain:cdn has:error d:db.query max>100"
            aria-label="Filter requests"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        )}
      </div>
      {view.range && session.start !== null && (
        <p class="range-note" role="status">
          Showing {formatDuration(view.range.from - session.start, fine)} –{' '}
          {formatDuration(view.range.to - session.start, fine)}, the stretch the timeline is zoomed to.{' '}
          <button type="button" class="link" onClick={() => store.dispatch({ type: 'time-range', range: null })}>
            Show all
          </button>
        </p>
      )}
      {view.pane === 'requests' && filtered.error && (
        <p class="error filter-error" role="alert">
          {filtered.error.message}
        </p>
      )}
      {view.pane === 'requests' && (
        <div class={view.detailsOpen && row ? 'requests with-details' : 'requests'}>
          <RequestTable
            rows={filtered.rows}
            selectedId={selectedId}
            playhead={playhead}
            start={session.start}
            followEnd={view.followLive && !selectedId}
            onSelect={(r) => {
              controller.selectRequest(r.id);
              seek(r.startTs);
            }}
            onOpen={(r) => controller.selectRequest(r.id)}
          />
          {view.detailsOpen && row && (
            <RequestDetails
              row={row}
              trace={row.traceId ? traces.byId[row.traceId] : undefined}
              sources={traces.sources}
              linkSettings={traces.linkSettings}
              tab={view.detailsTab}
              playhead={playhead}
              onTab={(tab) => store.dispatch({ type: 'details-tab', tab })}
              onClose={() => store.dispatch({ type: 'close-details' })}
              onSeek={seek}
            />
          )}
        </div>
      )}
      {view.pane === 'console' && (
        <CrumbList
          label="Console"
          crumbs={crumbs.filter((c) => c.kind === 'console')}
          start={session.start}
          playhead={playhead}
          onSeek={seek}
          empty="The page wrote nothing to the console."
        />
      )}
      {view.pane === 'errors' && (
        <CrumbList
          label="Errors"
          crumbs={errors}
          start={session.start}
          playhead={playhead}
          onSeek={seek}
          empty="No errors."
        />
      )}
      {view.pane === 'actions' && (
        <CrumbList
          label="Actions"
          crumbs={crumbs.filter((c) => c.kind === 'action' || c.kind === 'navigation')}
          start={session.start}
          playhead={playhead}
          onSeek={seek}
          empty="No clicks, input or navigations recorded."
        />
      )}
    </div>
  );
}

/** The rows and breadcrumbs within `range` (a request overlapping it counts); all of them without one. */
export function inRange(rows: RequestRow[], crumbs: Crumb[], range: TimeRange | null) {
  if (!range) return { rows, crumbs };
  return {
    rows: rows.filter((r) => r.startTs <= range.to && Math.max(r.endTs, r.startTs) >= range.from),
    crumbs: crumbs.filter((c) => c.ts >= range.from && c.ts <= range.to),
  };
}
