/** The ingest part of BENCHMARKS.md: event-to-disk latency and the firehose's sustained ingest. */
import type { Latency } from '../ingest/latency';
import type { Storage } from '../ingest/storage';
import { fmt } from '../stats';
import { MB, type BenchReport } from './bench-report';
import { table } from './markdown';

export function latencyTable(name: string, l: Latency): string {
  return table(
    ['', 'batches', 'p50 ms', 'p95 ms', 'max ms'],
    [
      [
        `${name}: committedAt - firstTs`,
        String(l.batches),
        fmt(l.first.p50, 0),
        fmt(l.first.p95, 0),
        fmt(l.first.max, 0),
      ],
      [`${name}: committedAt - lastTs`, String(l.batches), fmt(l.last.p50, 0), fmt(l.last.p95, 0), fmt(l.last.max, 0)],
    ],
  );
}

export function throughputText(t: BenchReport['throughput']): string {
  const s = t.windowMs / 1000;
  const produced = t.producedChars / MB / s;
  return [
    `Offered ${t.offeredKBps} kB/s of random text (\`firehose.html?kbps=${t.offeredKBps}\`), ${fmt(s, 1)} s window. The page produced ${fmt(produced, 2)} MB/s of text (its own timers run late when the main thread is busy).`,
    `Stored at the background: ${fmt(t.committedBytes / MB / s, 2)} MB/s committed during the window; batches whose events began in the window: ${fmt(t.fromWindowBytes / MB / s, 2)} MB/s of rrweb JSON, ${fmt(t.fromWindowBytes / t.producedChars, 2)}x the characters the page produced (rrweb's JSON around the text adds a little).`,
    '',
    latencyTable('firehose', t.latency),
  ].join('\n');
}

/** The storage section's compaction paragraph (docs/storage.md, "Compaction"). */
export function storageCompactionText(s: Storage): string {
  return [
    `Compacted (\`src/background/compaction/\`): the same window's batches merged by the product's own code (decoded as`,
    `stored, runs of at most 1 MiB of JSON, the column form gzipped at level 9), in Node: ${fmt(s.compactedBytesPerMin / 1000, 0)} kB per`,
    `minute, ${fmt(s.compactedToBatches, 2)} of what the batches store, for ${fmt(s.compactCpuMsPerMin, 0)} ms of CPU per minute`,
    `recorded (Node's V8, not the service worker's). The whole session as the background compacted it in the`,
    `browser after its stop: ratio ${fmt(s.compactedSessionRatio, 1)}x (it was ${fmt(s.sessionRatio, 1)}x as batches).`,
  ].join(' ');
}
