/**
 * Fetches traces from the configured backends: at most `concurrency` requests at once (urgent ones first),
 * each with a time limit, and a trace that is not there yet tried again with growing pauses for
 * `retryForSeconds` (backends ingest late). Every outcome updates its own source's status and nothing else.
 * Source headers (secrets) go into the request only, never into a message.
 */
import type { TracesSettings, TraceSourceConfig } from '../../shared/settings';
import {
  classifyResponse,
  type FetchOutcome,
  isRetryableFor,
  probeUrl,
  SENTRY_AUTH_MESSAGE,
  traceUrl,
  versionFrom,
} from '../../shared/traces/sources';
import { SENTRY_PAGE_SIZE, sentryHasMorePages } from '../../shared/traces/sentry-api';
import { Limiter } from './limiter';
import { SourceStatuses } from './source-statuses';

export interface FetcherDeps {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
  /** Waits between attempts (tests pass one that moves a fake clock). */
  sleep: (ms: number) => Promise<void>;
  /** The largest answer read (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

/** A trace answer larger than this is refused: a backend's error page or a runaway trace must not fill the worker. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type FetchSettings = TracesSettings['fetch'];

/** One attempt's outcome, and whether another attempt could change it. */
export interface Attempt {
  outcome: FetchOutcome;
  retryable: boolean;
}

/** What a caller can follow and change while a trace is being fetched. */
export interface FetchControl {
  /** Read while an attempt waits for a slot: the panel asking for a trace moves it ahead of background work. */
  urgent: () => boolean;
  /** Called after every attempt. */
  onAttempt?: (attempt: Attempt, willRetry: boolean) => void;
}

const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 8000;

/** The pause before retry number `n` (0-based): 1, 2, 4, 8, 8... seconds. */
export const retryPause = (n: number): number => Math.min(FIRST_PAUSE_MS * 2 ** n, MAX_PAUSE_MS);

/** Why a fetch failed without an HTTP answer, without the request (its headers) in the text. */
function networkMessage(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const text = error instanceof Error ? error.message : String(error);
  return typeof cause === 'string' ? `${text} (${cause})` : text;
}

export class TraceFetcher {
  readonly statuses: SourceStatuses;
  private readonly limiter: Limiter;

  constructor(private readonly deps: FetcherDeps) {
    this.statuses = new SourceStatuses(deps.now);
    this.limiter = new Limiter(4);
  }

  /** Fetches one trace from one source, retrying what time can change until `retryForSeconds` have passed. */
  async fetchTrace(
    source: TraceSourceConfig,
    traceId: string,
    settings: FetchSettings,
    control: FetchControl,
  ): Promise<FetchOutcome> {
    const start = this.deps.now();
    for (let n = 0; ; n++) {
      this.limiter.setLimit(settings.concurrency);
      const attempt = await this.limiter.run(() => this.attempt(source, traceId, settings.timeoutMs), control.urgent);
      const pause = retryPause(n);
      const willRetry = attempt.retryable && this.deps.now() - start + pause <= settings.retryForSeconds * 1000;
      control.onAttempt?.(attempt, willRetry);
      if (!willRetry) return attempt.outcome;
      await this.deps.sleep(pause);
    }
  }

  /** Asks a source something cheap, for its status (reachable, version). */
  async probe(source: TraceSourceConfig, timeoutMs: number): Promise<void> {
    const answer = await this.request(source, probeUrl(source), timeoutMs);
    if ('error' in answer) return;
    if (answer.status >= 200 && answer.status <= 299) {
      const version = versionFrom(answer.body);
      this.statuses.record(source, { kind: 'answered', spans: 0, ...(version ? { version } : {}) });
    } else {
      const refused = source.kind === 'sentry' && (answer.status === 401 || answer.status === 403);
      const message = refused ? SENTRY_AUTH_MESSAGE(answer.status) : `HTTP ${answer.status} from ${probeUrl(source)}`;
      this.statuses.record(source, { kind: 'failed', message });
    }
  }

  /** One request for one trace; records the source's status. */
  private async attempt(source: TraceSourceConfig, traceId: string, timeoutMs: number): Promise<Attempt> {
    const answer = await this.request(source, traceUrl(source, traceId), timeoutMs);
    if ('error' in answer) return { outcome: { kind: 'error', message: answer.error }, retryable: !answer.answered };
    const outcome = classifyResponse(source.kind, traceId, answer.status, answer.body);
    if (outcome.kind === 'error') {
      this.statuses.record(source, { kind: 'failed', message: outcome.message });
      // A malformed or refused payload will not mend itself; an overloaded or restarting backend may.
      return { outcome, retryable: answer.status !== 200 && isRetryableFor(source.kind, answer.status) };
    }
    // Only Sentry's first page is read: say so rather than show a trace cut short without a word.
    if (outcome.kind === 'found' && source.kind === 'sentry' && sentryHasMorePages(answer.link)) {
      const more = `Sentry holds more than ${SENTRY_PAGE_SIZE} spans for this trace; only the first were read`;
      outcome.warnings.push(more);
    }
    const spans = outcome.kind === 'found' ? outcome.traces.reduce((n, t) => n + t.spans.length, 0) : 0;
    this.statuses.record(source, { kind: 'answered', spans });
    return { outcome, retryable: outcome.kind === 'not-found' };
  }

  /** A GET with the source's headers and a time limit covering the body too; a network failure is recorded. */
  private async request(
    source: TraceSourceConfig,
    url: string,
    timeoutMs: number,
  ): Promise<{ status: number; body: string; link: string | null } | { error: string; answered: boolean }> {
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    try {
      const response = await this.deps.fetch(url, {
        headers: { Accept: 'application/json', ...source.headers },
        signal: abort.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      const limit = this.deps.maxBodyBytes ?? MAX_BODY_BYTES;
      const declared = Number(response.headers.get('content-length') ?? 0);
      const body = declared > limit ? null : await response.text();
      if (body === null || body.length > limit) {
        abort.abort();
        const message = `the answer is larger than ${limit} bytes`;
        this.statuses.record(source, { kind: 'failed', message });
        return { error: message, answered: true };
      }
      return { status: response.status, body, link: response.headers.get('link') };
    } catch (error) {
      const message = networkMessage(error, timedOut, timeoutMs);
      this.statuses.record(source, { kind: 'unreachable', message });
      return { error: message, answered: false };
    } finally {
      clearTimeout(timer);
    }
  }
}
