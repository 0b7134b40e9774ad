import type { MetricSummaries } from '../../shared/traces/model';

/** Metric summaries in the `_metrics_summary` shape: one row per metric and tag set, numbers right-aligned. */
export function MetricsTable({
  summaries,
  empty = 'No metrics were recorded for this request or its spans.',
}: {
  summaries: MetricSummaries;
  empty?: string;
}) {
  const keys = Object.keys(summaries).sort();
  if (keys.length === 0) return <p class="empty">{empty}</p>;
  return (
    <table class="metrics" aria-label="Metric summaries" data-testid="metric-summaries">
      <thead>
        <tr>
          <th>Metric</th>
          <th>Tags</th>
          <th class="num">Count</th>
          <th class="num">Min</th>
          <th class="num">Max</th>
          <th class="num">Sum</th>
        </tr>
      </thead>
      <tbody>
        {keys.flatMap((key) =>
          (summaries[key] ?? []).map((s, i) => (
            <tr key={`${key}-${i}`} data-metric={key}>
              <td>{key}</td>
              <td>
                {Object.entries(s.tags)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}
              </td>
              <td class="num">{s.count}</td>
              <td class="num">{round(s.min)}</td>
              <td class="num">{round(s.max)}</td>
              <td class="num">{round(s.sum)}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
