/**
 * A trace file dropped into the panel (an OTLP export, a Jaeger UI download...): read by the normaliser of
 * its format and stored with the session for every trace id the session's requests carry, as if a source had
 * answered. Traces the session does not carry are counted, not stored: they belong to no request of it.
 */
import type { ImportTraceFileResult } from '../../shared/protocol';
import { readTraceFile } from '../../shared/traces/trace-file';
import type { BackgroundDeps } from '../deps';
import { traceIdsOf } from './trace-jobs';

/** The source id a dropped file's traces are stored under. */
export const FILE_SOURCE_ID = 'file';

export async function importTraceFile(
  deps: Pick<BackgroundDeps, 'store' | 'notify' | 'now'>,
  sessionId: string,
  text: string,
): Promise<ImportTraceFileResult> {
  if (!(await deps.store.get(sessionId))) throw new Error(`no session ${sessionId}`);
  const read = readTraceFile(text);
  if (!read.ok) throw new Error(read.error);
  const carried = new Set(traceIdsOf(await deps.store.requestsOf(sessionId)));
  const stored: ImportTraceFileResult['stored'] = [];
  let ignored = 0;
  for (const trace of read.traces) {
    if (!carried.has(trace.traceId) || trace.spans.length + trace.errors.length === 0) {
      ignored++;
      continue;
    }
    const fetchedAt = deps.now();
    const record = await deps.store.putTrace(sessionId, {
      sourceId: FILE_SOURCE_ID,
      kind: read.format,
      trace,
      fetchedAt,
    });
    if (!record) throw new Error(`no session ${sessionId}`);
    stored.push({ traceId: trace.traceId, spanCount: trace.spans.length });
    deps.notify({ type: 'trace-stored', sessionId, traceId: trace.traceId });
  }
  return { format: read.format, stored, ignored, warnings: read.warnings.slice(0, 20) };
}
