/**
 * Writes BENCHMARKS.md: what was run where, each target with its measured figure and an honest PASS/MISS,
 * then the tables behind them. Overwritten on every run; nothing in it is typed by hand.
 */
import { writeFileSync } from 'node:fs';
import { categoryDelta, categoryTable, profileText, type ProfileReport } from './report-profile';
import { table } from './table';
import { fmt, median } from './stats';
import type { Latency, Storage, VariantSummary } from './summary';
import type { ThroughputResult } from './throughput';
import { NOTES } from './notes';

import { FETCHES, WRAPPER_RUNS, type CpuPerFetch, type WrapperFigures } from './wrapper';

export interface PageReport {
  file: string;
  title: string;
  summaries: VariantSummary[];
}

export type { ProfileReport };

export interface BenchReport {
  date: string;
  machine: string;
  command: string;
  settings: string;
  durationS: number;
  /** How many measurements were repeated because other programs loaded the machine, in words. */
  retried: string;
  pages: PageReport[];
  latency: Latency;
  throughput: ThroughputResult & { latency: Latency };
  storage: Storage;
  profiles: ProfileReport[];
  wrapper: WrapperFigures[];
}

type Row = [figure: string, target: string, measured: string, result: string];

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const byName = (p: PageReport, v: string) => p.summaries.find((s) => s.variant === v);
const task = (s: VariantSummary | undefined) => (s ? median(s.taskMsPerS) : NaN);
const MB = 1_000_000;

const cpu = (s: VariantSummary | undefined) => s?.mainCpuMsPerS ?? NaN;

/**
 * A main-thread ratio, judged on wall time (TaskDuration) as the target says, and on CPU time as a
 * cross-check. The ratio of medians must pass and so must most repetitions (the two variants of one
 * repetition ran next to each other): a median that passes while most repetitions do not is noise.
 */
function ratioRow(
  figure: string,
  target: string,
  ok: (ratio: number) => boolean,
  a: VariantSummary | undefined,
  b: VariantSummary | undefined,
  extra = '',
): Row {
  const [wall, cpuTime] = [task(a) / task(b), cpu(a) / cpu(b)];
  const valid = [a, b].every((s) => s && s.recordingReps === s.reps);
  // Paired only when both kept every repetition (a noisy one is left out of a variant's medians).
  const paired = a !== undefined && b !== undefined && a.taskMsPerS.length === b.taskMsPerS.length;
  const perRep = paired ? a.taskMsPerS.map((x, i) => x / b.taskMsPerS[i]!) : [];
  const repsOk = perRep.filter(ok).length;
  const steady = !paired || repsOk * 2 > perRep.length;
  const judged = ok(wall) && steady;
  const notes = [
    ok(wall) !== steady ? `median ${verdict(ok(wall))}, ${repsOk} of ${perRep.length} repetitions pass` : '',
    ok(cpuTime) !== ok(wall) ? `by CPU time: ${verdict(ok(cpuTime))}` : '',
  ].filter(Boolean);
  const result = !valid
    ? 'INVALID (a recorder was not recording)'
    : notes.length > 0
      ? `${verdict(judged)} (${notes.join('; ')})`
      : verdict(judged);
  const reps = paired ? `; per repetition: ${perRep.map((x) => fmt(x, 2)).join(', ')}` : '; repetitions not paired';
  return [figure, target, `${fmt(wall, 2)} (by main-thread CPU time: ${fmt(cpuTime, 2)})${reps}${extra}`, result];
}

function ratioRows(p: PageReport): Row[] {
  const [none, rrweb, tandem, sentry] = ['none', 'rrweb', 'tandem', 'sentry'].map((v) => byName(p, v));
  // Unstable when rrweb adds little over the page's own work: shown by both clocks, never judged.
  const added = (f: (s: VariantSummary | undefined) => number) => (f(tandem) - f(none)) / (f(rrweb) - f(none));
  const extra = `; time added over no recording, Tandem / rrweb: ${fmt(added(task), 2)} (CPU time: ${fmt(added(cpu), 2)})`;
  return [
    ratioRow(`${p.title}: main thread, Tandem / bare rrweb`, '<= 1.10', (x) => x <= 1.1, tandem, rrweb, extra),
    ratioRow(`${p.title}: main thread, Tandem / Sentry replay`, '< 1', (x) => x < 1, tandem, sentry),
  ];
}

