/**
 * Each trace source's live connection status, kept in the worker's memory (a restarted worker starts
 * from `unknown`). One source's answers touch only its own status.
 */
import type { TraceSourceStatus } from '../../shared/protocol';

/** What a status is kept for: a configured source, or Spotlight's pseudo source. */
export type SourceConfig = Pick<TraceSourceStatus, 'id' | 'kind' | 'name' | 'baseUrl' | 'enabled'>;

/** What one request to a source came to, for its status. */
export type SourceEvent =
  | { kind: 'answered'; spans: number; version?: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'failed'; message: string };

type Health = Omit<TraceSourceStatus, 'id' | 'kind' | 'name' | 'baseUrl' | 'enabled'>;

const UNKNOWN: Health = { state: 'unknown', reachable: null, spansReceived: 0 };

export class SourceStatuses {
  /** By source id, with the base URL and kind it was measured on: a changed source starts over. */
  private readonly health = new Map<string, { at: string; health: Health }>();

  constructor(private readonly now: () => number) {}

  record(source: SourceConfig, event: SourceEvent): void {
    const previous = this.of(source);
    const at = this.now();
    const next: Health =
      event.kind === 'answered'
        ? {
            ...previous,
            state: 'ok',
            reachable: true,
            lastSuccessAt: at,
            spansReceived: previous.spansReceived + event.spans,
            ...(event.version ? { version: event.version } : {}),
          }
        : {
            ...previous,
            state: event.kind === 'unreachable' ? 'unreachable' : 'failing',
            reachable: event.kind !== 'unreachable',
            lastError: event.message,
            lastErrorAt: at,
          };
    this.health.set(source.id, { at: where(source), health: next });
  }

  /** The status of each configured source, in the settings' order; never its headers. */
  list(sources: readonly SourceConfig[]): TraceSourceStatus[] {
    return sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      ...(s.name ? { name: s.name } : {}),
      baseUrl: s.baseUrl,
      enabled: s.enabled,
      ...this.of(s),
    }));
  }

  private of(source: SourceConfig): Health {
    const known = this.health.get(source.id);
    return known && known.at === where(source) ? known.health : UNKNOWN;
  }
}

const where = (source: SourceConfig) => `${source.kind} ${source.baseUrl}`;
