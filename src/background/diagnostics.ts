import type { Storage } from 'webextension-polyfill';
import { z } from 'zod';
import type { DiagnosticsSnapshot, IngestSample } from '../shared/protocol';

const RECENT_LIMIT = 50;
/** storage.local key of the counters and warnings that outlive the worker. */
export const DIAGNOSTICS_KEY = 'diagnostics';
/** Writes are coalesced: one per this many ms at most, whatever the rate of reports. */
const PERSIST_DELAY_MS = 1000;

const persistedSchema = z.object({
  errors: z.record(z.string().max(200), z.number().int().nonnegative()),
  warnings: z.array(z.object({ at: z.number(), message: z.string().max(4000) })).max(RECENT_LIMIT),
});
type Persisted = z.infer<typeof persistedSchema>;

type Area = Pick<Storage.StorageArea, 'get' | 'set'>;

/**
 * Counts and logs every error the background survives (malformed messages, corrupt chunks, failed writes,
 * evictions), so the panel can show them and tests can assert on them. The counters and the user's warnings
 * are kept in storage.local (`persistTo`): Chrome stops the worker after 30 s idle, and an eviction or a
 * corrupt chunk must still be known after that. Nothing here throws.
 */
export class Diagnostics {
  private area: Area | null = null;
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
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
    this.schedulePersist();
  }

  /** A warning for the user; also counted as an error of `kind`. */
  warn(kind: string, message: string): void {
    this.warnings.push({ at: Date.now(), message: message.slice(0, 4000) });
    if (this.warnings.length > RECENT_LIMIT) this.warnings.shift();
    this.report(kind, message);
  }

  /**
   * Adds what earlier workers counted (stored in `area`) to this one's, and keeps storing the sum. A stored
   * value that is not ours is reported and left alone until the next write replaces it.
   */
  async persistTo(area: Area): Promise<void> {
    try {
      const parsed = persistedSchema.safeParse(
        (await area.get(DIAGNOSTICS_KEY))[DIAGNOSTICS_KEY] ?? {
          errors: {},
          warnings: [],
        },
      );
      if (!parsed.success) {
        this.report('diagnostics-unreadable', parsed.error.issues[0]?.message ?? 'invalid');
        return;
      }
      for (const [kind, n] of Object.entries(parsed.data.errors)) this.errors[kind] = (this.errors[kind] ?? 0) + n;
      this.warnings = [...parsed.data.warnings, ...this.warnings].slice(-RECENT_LIMIT);
    } catch (e) {
      this.report('diagnostics-unreadable', e instanceof Error ? e.message : String(e));
    } finally {
      // Only now: a write before the stored counters were read would replace them with this worker's alone.
      this.area = area;
      if (Object.keys(this.errors).length) this.schedulePersist();
    }
  }

  /** Writes now what a coalesced write would write later (tests; the worker relies on the timer). */
  async flush(): Promise<void> {
    if (this.persistTimer !== null) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    if (!this.area) return;
    const value: Persisted = { errors: { ...this.errors }, warnings: [...this.warnings] };
    await this.area.set({ [DIAGNOSTICS_KEY]: value }).catch(() => {
      // Out of space or storage gone: the counters stay in memory; reporting it would loop.
    });
  }

  private schedulePersist(): void {
    if (!this.area || this.persistTimer !== null) return;
    this.persistTimer = setTimeout(() => void this.flush(), PERSIST_DELAY_MS);
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
