import { useMemo, useState } from 'preact/hooks';
import { useScrollWindow, windowRange } from '../app/use-scroll-window';
import type { RequestRecord } from '../../shared/model';
import type { Trace } from '../../shared/traces/model';
import { formatMs } from '../requests/format';
import { summarizeTrace } from '../../shared/traces/metrics';
import { MetricsTable } from '../details/Metrics';
import { buildWaterfall, searchSpans } from './layout';

interface Props {
  record: RequestRecord;
  trace: Trace;
  /** Epoch ms of the playhead: a line through the bars. */
  playhead: number | null;
  onSeek: (epochMs: number) => void;
  /** The span picked (its attributes, events and metrics are shown); held by the details for the Metrics tab. */
  picked: string | null;
  onPick: (spanId: string | null) => void;
}

/**
 * The request's backend trace under the browser request, on the browser's clock (aligned with the estimated
 * skew). Errors in red, the critical path marked, subtrees collapsible, search in the trace; clicking a span
 * shows its attributes and events and seeks the replay to its start. `[` collapses all, `]` expands all.
 */
/** Row height in px; app.css gives .wf-row the same. */
const WF_ROW = 20;

export function Waterfall({ record, trace, playhead, onSeek, picked, onPick }: Props) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [search, setSearch] = useState('');
  const fall = useMemo(() => buildWaterfall(record, trace, { collapsed }), [record, trace, collapsed]);
  const hits = useMemo(() => (search ? searchSpans(fall.rows, search) : new Set<string>()), [fall, search]);
  const span = useMemo(() => trace.spans.find((s) => s.spanId === picked), [trace, picked]);
  // Windowed like the request list: a 10,000-span trace draws the rows in view and a margin, not 10,000.
  const { scroller, view, onScroll } = useScrollWindow(400);
  const { first, last } = windowRange(view, WF_ROW, fall.rows.length, 20);
  const width = Math.max(1, fall.end - fall.start);
  const pct = (t: number) => `${((t - fall.start) / width) * 100}%`;

  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === '[') setCollapsed(new Set(fall.rows.filter((r) => r.hasChildren && r.depth > 0).map((r) => r.id)));
    if (e.key === ']') setCollapsed(new Set());
  };

  return (
    // The keys act on the tree the focus is in: the handler sits on the group around the tree's items.
    <div class="waterfall" data-testid="waterfall" role="group" aria-label="Trace waterfall" onKeyDown={onKey}>
      <div class="wf-bar">
        <span>
          {fall.spanCount} spans, {fall.errorCount} {fall.errorCount === 1 ? 'error' : 'errors'}, clock skew{' '}
          {formatMs(Math.abs(fall.skewMs))}
          {fall.skewMs < 0 ? ' (server ahead)' : fall.skewMs > 0 ? ' (server behind)' : ''}
        </span>
        <input
          type="search"
          placeholder="Find in trace"
          aria-label="Find in trace"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </div>
      <div class="wf-rows" role="tree" aria-label="Backend trace" ref={scroller} onScroll={onScroll}>
        <div class="wf-body" style={{ height: `${fall.rows.length * WF_ROW}px` }}>
          {fall.rows.slice(first, last).map((r, i) => (
            <div
              key={r.id}
              role="treeitem"
              aria-level={r.depth + 1}
              aria-expanded={r.hasChildren ? !r.collapsed : undefined}
              aria-selected={picked === r.spanId}
              tabIndex={0}
              class={['wf-row', r.error && 'wf-error', r.critical && 'critical', hits.has(r.id) && 'hit']
                .filter(Boolean)
                .join(' ')}
              data-span-id={r.spanId ?? ''}
              style={{ top: `${(first + i) * WF_ROW}px` }}
              data-error={r.error}
              onClick={() => {
                onPick(r.spanId);
                onSeek(r.start);
              }}
            >
              <span class="wf-name" style={{ paddingLeft: `${r.depth * 12 + 4}px` }}>
                {r.hasChildren ? (
                  <button
                    type="button"
                    class="twisty"
                    aria-label={r.collapsed ? `Expand ${r.name}` : `Collapse ${r.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(r.id);
                    }}
                  >
                    {r.collapsed ? '▸' : '▾'}
                  </button>
                ) : (
                  <span class="twisty" />
                )}
                <span class="svc">{r.service}</span> {r.name}
              </span>
              <span class="wf-track">
                <span
                  class="wf-span"
                  style={{ left: pct(r.start), width: `max(1px, ${((r.end - r.start) / width) * 100}%)` }}
                />
              </span>
              <span class="wf-dur">{formatMs(r.end - r.start)}</span>
            </div>
          ))}
          {playhead !== null && playhead >= fall.start && playhead <= fall.end && (
            <span
              class="wf-playhead"
              style={{ left: `calc(40% + (60% - 64px) * ${(playhead - fall.start) / width})` }}
            />
          )}
        </div>
      </div>
      {span && <SpanInfo span={span} trace={trace} />}
    </div>
  );
}

function SpanInfo({ span, trace }: { span: Trace['spans'][number]; trace: Trace }) {
  const metrics = useMemo(() => summarizeTrace(trace).bySpan[span.spanId] ?? {}, [trace, span]);
  const errors = trace.errors.filter((e) => e.spanId === span.spanId);
  const logs = trace.logs.filter((l) => l.spanId === span.spanId);
  return (
    <div class="span-info" data-testid="span-info">
      <h4>
        {span.service} {span.name} <code>{span.spanId}</code>
      </h4>
      {span.status.code === 'error' && <p class="error">Status: error {span.status.message ?? ''}</p>}
      {errors.map((e) => (
        <p key={e.eventId} class="error">
          {e.type ? `${e.type}: ` : ''}
          {e.message}
        </p>
      ))}
      <dl>
        {Object.entries(span.attributes).map(([k, v]) => (
          <>
            <dt key={`k-${k}`}>{k}</dt>
            <dd key={`v-${k}`}>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
          </>
        ))}
      </dl>
      {span.events.map((e, i) => (
        <p key={i}>
          event {e.name} {JSON.stringify(e.attributes)}
        </p>
      ))}
      {logs.map((l, i) => (
        <p key={`l${i}`}>
          [{l.level}] {l.body}
        </p>
      ))}
      {Object.keys(metrics).length > 0 && <MetricsTable summaries={metrics} />}
    </div>
  );
}
