/**
 * CPU time of every process of one Chromium profile, read from /proc. CDP's Performance metrics only see
 * the page's main thread, in wall time; this also sees what runs elsewhere (Tandem's service worker in the
 * extension process, Sentry's compression worker thread in the page renderer, IPC in the browser process,
 * IndexedDB in the storage service) and, being CPU time, is not inflated when other programs compete for
 * the cores. Every Chromium process of a profile carries `--user-data-dir=<profile>`.
 */
import { readdirSync, readFileSync } from 'node:fs';

export type ProcessKind = 'renderer' | 'extension' | 'other';
export interface CpuMs extends Record<ProcessKind, number> {
  /** Main threads of the page renderers (thread id = process id): the page's main thread, in CPU time. */
  rendererMain: number;
  /** This Node process (the bench and Playwright's client). */
  self: number;
  /** Every busy CPU of the machine. */
  system: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux.

function kindOf(cmdline: string): ProcessKind {
  if (!cmdline.includes('--type=renderer')) return 'other';
  return cmdline.includes('--extension-process') ? 'extension' : 'renderer';
}

/** utime + stime of a /proc/.../stat line, in ms. Fields after the command name (which may hold spaces). */
function cpuOfStat(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

export function cpuSnapshot(profileDir: string): CpuMs {
  const usage = process.cpuUsage();
  const out: CpuMs = {
    renderer: 0,
    extension: 0,
    other: 0,
    rendererMain: 0,
    self: (usage.user + usage.system) / 1000,
    system: 0,
  };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // Zygote children rewrite their title: one space-separated string rather than NUL-separated args.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!cmdline.includes(`--user-data-dir=${profileDir} `)) continue;
      const kind = kindOf(cmdline);
      out[kind] += cpuOfStat(`/proc/${pid}/stat`);
      if (kind === 'renderer') out.rendererMain += cpuOfStat(`/proc/${pid}/task/${pid}/stat`);
    } catch {
      // The process exited between listing and reading.
    }
  }
  // The first line of /proc/stat: user nice system idle iowait irq softirq steal; all but idle and iowait is busy.
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  out.system = (cpu.reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!) * TICK_MS;
  return out;
}

export function cpuDelta(a: CpuMs, b: CpuMs): CpuMs {
  const d = (k: keyof CpuMs) => b[k] - a[k];
  return {
    renderer: d('renderer'),
    extension: d('extension'),
    other: d('other'),
    rendererMain: d('rendererMain'),
    self: d('self'),
    system: d('system'),
  };
}

export function cpuSum(a: CpuMs, b: CpuMs): CpuMs {
  const s = (k: keyof CpuMs) => a[k] + b[k];
  return {
    renderer: s('renderer'),
    extension: s('extension'),
    other: s('other'),
    rendererMain: s('rendererMain'),
    self: s('self'),
    system: s('system'),
  };
}

/** CPU ms used by everything that is neither this browser nor the bench itself. */
export const otherLoad = (c: CpuMs): number => c.system - c.renderer - c.extension - c.other - c.self;
