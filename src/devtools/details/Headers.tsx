import type { RequestRecord } from '../../shared/model';

/** Request and response headers as stored: redacted values stay `[redacted]`; the headers Tandem added are marked. */
export function HeadersView({ record }: { record: RequestRecord }) {
  const added = new Set(record.injectedHeaders.map((h) => h.toLowerCase()));
  return (
    <div class="headers" data-testid="headers">
      <h4>General</h4>
      <dl>
        <dt>URL</dt>
        <dd>{record.url}</dd>
        <dt>Method</dt>
        <dd>{record.method}</dd>
        <dt>Status</dt>
        <dd>{record.error ? `${record.status || ''} ${record.error}` : record.status}</dd>
        {record.traceId && <IdRow label="Trace id" value={record.traceId} />}
        {record.spanId && <IdRow label="Span id" value={record.spanId} />}
        {record.responseTraceId && record.responseTraceId !== record.traceId && (
          <IdRow label="Response trace id" value={record.responseTraceId} />
        )}
      </dl>
      <h4>Response headers</h4>
      <HeaderList headers={record.responseHeaders} added={new Set()} />
      <h4>Request headers</h4>
      <HeaderList headers={record.requestHeaders} added={added} />
    </div>
  );
}

function IdRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code>{value}</code>{' '}
        <button type="button" class="link" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => copy(value)}>
          Copy
        </button>
      </dd>
    </>
  );
}

function HeaderList({ headers, added }: { headers: Record<string, string>; added: ReadonlySet<string> }) {
  const names = Object.keys(headers).sort();
  if (names.length === 0) return <p class="empty">None recorded.</p>;
  return (
    <dl>
      {names.map((name) => (
        <>
          <dt key={`n-${name}`}>
            {name}
            {added.has(name) && <span class="tag">added by Tandem</span>}
          </dt>
          <dd key={`v-${name}`}>{headers[name]}</dd>
        </>
      ))}
    </dl>
  );
}

function copy(text: string): void {
  void navigator.clipboard?.writeText(text).catch(() => {});
}
