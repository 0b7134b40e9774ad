import { useEffect, useMemo, useState } from 'preact/hooks';
import type { TraceRecord } from '../../shared/model';
import type { TraceSourceStatus } from '../../shared/protocol';
import type { TracesSettings } from '../../shared/settings';
import { traceLinks } from '../../shared/traces/links';
import { summarizeTrace } from '../../shared/traces/metrics';
import { requestSummaries } from '../../shared/traces/request-metrics';
import { DETAILS_TABS, type DetailsTab } from '../app/view-state';
import type { RequestRow } from '../session/request-rows';
import { Waterfall } from '../waterfall/Waterfall';
import { HeadersView } from './Headers';
import { MetricsTable } from './Metrics';
import { TimingView } from './Timing';
import { whyNoTrace } from './why-no-trace';

interface Props {
  row: RequestRow;
  trace: TraceRecord | undefined;
  sources: readonly TraceSourceStatus[] | null;
  linkSettings: Pick<TracesSettings, 'sources' | 'spotlight'> | null;
  tab: DetailsTab;
  playhead: number | null;
  onTab: (tab: DetailsTab) => void;
  onClose: () => void;
  onSeek: (epochMs: number) => void;
}

const LABELS: Record<DetailsTab, string> = {
  headers: 'Headers',
  timing: 'Timing',
  trace: 'Trace',
  metrics: 'Metrics',
  response: 'Response',
};

/** The selected request: headers, timing, its backend trace, metric summaries and the captured body. */
export function RequestDetails({ row, trace, sources, linkSettings, tab, playhead, onTab, onClose, onSeek }: Props) {
  const [scope, setScope] = useState<'request' | 'trace' | 'span'>('request');
  // The span picked in the waterfall: the Metrics tab can show its summaries alone. Another request, another pick.
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => {
    setPicked(null);
    setScope((s) => (s === 'span' ? 'request' : s));
  }, [row.id]);
  const pickedSpan = useMemo(() => trace?.trace.spans.find((s) => s.spanId === picked), [trace, picked]);
  const summaries = useMemo(() => {
    if (scope === 'trace') return trace ? summarizeTrace(trace.trace).trace : {};
    if (scope === 'span') return trace && picked ? (summarizeTrace(trace.trace).bySpan[picked] ?? {}) : {};
    return row.record ? requestSummaries(row.record, trace?.trace) : {};
  }, [row.record, trace, scope, picked]);
  return (
    <section class="details" aria-label="Request details" data-testid="request-details">
      <div class="tabs" role="tablist" aria-label="Request details">
        <button type="button" class="close" aria-label="Close details" onClick={onClose}>
          ×
        </button>
        {DETAILS_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={t === tab}
            class={t === tab ? 'tab active' : 'tab'}
            onClick={() => onTab(t)}
          >
            {LABELS[t]}
          </button>
        ))}
        <span class="details-url" title={row.url}>
          {row.method} {row.status || ''} {row.url}
        </span>
      </div>
      <div class="details-body" role="tabpanel" aria-label={LABELS[tab]}>
        {tab === 'headers' &&
          (row.record ? <HeadersView record={row.record} /> : <p class="empty">Seen by the page only: no headers.</p>)}
        {tab === 'timing' && <TimingView row={row} />}
        {tab === 'trace' && row.traceId && linkSettings && (
          <p class="trace-links">
            Open trace <code>{row.traceId}</code> in:{' '}
            {traceLinks(linkSettings, row.traceId).map((l) => (
              <a key={l.sourceId} href={l.url} target="_blank" rel="noreferrer noopener">
                {l.label}
              </a>
            ))}
          </p>
        )}
        {tab === 'trace' &&
          (row.record && trace ? (
            <Waterfall
              record={row.record}
              trace={trace.trace}
              playhead={playhead}
              onSeek={onSeek}
              picked={picked}
              onPick={setPicked}
            />
          ) : (
            <p class="empty" data-testid="no-trace">
              {whyNoTrace(row, sources)}
            </p>
          ))}
        {tab === 'metrics' && (
          <>
            <fieldset class="scope">
              <legend class="visually-hidden">Metrics of</legend>
              <label>
                <input type="radio" checked={scope === 'request'} onChange={() => setScope('request')} /> This request
                (its spans and Server-Timing)
              </label>
              <label>
                <input type="radio" checked={scope === 'trace'} onChange={() => setScope('trace')} /> Whole trace
              </label>
              {pickedSpan && (
                <label>
                  <input type="radio" checked={scope === 'span'} onChange={() => setScope('span')} /> Span{' '}
                  {pickedSpan.name} (picked in the waterfall)
                </label>
              )}
            </fieldset>
            <MetricsTable
              summaries={summaries}
              empty={
                scope === 'span'
                  ? 'No metrics were recorded on this span.'
                  : scope === 'trace'
                    ? 'No metrics were recorded in this trace.'
                    : undefined
              }
            />
          </>
        )}
        {tab === 'response' &&
          (row.record?.responseBody !== undefined ? (
            <pre class="body">{row.record.responseBody}</pre>
          ) : (
            <p class="empty">No body captured (settings: bodies.urls).</p>
          ))}
      </div>
    </section>
  );
}