function targets(r: BenchReport): Row[] {
  const t = r.throughput;
  const committed = t.committedBytes / MB / (t.windowMs / 1000);
  return [
    ...r.pages.flatMap(ratioRows),
    [
      'Active page: event -> durable write, p95 (oldest event of each batch)',
      '<= 1000 ms',
      `${fmt(r.latency.first.p95, 0)} ms (p50 ${fmt(r.latency.first.p50, 0)}, max ${fmt(r.latency.first.max, 0)}; ${r.latency.batches} batches)`,
      verdict(r.latency.first.p95 <= 1000),
    ],
    [
      'Sustained ingest (firehose page, stored at the background)',
      '>= 2 MB/s',
      `${fmt(committed, 2)} MB/s; p95 latency ${fmt(t.latency.first.p95, 0)} ms`,
      verdict(committed >= 2),
    ],
    [
      'Active page: compression rawBytes / storedBytes (session record)',
      '>= 8x',
      `${fmt(r.storage.sessionRatio, 1)}x (window only: ${fmt(r.storage.windowRatio, 1)}x)`,
      verdict(r.storage.sessionRatio >= 8),
    ],
    ...wrapperRows(r.wrapper),
    [
      'Active page: stored bytes per minute',
      'none set',
      `${fmt(r.storage.storedBytesPerMin / 1000, 0)} kB/min (raw ${fmt(r.storage.rawBytesPerMin / 1000, 0)} kB/min)`,
      'info',
    ],
  ];
}

/**
 * The fetch wrapper's added cost, which is what the target is about: the same recording tab's fetch with the
 * wrapper (wrapped) against without it (an unwrapped fetch carrying the same headers), so the capture's work
 * elsewhere loads both alike, in a tab no DevTools client is attached to (bench/unobserved.ts). The same
 * pair in Playwright's tab, whose Network domain makes Chrome capture each request's stack, shows what the
 * wrapper costs while DevTools is open. Then, without a target, what recording as a whole adds to a fetch()
 * call (the wrapper plus DNR, webRequest capture and the worker's writes, which compete with the page for
 * 2 cores; its CPU by process is in the table below), what the headers cost the browser, and what Tandem
 * costs other tabs.
 */
