/** The fixed part of BENCHMARKS.md: what each variant included and how the figures were taken. */
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { MAX_OTHER_LOAD_MS_PER_S } from '../limits';

const { batchMaxMs, batchMaxBytes } = DEFAULT_SETTINGS.recording;

export const NOTES = `## What each variant is

- **none**: Debian's Chromium with the e2e harness's flags minus \`--load-extension\` /
  \`--disable-extensions-except\`: no extension, nothing records. Every variant (this one too) gets a fresh
  browser and profile and the same \`longtask\` PerformanceObserver, injected with \`context.addInitScript\`.
- **rrweb**: the same plain Chromium; \`@rrweb/record\`'s own UMD build (\`dist/record.umd.min.cjs\`) and a
  starter (\`bench/inpage/bare-rrweb.ts\`) injected with \`context.addInitScript\`, so before the page's
  scripts. Same record options as Tandem's \`src/content/page/rrweb.ts\` with default settings. Events go
  into an array that is \`JSON.stringify\`'d once a second (any recorder must serialize); nothing is sent.
  This is rrweb as published: Tandem's own copy carries a patch (\`patches/@rrweb+record+*.patch\`, see
  docs/architecture.md) that this variant does not have, so Tandem / rrweb includes what the patch saves.
- **tandem**: the built extension (\`dist/\`, \`npm run build\`) loaded by \`test/harness/launch.ts\`, with default
  settings plus \`autoRecord: [<page URL>]\`: rrweb and the hooks in the page's main world, each event
  serialized there once and handed to the ISOLATED-world recorder, which sends batches over the port (every ${batchMaxMs} ms or ${batchMaxBytes / 1024} KiB), gzip and IndexedDB in the service worker. An extension page
  (\`viewer.html\`) stays open, idle, to set the settings and read the results afterwards.
- **sentry**: \`@sentry/browser\` 11.12.0 bundled by esbuild into an IIFE (\`bench/inpage/sentry.ts\`), injected
  with \`context.addInitScript\` before the page's scripts: \`Sentry.init\` with the default integrations
  plus \`replayIntegration()\` with its defaults (text and inputs masked, media blocked, events deflated in a
  Web Worker, a segment every ~5 s), \`replaysSessionSampleRate: 1\`, DSN pointing at a sink on 127.0.0.1
  (\`bench/variants/sentry-sink.ts\`) that answers 200 and inflates every \`replay_recording\` item. A variant counts as
  recording only if events timestamped inside the window arrived at the sink (the pending segment is
  flushed with \`replay.flush()\` after the window). Its compression runs on a worker thread, so it is
  outside "main thread" but inside the page renderer's CPU column.
- **rrweb-isolated** (table page only): an experiment, not a competitor. The \`rrweb\` variant's scripts,
  unchanged, in an isolated world of a plain Chromium (CDP \`Page.addScriptToEvaluateOnNewDocument\` with a
  \`worldName\`), as content scripts run, with a \`customElements\` stand-in (the isolated world has none,
  crbug.com/390807). It tells what the isolated world itself costs rrweb: why Tandem runs rrweb in the page's
  main world. Its CDP session has the Runtime domain enabled, to read its counters.

## Method

- Per measurement: launch, load the page, 2 s warm-up (it includes the first full snapshot), then the
  window. Main-thread time is the delta of CDP \`Performance.getMetrics\` TaskDuration / ScriptDuration over
  the window (wall time of the main thread's tasks); "main thread CPU" is the CPU time of the page
  renderer's main thread from /proc (it does not grow when other programs compete for the cores). Long
  tasks are the observer's entries that started in the window. The CPU columns are utime+stime of every
  process of that browser's profile (/proc): page renderer(s), the extension process (Tandem's service
  worker) and the rest (browser process, GPU, network and storage services). "other load" is the CPU
  used meanwhile by everything else on the machine: noise. A measurement during which other load exceeded
  ${MAX_OTHER_LOAD_MS_PER_S} ms/s is taken again (at most twice, while the run stays within its time budget),
  and medians are taken over the quiet measurements when at least two of a variant's are quiet.
- Variants run in the order none, rrweb, tandem, sentry (then rrweb-isolated on the table page) and
  reversed on the next repetition, to cancel drift. Figures are medians over repetitions (range in brackets).
  A ratio target passes when the ratio of the medians does and so do most repetitions' own ratios (the
  two variants of a repetition ran one after the other); the per-repetition ratios are listed with it.
- Active page input (\`bench/pages/drive.ts\`): \`page.mouse.move\` every ~16 ms along a curve, a click every 2 s,
  a word typed every 3 s, during warm-up and window alike.
- "page work /s" is the page's own progress (table replacements, timer ticks): a recorder that
  saturates the main thread makes the page itself fall behind, which this column shows.
- "recorded JSON kB/s": rrweb JSON of the window's events as each recorder kept it (bare rrweb: stringified
  length; Tandem: \`rawBytes\` of the stored batches; Sentry: the inflated segments). Comparable sizes
  show the recorders captured the same page activity; Sentry masks text with \`*\` of the same length.
- Latency is \`committedAt - firstTs\` per stored batch: the oldest event of the batch until its IndexedDB
  transaction completed. Tandem sends a batch at the latest \`batchMaxMs\` (${batchMaxMs} ms by default)
  after its first event, so on a page with a steady trickle of events this figure cannot be much below that;
  \`committedAt - lastTs\` shows the transport and storage part alone.
- MB = 10^6 bytes, kB = 10^3 bytes. rawBytes are characters of JSON text (ASCII here).`;
