/** The fetch wrapper's part of BENCHMARKS.md: its target rows, its figures per variant and its CPU by process. */
import { FETCHES, type CpuPerFetch, type WrapperFigures } from '../fetch/figures';
import { fmt } from '../stats';
import { table, verdict, type Row } from './markdown';

/**
 * The fetch wrapper's added cost, which is what the target is about: the same recording tab's fetch with the
 * wrapper (wrapped) against without it (an unwrapped fetch carrying the same headers), so the capture's work
 * elsewhere loads both alike, in a tab no DevTools client is attached to (browser/unobserved.ts). The same
 * pair in Playwright's tab, whose Network domain makes Chrome capture each request's stack, shows what the
 * wrapper costs while DevTools is open. Then, without a target, what recording as a whole adds to a fetch()
 * call (the wrapper plus DNR, webRequest capture and the worker's writes, which compete with the page for
 * 2 cores; its CPU by process is in the table below), what the headers cost the browser, and what Tandem
 * costs other tabs.
 */
export function fetchRows(w: WrapperFigures[]): Row[] {
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
export function wrapperCpuTable(w: WrapperFigures[]): string {
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

export function wrapperTable(w: WrapperFigures[]): string {
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