function wrapperRows(w: WrapperFigures[]): Row[] {
  const by = (v: WrapperFigures['variant']) => w.find((x) => x.variant === v)!;
  const rec = by('tandem-recording');
  const off = by('tandem-off');
  const paired = (wrapped: WrapperFigures, unwrapped: WrapperFigures) =>
    `${fmt(wrapped.callP95Ms - unwrapped.callP95Ms, 3)} ms (p95 ${fmt(wrapped.callP95Ms, 3)} vs ${fmt(unwrapped.callP95Ms, 3)} ms; p50 ${fmt(wrapped.callP50Ms - unwrapped.callP50Ms, 3)} ms added (${fmt(wrapped.callP50Ms, 3)} vs ${fmt(unwrapped.callP50Ms, 3)}); ratio p95 ${fmt(wrapped.callP95Ms / unwrapped.callP95Ms, 2)}, p50 ${fmt(wrapped.callP50Ms / unwrapped.callP50Ms, 2)}); p95 added per run: ${wrapped.perRunCallP95Ms.map((x, i) => fmt(x - unwrapped.perRunCallP95Ms[i]!, 3)).join(', ')}`;
  const wrapped = by('unobserved-wrapped');
  const unwrapped = by('unobserved-unwrapped');
  const own = wrapped.callP95Ms - unwrapped.callP95Ms;
  const added = rec.callP95Ms - off.callP95Ms;
  const none = by('none');
  const withHeaders = by('none-with-headers');
  const alone = by('tandem-idle');
  const elsewhere = by('tandem-other-recording');
  const cpuAdded = rec.cpuPerFetchMs && off.cpuPerFetchMs ? cpuDifference(rec.cpuPerFetchMs, off.cpuPerFetchMs) : null;
  return [
    [
      `fetch() call, ${FETCHES} local fetches: p95 added by the wrapper (in a recording tab with DevTools closed, wrapper on vs off: wrapped vs unwrapped fetch carrying the same headers, alternating)`,
      '<= 0.1 ms',
      paired(wrapped, unwrapped),
      verdict(own <= 0.1),
    ],
    [
      `fetch() call: p95 added by the wrapper while DevTools is open (the same pair in a tab with a DevTools client whose Network domain is on, Playwright's: Chrome captures each request's JavaScript stack, and the wrapper's frame makes that dearer)`,
      'none set',
      paired(by('paired-wrapped'), by('paired-unwrapped')),
      'info',
    ],
    [
      `fetch() call: what carrying the wrapper's three headers costs the browser (no extension: the page sets them vs not, alternating), p95 added`,
      'none set',
      `${fmt(withHeaders.callP95Ms - none.callP95Ms, 3)} ms (p95 ${fmt(withHeaders.callP95Ms, 3)} vs ${fmt(none.callP95Ms, 3)} ms; p50 ${fmt(withHeaders.callP50Ms, 3)} vs ${fmt(none.callP50Ms, 3)})`,
      'info',
    ],
    [
      `fetch() call: p95 added by recording as a whole (the same tab not recording, alternating blocks: the wrapper, DNR, webRequest capture and the worker's writes, whose work in other processes competes for 2 cores)`,
      'none set',
      `${fmt(added, 3)} ms (p95 ${fmt(rec.callP95Ms, 3)} vs ${fmt(off.callP95Ms, 3)} ms; p50 ${fmt(rec.callP50Ms, 3)} vs ${fmt(off.callP50Ms, 3)}; ratio p95 ${fmt(rec.callP95Ms / off.callP95Ms, 2)})` +
        (cpuAdded
          ? `; CPU added per fetch: page renderers ${fmt(cpuAdded.page, 2)} ms, extension ${fmt(cpuAdded.extension, 2)} ms, rest of the browser ${fmt(cpuAdded.browser, 2)} ms`
          : ''),
      'info',
    ],
    [
      `Every request of every tab, Tandem installed and no tab recording: round trip (to body) p50 added vs no extension (another browser of the same run)`,
      'none set',
      `${fmt(alone.totalP50Ms - none.totalP50Ms, 2)} ms (p50 ${fmt(alone.totalP50Ms, 2)} vs ${fmt(none.totalP50Ms, 2)} ms; ratio ${fmt(alone.totalP50Ms / none.totalP50Ms, 2)})`,
      'info',
    ],
    [
      `Every request of a tab Tandem leaves alone, while another tab records: round trip p50 added (webRequest listens to the recording tab only, but its extraHeaders hold is browser-wide; alternating blocks)`,
      'none set',
      `${fmt(elsewhere.totalP50Ms - alone.totalP50Ms, 2)} ms (p50 ${fmt(elsewhere.totalP50Ms, 2)} vs ${fmt(alone.totalP50Ms, 2)} ms; ratio ${fmt(elsewhere.totalP50Ms / alone.totalP50Ms, 2)})`,
      'info',
    ],
  ];
}

function cpuDifference(a: CpuPerFetch, b: CpuPerFetch): CpuPerFetch {
  return {
    pageMain: a.pageMain - b.pageMain,
    page: a.page - b.page,
    extension: a.extension - b.extension,
    browser: a.browser - b.browser,
  };
}

/** CPU per fetch by process, the tab not recording against recording: where recording's cost goes. */
function wrapperCpuTable(w: WrapperFigures[]): string {
  const off = w.find((x) => x.variant === 'tandem-off')?.cpuPerFetchMs;
  const rec = w.find((x) => x.variant === 'tandem-recording')?.cpuPerFetchMs;
  if (!off || !rec) return 'CPU by process was not measured.';
  const d = cpuDifference(rec, off);
  const row = (name: string, c: CpuPerFetch) => [
    name,
    fmt(c.pageMain, 2),
    fmt(c.page, 2),
    fmt(c.extension, 2),
    fmt(c.browser, 2),
    fmt(c.page + c.extension + c.browser, 2),
  ];
  return table(
    [
      'tab',
      "page renderers' main threads (both tabs)",
      'page renderers (all threads, both tabs)',
      'extension process (service worker)',
      'rest of the browser (browser, network service, GPU, utility)',
      'all',
    ],
    [row('tandem-off', off), row('tandem-recording', rec), row('added by recording', d)],
  );
}

