import type { DiagnosticsSnapshot } from '../shared/protocol';

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

  report(kind: string, message: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    this.recent.push({ at: Date.now(), kind, message: message.slice(0, 500) });
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
    console.warn(`[tandem] ${kind}: ${message}`);
  }

  setSettingsProblems(problems: string[]): void {
    this.settingsProblems = problems;
    for (const p of problems) this.report('invalid-settings', p);
  }

  snapshot(): DiagnosticsSnapshot {
    return { bootedAt: this.bootedAt, errors: { ...this.errors }, recent: [...this.recent], settingsProblems: [...this.settingsProblems] };
  }
}
