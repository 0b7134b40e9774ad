/**
 * What Tandem stores per minute of the active page, and how well it compresses, from its chunks' sizes: as
 * written (one gzip stream per batch) and once compacted (docs/storage.md, "Compaction").
 */
import { gzipSync } from 'fflate';
import { MAX_MERGED_RAW_BYTES } from '../../src/background/compaction/compaction';
import { encodeMergedChunk } from '../../src/shared/chunk-codec';
import { decodeStoredEvents, type StoredEvent } from '../../src/shared/db/read';
import type { ChunkRecord } from '../../src/shared/model';
import type { DecodedChunk } from '../../test/harness/store';
import type { Measurement } from '../page-cost/measure';
import { median } from '../stats';

export interface Storage {
  /** Compressed bytes stored per minute of recording, from the chunks whose events began in the window. */
  storedBytesPerMin: number;
  rawBytesPerMin: number;
  /** rawBytes / storedBytes of the whole session (its session record), and of the window's chunks only. */
  sessionRatio: number;
  windowRatio: number;
  /**
   * The window's batches compacted by the product's own code (decoded as stored, merged in runs of at most
   * MAX_MERGED_RAW_BYTES, encoded), run here in Node: bytes per minute, and its ratio to `storedBytesPerMin`.
   */
  compactedBytesPerMin: number;
  compactedToBatches: number;
  /** CPU time (Node's process.cpuUsage) that compaction took, per minute of recording. */
  compactCpuMsPerMin: number;
  /** rawBytes / storedBytes of the whole session after the background compacted it, in the browser. */
  compactedSessionRatio: number;
}

/** A batch as the worker stored it: its JSON, one gzip stream (what CompressionStream writes). */
function asStored(batch: DecodedChunk): ChunkRecord {
  const raw = new TextEncoder().encode(JSON.stringify(batch.events));
  return {
    sessionId: '',
    pageId: batch.pageId,
    seq: batch.seq,
    firstTs: 0,
    lastTs: 0,
    count: batch.events.length,
    codec: 'gzip',
    bytes: gzipSync(raw),
    rawBytes: raw.byteLength,
  };
}

/** Compacts the window's batches the way the worker does; returns the bytes it stored and its CPU ms. */
async function compactWindow(batches: DecodedChunk[]): Promise<{ bytes: number; cpuMs: number }> {
  const stored = batches.sort((a, b) => a.pageId.localeCompare(b.pageId) || a.seq - b.seq).map(asStored);
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  let run: { pageId: string; events: StoredEvent[]; raw: number } | null = null;
  const flush = () => {
    if (run) bytes += encodeMergedChunk(run.events).bytes.byteLength;
    run = null;
  };
  for (const chunk of stored) {
    const events = await decodeStoredEvents(chunk);
    if (run && (run.pageId !== chunk.pageId || run.raw + chunk.rawBytes > MAX_MERGED_RAW_BYTES)) flush();
    run ??= { pageId: chunk.pageId, events: [], raw: 0 };
    run.events.push(...events);
    run.raw += chunk.rawBytes;
  }
  flush();
  const cpu = process.cpuUsage(cpu0);
  return { bytes, cpuMs: (cpu.user + cpu.system) / 1000 };
}

interface RunFigures {
  stored: number;
  raw: number;
  sessionRatio: number;
  windowRatio: number;
  compacted: number;
  compactedToBatches: number;
  cpu: number;
  compactedSessionRatio: number;
}

export async function storage(runs: Measurement[]): Promise<Storage> {
  const perRun: RunFigures[] = [];
  for (const m of runs) {
    const chunks = (m.captured.chunks ?? []).filter((c) => c.firstTs >= m.start && c.firstTs < m.end);
    const stored = chunks.reduce((n, c) => n + c.stored, 0);
    const raw = chunks.reduce((n, c) => n + c.raw, 0);
    const minutes = m.windowMs / 60_000;
    const inWindow = (m.captured.batches ?? []).filter((b) => {
      const first = Math.min(...b.events.map((e) => e.timestamp));
      return first >= m.start && first < m.end;
    });
    const compacted = await compactWindow(inWindow);
    const s = m.captured.session;
    const c = m.captured.compacted;
    perRun.push({
      stored: stored / minutes,
      raw: raw / minutes,
      sessionRatio: s ? s.rawBytes / s.storedBytes : NaN,
      windowRatio: raw / stored,
      compacted: compacted.bytes / minutes,
      compactedToBatches: compacted.bytes / stored,
      cpu: compacted.cpuMs / minutes,
      compactedSessionRatio: c ? c.rawBytes / c.storedBytes : NaN,
    });
  }
  const med = (f: (r: RunFigures) => number) => median(perRun.map(f));
  return {
    storedBytesPerMin: med((r) => r.stored),
    rawBytesPerMin: med((r) => r.raw),
    sessionRatio: med((r) => r.sessionRatio),
    windowRatio: med((r) => r.windowRatio),
    compactedBytesPerMin: med((r) => r.compacted),
    compactedToBatches: med((r) => r.compactedToBatches),
    compactCpuMsPerMin: med((r) => r.cpu),
    compactedSessionRatio: med((r) => r.compactedSessionRatio),
  };
}