function wrapperTable(w: WrapperFigures[]): string {
  const rows = w.map((x) => [
    x.variant,
    fmt(x.callP50Ms * 1000, 0),
    fmt(x.callP95Ms * 1000, 0),
    fmt(x.totalP50Ms, 2),
    fmt(x.totalP95Ms, 2),
    String(x.headersSeen),
  ]);
  return table(
    ['variant', 'fetch() call p50 µs', 'call p95 µs', 'to body p50 ms', 'to body p95 ms', 'requests with traceparent'],
    rows,
  );
}

function pageTable(p: PageReport): string {
  const rows = p.summaries.map((s) => [
    s.variant,
    `${fmt(median(s.taskMsPerS), 0)} (${fmt(Math.min(...s.taskMsPerS), 0)}-${fmt(Math.max(...s.taskMsPerS), 0)}; ${s.used} of ${s.reps})`,
    fmt(s.mainCpuMsPerS, 0),
    fmt(s.scriptMsPerS, 0),
    `${fmt(s.longTasksPerWindow, 0)} / ${fmt(s.longTaskMsPerS, 0)}`,
    `${fmt(s.rendererCpuMsPerS, 0)} / ${fmt(s.extensionCpuMsPerS, 0)} / ${fmt(s.browserCpuMsPerS, 0)}`,
    s.inputsPerS > 0 ? `${fmt(s.progressPerS, 1)} (pointer moves ${fmt(s.inputsPerS, 0)}/s)` : fmt(s.progressPerS, 1),
    fmt(s.recordedKBps, 0),
    `${s.recordingReps}/${s.reps}: ${s.proof}`,
    fmt(s.otherLoadMsPerS, 0),
  ]);
  const header = [
    'variant',
    'main thread ms/s (range; quiet reps used)',
    'main thread CPU ms/s',
    'script ms/s',
    'long tasks per window / ms/s',
    'CPU ms/s: page renderer / extension / browser+GPU+utility',
    'page work /s',
    'recorded JSON kB/s',
    'recording in window (reps): last proof',
    'other load ms/s',
  ];
  const cpu = (v: string) => byName(p, v)?.mainCpuMsPerS ?? NaN;
  const cross = `Cross-check with main-thread CPU time: Tandem / bare rrweb ${fmt(cpu('tandem') / cpu('rrweb'), 2)}, Tandem / Sentry ${fmt(cpu('tandem') / cpu('sentry'), 2)}.`;
  return `### ${p.title} (\`bench/pages/${p.file}\`)\n\n${table(header, rows)}\n\n${cross}`;
}

