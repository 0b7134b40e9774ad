/** "What dominates" in BENCHMARKS.md: figures from this run that say where the time goes. */
import { fmt } from '../stats';
import { byName, cpu, task, type BenchReport } from './bench-report';
import { categoryDelta } from './profile';
import { spotlightFinding } from './spotlight';

/** Figures that say what dominates, computed from this run (the interpretation is in NOTES). */
export function findings(r: BenchReport): string[] {
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
  out.push(spotlightFinding(r.spotlight));
  return out;
}
