import type { DiagnosticsSnapshot, IngestSample } from '../shared/protocol';

const RECENT_LIMIT = 50;

/**
 * Counts and logs every error the background survives (malformed messages, corrupt chunks, failed writes),
 * so the panel can show them and tests can assert on them. Nothing here throws.
 */
export class Diagnostics {
  private errors: Record<string, number> = {};
  private recent: DiagnosticsSnapshot['recent'] = [];
  private settingsProblems: string[] = [];
  private readonly bootedAt = Date.now();
  private warnings: DiagnosticsSnapshot['warnings'] = [];
  private ingest: IngestSample[] = [];

  report(kind: string, message: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    this.recent.push({ at: Date.now(), kind, message: message.slice(0, 500) });
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
    console.warn(`[tandem] ${kind}: ${message}`);
  }

  /** A warning for the user; also counted as an error of `kind`. */
  warn(kind: string, message: string): void {
    this.report(kind, message);
    this.warnings.push({ at: Date.now(), message });
    if (this.warnings.length > RECENT_LIMIT) this.warnings.shift();
  }

  /** Event-to-durable-write latency and throughput, measured where the write completes (see bench/). */
  recordIngest(sample: IngestSample): void {
    this.ingest.push(sample);
    if (this.ingest.length > 2000) this.ingest.shift();
  }

  setSettingsProblems(problems: string[]): void {
    this.settingsProblems = problems;
    for (const p of problems) this.report('invalid-settings', p);
  }

  /** All but webRequest's state, which network capture owns (panel-api.ts adds it). */
  snapshot(): Omit<DiagnosticsSnapshot, 'webRequest' | 'webRequestTabs' | 'webRequestEvents'> {
    return {
      bootedAt: this.bootedAt,
      warnings: [...this.warnings],
      ingest: [...this.ingest],
      errors: { ...this.errors },
      recent: [...this.recent],
      settingsProblems: [...this.settingsProblems],
    };
  }
}
