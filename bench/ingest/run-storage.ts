/**
 * `npx tsx bench/ingest/run-storage.ts` (after `npm run build`): the storage figures alone (Tandem on the
 * active page, BENCH_REPS times, BENCH_WINDOW_MS each), printed; BENCHMARKS.md is left as it is. For work
 * on storage and compaction without the whole bench (docs/testing.md).
 */
import { buildBundles } from '../inpage/bundles';
import { REPS, WARMUP_MS, WINDOW_MS } from '../limits';
import { measure, type Measurement } from '../page-cost/measure';
import { driveActivePage } from '../pages/drive';
import { startPageServer } from '../pages/server';
import { startSentrySink } from '../variants/sentry-sink';
import { storage } from './storage';

const bundles = await buildBundles();
const server = await startPageServer();
const sink = await startSentrySink();
try {
  const runs: Measurement[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const m = await measure({
      variant: 'tandem',
      url: server.url('active.html'),
      drive: driveActivePage,
      warmupMs: WARMUP_MS,
      windowMs: WINDOW_MS,
      bundles,
      sink,
    });
    console.log(`repetition ${rep + 1} of ${REPS}: ${m.captured.proof}`);
    runs.push(m);
  }
  console.log(JSON.stringify(await storage(runs), null, 2));
} finally {
  await server.close();
  await sink.close();
}