function latencyTable(name: string, l: Latency): string {
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

function throughputText(t: BenchReport['throughput']): string {
  const s = t.windowMs / 1000;
  const produced = t.producedChars / MB / s;
  return [
    `Offered ${t.offeredKBps} kB/s of random text (\`firehose.html?kbps=${t.offeredKBps}\`), ${fmt(s, 1)} s window. The page produced ${fmt(produced, 2)} MB/s of text (its own timers run late when the main thread is busy).`,
    `Stored at the background: ${fmt(t.committedBytes / MB / s, 2)} MB/s committed during the window; batches whose events began in the window: ${fmt(t.fromWindowBytes / MB / s, 2)} MB/s of rrweb JSON, ${fmt(t.fromWindowBytes / t.producedChars, 2)}x the characters the page produced (rrweb's JSON around the text adds a little).`,
    '',
    latencyTable('firehose', t.latency),
  ].join('\n');
}

/** Figures that say what dominates, computed from this run (the interpretation is in NOTES). */
function findings(r: BenchReport): string[] {
  const out: string[] = [];
  const tandem = r.profiles.find((p) => p.variant === 'tandem');
  const rrweb = r.profiles.find((p) => p.variant === 'rrweb' && p.page === tandem?.page);
  if (tandem && rrweb) {
    const delta = categoryDelta(tandem.result, rrweb.result)
      .filter(([, ms]) => Math.abs(ms) >= 1)
      .map(([name, ms]) => `${name} ${ms > 0 ? '+' : ''}${fmt(ms, 0)}`);
    out.push(
      `- \`${tandem.page}\`, CPU profiles of equal length: Tandem ${fmt(tandem.result.totalMs, 0)} ms busy, bare rrweb ${fmt(rrweb.result.totalMs, 0)} ms. Difference by category (ms): ${delta.join(', ')}.`,
    );
  }
  for (const p of r.pages) {
    const iso = byName(p, 'rrweb-isolated');
    const [rr, t] = [byName(p, 'rrweb'), byName(p, 'tandem')];
    if (iso) {
      out.push(
        `- ${p.title}: the same bare rrweb in an isolated world (experiment \`rrweb-isolated\`) takes ${fmt(task(iso), 0)} ms/s of main thread against ${fmt(task(rr), 0)} in the page's world ` +
          `(${fmt(task(iso) / task(rr), 2)}x; CPU time ${fmt(cpu(iso) / cpu(rr), 2)}x). Tandem / isolated rrweb: ${fmt(task(t) / task(iso), 2)} (CPU time ${fmt(cpu(t) / cpu(iso), 2)}).`,
      );
    }
  }
  for (const p of r.pages) {
    const [t, b] = [byName(p, 'tandem'), byName(p, 'rrweb')];
    if (!t || !b) continue;
    out.push(
      `- ${p.title}, outside the page's main thread: Tandem's extension process (service worker: validation, gzip, IndexedDB) ${fmt(t.extensionCpuMsPerS, 0)} ms/s; ` +
        `browser, GPU and utility processes ${fmt(t.browserCpuMsPerS, 0)} ms/s against ${fmt(b.browserCpuMsPerS, 0)} with bare rrweb (messages between page and worker pass through the browser process).`,
    );
  }
  out.push(
    `- Active page latency: the newest event of a batch is durable after p95 ${fmt(r.latency.last.p95, 0)} ms, the oldest after p95 ${fmt(r.latency.first.p95, 0)} ms: the difference is the batch timer (\`batchMaxMs\`).`,
  );
  return out;
}

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
    '## Fetch wrapper overhead (`bench/wrapper.ts`)',
    '',
    `${FETCHES} sequential local fetches per variant timed in a cross-origin-isolated page (5 µs timer resolution); medians over ${WRAPPER_RUNS} runs of each variant's p50/p95. \`none\` / \`none-with-headers\` (no extension; the page sets the same three headers itself (traceparent, sentry-trace, baggage: what the wrapper adds by default; X-Session-Replay-Id comes from declarativeNetRequest, in the browser), which is what the browser charges for carrying them) alternate in blocks of 100 in one page. In one Tandem browser with two tabs on two sites (two renderer processes), recording is switched on and off between blocks, each block starting once the switch settled (first batch stored, or session complete): \`tandem-off\` / \`tandem-recording\` in the same tab, not recording against recording, while the other tab records throughout (so capture's browser-wide cost is in both); \`tandem-idle\` / \`tandem-other-recording\` in the other tab, with no tab recording against the first tab recording: webRequest listens only to the recording tab (its events reach the worker for that tab alone) and asks for extraHeaders only while a tab records, and Chrome then holds every request of every tab for its header round trips through the browser process. \`paired-wrapped\` / \`paired-unwrapped\`: in the recording tab, the wrapped fetch alternating with an about:blank iframe's unwrapped fetch carrying the same three headers set by the page (no content script runs in that frame; its requests are captured like the others), so both see the same load from capture, DNR and the worker's writes: their difference is the wrapper's overhead. \`unobserved-wrapped\` / \`unobserved-unwrapped\`: the same pair in a recording tab of a Chromium the bench launches itself (\`bench/unobserved.ts\`) and attaches no DevTools client to (recording started from an extension page over the panel port, the page posting its own figures), which is what the target is about: Playwright turns the Network domain on in every page it drives, Chrome then captures the JavaScript stack of each request, and with the wrapper's frame on it that costs about 25 µs more per call on this machine, as it would with DevTools open. "call" is the synchronous fetch() call (what the page's task pays); "to body" includes the round trip, where webRequest observation and DNR apply.`,
    '',
    wrapperTable(r.wrapper),
    '',
    `CPU per fetch by process (ms, /proc), from each block's first fetch until the worker had stored all of its requests, medians over runs; the other tab records throughout in both:`,
    '',
    wrapperCpuTable(r.wrapper),
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
