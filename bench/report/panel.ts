/** The panel benchmark's part of BENCHMARKS.md (bench/panel/): target rows and the section. */
import type { PanelFigures } from '../panel/browser';
import { BIG_TRACE_SPANS } from '../panel/generate';
import type { PanelPureFigures } from '../panel/pure';
import { fmt, max, median, p95 } from '../stats';
import { spread, type Timed } from '../traces/timing';
import { table, verdict, type Row } from './markdown';

export interface PanelBenchFigures {
  browser: PanelFigures;
  pure: PanelPureFigures;
}

export const FIRST_FRAME_TARGET_MS = 1000;
export const SEEK_P95_TARGET_MS = 500;
export const FRAME_TARGET_MS = 50;
export const HEAP_TARGET_RATIO = 1.1;

const ms = (n: number) => `${fmt(n, 0)} ms`;
const heapRatio = (b: PanelFigures) => (b.heapAfterClose.at(-1) ?? NaN) / (b.heapAfterClose[0] ?? NaN);

export function panelRows({ browser: b }: PanelBenchFigures): Row[] {
  const first = median(b.firstFrameMs);
  const seek = p95(b.seekMs);
  const over = (f: number[]) => f.filter((x) => x > FRAME_TARGET_MS).length;
  const frames = (label: string, f: number[]) => {
    const worst = max(f);
    // The idle page's own long frames are this host's noise: a scroll is judged against them.
    const idle = b.idleFrameMs;
    return [
      `Panel: frame times scrolling ${label} (30-minute session)`,
      `no frame > ${FRAME_TARGET_MS} ms`,
      `max ${ms(worst)}, p95 ${ms(p95(f))}, ${over(f)} of ${f.length} frames over ${FRAME_TARGET_MS} ms; idle viewer (noise): max ${ms(max(idle))}, p95 ${ms(p95(idle))}, ${over(idle)} over`,
      worst <= FRAME_TARGET_MS ? 'PASS' : over(f) <= over(idle) ? "MISS (within the idle page's noise)" : 'MISS',
    ] as Row;
  };
  const ratio = heapRatio(b);
  return [
    [
      'Panel: time to first frame opening the 30-minute session (viewer, median of 5)',
      `<= ${FIRST_FRAME_TARGET_MS} ms`,
      `${ms(first)} (max ${ms(max(b.firstFrameMs))}; request rows listed at ${ms(median(b.rowsListedMs))}); baseline bare Replayer with the events in memory ${ms(median(b.baselineFirstFrameMs))}, ratio ${fmt(first / median(b.baselineFirstFrameMs), 2)}`,
      verdict(first <= FIRST_FRAME_TARGET_MS),
    ],
    [
      `Panel: seek to ${b.seekMs.length} random points, p95`,
      `<= ${SEEK_P95_TARGET_MS} ms`,
      `${ms(seek)} (median ${ms(median(b.seekMs))}); baseline bare Replayer p95 ${ms(p95(b.baselineSeekMs))}, ratio ${fmt(seek / p95(b.baselineSeekMs), 2)}`,
      verdict(seek <= SEEK_P95_TARGET_MS),
    ],
    [
      `Panel: seek to the same ${b.segmented.seekMs.length} points holding one part of the session (\`holdMB=${b.segmented.holdMB}\`, as for a session of hours), p95`,
      `<= ${SEEK_P95_TARGET_MS} ms`,
      `${ms(p95(b.segmented.seekMs))} (median ${ms(median(b.segmented.seekMs))}; first frame ${ms(median(b.segmented.firstFrameMs))}); JS heap open ${fmt(b.segmented.heapOpen / 1e6, 1)} MB against ${fmt(b.heapOpen / 1e6, 1)} MB holding it whole`,
      verdict(p95(b.segmented.seekMs) <= SEEK_P95_TARGET_MS),
    ],
    frames(`the request list (${b.session.requests} requests)`, b.listFrameMs),
    frames(`the largest waterfall (${BIG_TRACE_SPANS} spans)`, b.waterfallFrameMs),
    [
      `Panel: JS heap after opening and closing the session ${b.heapAfterClose.length} times, against after the first`,
      `<= ${HEAP_TARGET_RATIO}x`,
      `${fmt(ratio, 2)}x (${fmt((b.heapAfterClose[0] ?? NaN) / 1e6, 1)} -> ${fmt((b.heapAfterClose.at(-1) ?? NaN) / 1e6, 1)} MB; ${fmt(b.heapOpen / 1e6, 1)} MB with it open)`,
      verdict(ratio <= HEAP_TARGET_RATIO),
    ],
  ];
}

