/**
 * Writes BENCHMARKS.md: what was run where, each target with its measured figure and an honest PASS/MISS,
 * then the tables behind them. Overwritten on every run; nothing in it is typed by hand.
 */
import { writeFileSync } from 'node:fs';
import { FETCHES, WRAPPER_RUNS } from '../fetch/figures';
import { fmt } from '../stats';
import type { BenchReport } from './bench-report';
import { wrapperCpuTable, wrapperTable } from './fetch';
import { findings } from './findings';
import { latencyTable, storageCompactionText, throughputText } from './ingest';
import { table } from './markdown';
import { NOTES } from './notes';
import { pageTable } from './page-cost';
import { categoryTable, profileText } from './profile';
import { targets } from './targets';
import { spotlightSection } from './spotlight';
import { traceSection } from './traces';
import { panelSection } from './panel';

export type { BenchReport, PageReport, ProfileReport } from './bench-report';

export function writeReport(path: string, r: BenchReport): void {
  const md = [
    '# Benchmarks',
    '',
    `Written by \`bench/run.ts\` on ${r.date}; every figure below comes from that run. Overwritten on each run.`,
    '',
    `- Command: \`${r.command}\``,
    `- Machine: ${r.machine}`,
    `- Settings: ${r.settings}`,
    `- Run time of bench/run.ts: ${fmt(r.durationS, 0)} s (plus \`vite build\`); ${r.retried}`,
    '',
    '## Targets',
    '',
    table(['figure', 'target', 'measured', 'result'], targets(r)),
    '',
    '## What dominates',
    '',
    ...findings(r),
    '',
    '## Main-thread cost',
    '',
    'Medians over repetitions; "ms/s" is milliseconds per second of the measurement window. "main thread" is CDP `Performance.getMetrics` TaskDuration (every task on the page renderer\'s main thread: page script, content scripts of the isolated world, style, layout, GC); ratios above are ratios of these medians.',
    '',
    ...r.pages.flatMap((p) => [pageTable(p), '']),
    '## Event to durable write (Tandem, active page)',
    '',
    `From \`getDiagnostics().ingest\`: every batch whose first event is inside a measurement window of the active page, over all repetitions.`,
    '',
    latencyTable('active page', r.latency),
    '',
    '## Sustained ingest (Tandem, firehose page)',
    '',
    throughputText(r.throughput),
    '',
    '## Storage (Tandem, active page)',
    '',
    `Chunks whose events began in the window: ${fmt(r.storage.storedBytesPerMin / 1000, 0)} kB stored per minute (${fmt(r.storage.rawBytesPerMin / 1000, 0)} kB of JSON), ratio ${fmt(r.storage.windowRatio, 1)}x. Whole session (session record, including the first full snapshot): ratio ${fmt(r.storage.sessionRatio, 1)}x.`,
    '',
    storageCompactionText(r.storage),
    '',
    '## Fetch wrapper overhead (`bench/fetch/wrapper.ts`)',
    '',
    `${FETCHES} sequential local fetches per variant timed in a cross-origin-isolated page (5 µs timer resolution); medians over ${WRAPPER_RUNS} runs of each variant's p50/p95. \`none\` / \`none-with-headers\` (no extension; the page sets the same three headers itself (traceparent, sentry-trace, baggage: what the wrapper adds by default; X-Session-Replay-Id comes from declarativeNetRequest, in the browser), which is what the browser charges for carrying them) alternate in blocks of 100 in one page. In one Tandem browser with two tabs on two sites (two renderer processes), recording is switched on and off between blocks, each block starting once the switch settled (first batch stored, or session complete): \`tandem-off\` / \`tandem-recording\` in the same tab, not recording against recording, while the other tab records throughout (so capture's browser-wide cost is in both); \`tandem-idle\` / \`tandem-other-recording\` in the other tab, with no tab recording against the first tab recording: webRequest listens only to the recording tab (its events reach the worker for that tab alone) and asks for extraHeaders only while a tab records, and Chrome then holds every request of every tab for its header round trips through the browser process. \`paired-wrapped\` / \`paired-unwrapped\`: in the recording tab, the wrapped fetch alternating with an about:blank iframe's unwrapped fetch carrying the same three headers set by the page (no content script runs in that frame; its requests are captured like the others), so both see the same load from capture, DNR and the worker's writes: their difference is the wrapper's overhead. \`unobserved-wrapped\` / \`unobserved-unwrapped\`: the same pair in a recording tab of a Chromium the bench launches itself (\`bench/browser/unobserved.ts\`) and attaches no DevTools client to (recording started from an extension page over the panel port, the page posting its own figures), which is what the target is about: Playwright turns the Network domain on in every page it drives, Chrome then captures the JavaScript stack of each request, and with the wrapper's frame on it that costs about 25 µs more per call on this machine, as it would with DevTools open. "call" is the synchronous fetch() call (what the page's task pays); "to body" includes the round trip, where webRequest observation and DNR apply.`,
    '',
    wrapperTable(r.wrapper),
    '',
    `CPU per fetch by process (ms, /proc), from each block's first fetch until the worker had stored all of its requests, medians over runs; the other tab records throughout in both:`,
    '',
    wrapperCpuTable(r.wrapper),
    '',
    '## Trace normalising and metric queries (`bench/traces/run.ts`)',
    '',
    ...traceSection(r.traces),
    '',
    '## Spotlight: backend span end to stored with the session (`bench/traces/spotlight-latency.ts`)',
    '',
    ...spotlightSection(r.spotlight),
    '',
    '## The panel at 30-minute scale (`bench/panel/`)',
    '',
    ...panelSection(r.panel),
    '',
    "## Where Tandem's main-thread time goes",
    '',
    `CPU profiles (CDP Profiler, 0.5 ms sampling, after the warm-up) of the page's main thread. Built-ins (JSON.stringify, postMessage) are charged to their nearest caller with a URL; Tandem's code is mapped to its sources through the source maps in dist/. "(program)" is the main thread's native work outside JavaScript (input, style, layout, paint, IPC).`,
    '',
    categoryTable(r.profiles),
    '',
    ...r.profiles.flatMap((p) => [profileText(p), '']),
    '',
    NOTES,
    '',
  ].join('\n');
  writeFileSync(path, md);
}
