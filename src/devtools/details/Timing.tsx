import type { RequestRow } from '../session/request-rows';
import { formatMs, formatSize } from '../requests/format';

/** The browser's view of the request's time and size, then the backend's own account (Server-Timing). */
export function TimingView({ row }: { row: RequestRow }) {
  const timing = row.record?.serverTiming ?? [];
  const longest = Math.max(1, ...timing.map((t) => t.dur));
  return (
    <div class="timing" data-testid="timing">
      <dl>
        <dt>Duration</dt>
        <dd>{formatMs(row.endTs - row.startTs)}</dd>
        {row.timing?.transferSize != null && (
          <>
            <dt>Transferred</dt>
            <dd>{formatSize(row.timing.transferSize)}</dd>
          </>
        )}
        {row.timing?.decodedBodySize != null && (
          <>
            <dt>Resource size</dt>
            <dd>{formatSize(row.timing.decodedBodySize)}</dd>
          </>
        )}
        {row.record?.redirects.length ? (
          <>
            <dt>Redirects</dt>
            <dd>{row.record.redirects.map((r) => `${r.status} ${r.url}`).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <h4>Server-Timing</h4>
      {timing.length === 0 ? (
        <p class="empty">The response sent no Server-Timing durations.</p>
      ) : (
        <table class="server-timing" aria-label="Server-Timing">
          <tbody>
            {timing.map((t, i) => (
              <tr key={i}>
                <td>{t.name}</td>
                <td>{t.desc ?? ''}</td>
                <td class="bar-cell">
                  <span class="bar" style={{ width: `${(t.dur / longest) * 100}%` }} />
                </td>
                <td class="num">{formatMs(t.dur)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