const pureRow = (t: Timed) => {
  const [s, b] = [spread(t.subjectMs), spread(t.baselineMs)];
  return [
    t.label,
    t.detail,
    fmt(s.median, 2),
    `${fmt(s.min, 2)}-${fmt(s.max, 2)}`,
    fmt(b.median, 2),
    fmt(s.median / b.median, 1),
  ];
};

export function panelSection({ browser: b, pure }: PanelBenchFigures): string[] {
  const s = b.session;
  const method = [
    `The active bench page recorded with @rrweb/record (Tandem's options) for ${fmt(s.recordedRealMs / 1000, 0)} s,`,
    "its clock stretched to 30 minutes, a checkout every 5 minutes of it; cut into the recorder's batches and",
    `written with the background's SessionStore, with ${s.requests} request records (their performanceSpans from`,
    `the background's requestSpan) and ${s.traces} traces of ${s.spans} spans in total (the largest ${BIG_TRACE_SPANS}):`,
    `${s.rrwebEvents} rrweb events, ${s.fullSnapshots} full snapshots, ${s.batches} batches, ${s.eventCount} events`,
    `stored in ${fmt(s.storedBytes / 1e6, 1)} MB (${fmt(s.rawBytes / 1e6, 1)} MB of JSON; \`bench/panel/generate.ts\`). The session is opened in the standalone`,
    "viewer by clicking it in the library, after a small session was open; a frame counts once the Player's",
    '`data-shown` says it is drawn and the next animation frame has run. Seeks move the seek slider. The',
    "baseline, in the same browser: rrweb's Replayer built on the same events already in memory and paused at",
    'the end (open) or at the same points (seeks); and the animation-frame cadence of the idle viewer (frames).',
    'Heap: CDP `Runtime.getHeapUsage` after two forced garbage collections, each time the small session is',
    'opened again. The player holding one part: the same session and seeks in a viewer opened with `?holdMB=`',
    'about a sixth of its JSON, so the player holds one 5-minute part at a time and a seek outside it reads and',
    "draws another (`bench/panel/segmented.ts`). Pure work in Node's V8: `bench/panel/pure.ts`.",
  ].join(' ');
  return [
    method,
    '',
    table(
      ['figure', 'median ms', 'p95 ms', 'max ms', 'baseline median ms', 'baseline p95 ms'],
      [
        ['first frame', b.firstFrameMs, b.baselineFirstFrameMs],
        ['first request row listed', b.rowsListedMs, b.baselineFirstFrameMs],
        ['seek', b.seekMs, b.baselineSeekMs],
        [
          `first frame, holding one part (holdMB=${b.segmented.holdMB})`,
          b.segmented.firstFrameMs,
          b.baselineFirstFrameMs,
        ],
        ['seek, holding one part', b.segmented.seekMs, b.baselineSeekMs],
        ['frame, scrolling the request list', b.listFrameMs, b.idleFrameMs],
        ['frame, scrolling the largest waterfall', b.waterfallFrameMs, b.idleFrameMs],
      ].map(([label, x, y]) => [
        label as string,
        fmt(median(x as number[]), 0),
        fmt(p95(x as number[]), 0),
        fmt(max(x as number[]), 0),
        fmt(median(y as number[]), 0),
        fmt(p95(y as number[]), 0),
      ]),
    ),
    '',
    `First frames in order: ${b.firstFrameMs.map((x) => fmt(x, 0)).join(', ')} ms. Heap after each close (MB): ${b.heapAfterClose.map((x) => fmt(x / 1e6, 1)).join(', ')}.`,
    '',
    table(
      ['pure work', 'input', 'median ms', 'range ms', 'baseline ms', 'ratio'],
      [pureRow(pure.waterfall), pureRow(pure.rows)],
    ),
  ];
}
