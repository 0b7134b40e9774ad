/**
 * A page's report that a preflight refused Tandem's headers (`propagation-failed`), checked before it blocks
 * an origin or reaches the panel. The report comes from the page's main world, which page scripts share, so
 * it is a claim: it may block only an origin where Tandem adds headers (one of the user's targets, not the
 * page's own origin), it may name only headers Tandem adds, and the warning it produces is made of those
 * checked parts, never of the page's words. Pure.
 */
import type { PropagationTarget } from '../../shared/propagation';
import { matchesAny } from '../../shared/url-match';

/** Every header the wrapper can add (propagation.ts); no other name can have been refused because of Tandem. */
const TANDEM_HEADERS = new Set([
  'traceparent',
  'baggage',
  'sentry-trace',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-sampled',
  'x-session-replay-id',
]);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Origins one session may block: a page cannot grow the tab's record, and every record order, without end. */
export const MAX_BLOCKED_ORIGINS = 20;

export interface RefusalClaim {
  origin: string;
  url: string;
  method: string;
  headers: string[];
  retried: boolean;
}

export interface Refusal {
  origin: string;
  /** Uppercase, and one of the standard methods; null for any other. */
  method: string | null;
  headers: string[];
  retried: boolean;
}

export interface RefusalContext {
  targets: readonly PropagationTarget[];
  /** The tab's page origins: Tandem's headers never need a preflight there. */
  pageOrigins: ReadonlySet<string>;
}

/** The refusal as far as it can be true, or why it cannot be. */
export function checkRefusal(claim: RefusalClaim, ctx: RefusalContext): Refusal | { rejected: string } {
  let url: URL;
  try {
    url = new URL(claim.url);
  } catch {
    return { rejected: 'unparseable URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { rejected: 'not an http(s) URL' };
  if (url.origin !== claim.origin) return { rejected: 'origin is not the URL’s' };
  if (ctx.pageOrigins.has(url.origin)) return { rejected: 'the page’s own origin' };
  if (!ctx.targets.some((t) => matchesAny(url.href, t.urls))) return { rejected: 'no propagation target' };
  const headers = [...new Set(claim.headers.map((h) => h.toLowerCase()))];
  if (headers.length === 0 || !headers.every((h) => TANDEM_HEADERS.has(h))) return { rejected: 'not Tandem’s headers' };
  const method = claim.method.toUpperCase();
  return { origin: url.origin, method: METHODS.has(method) ? method : null, headers, retried: claim.retried };
}

/** What the user is told: only checked parts (an origin one of their targets covers, Tandem's header names). */
export function refusalMessage({ origin, method, headers, retried }: Refusal): string {
  const names = headers.join(', ');
  return (
    `${method ? `A ${method} request` : 'A request'} to ${origin} failed after Tandem added ${names}: ` +
    "the server's CORS preflight does not allow them. " +
    `Tandem stopped adding headers for ${origin} in this session` +
    (retried
      ? ' and sent the request again without them. '
      : ' (this request was not retried: only GET and HEAD requests are, and not synchronous XHR). ') +
    `To fix it, answer OPTIONS from ${origin} with "Access-Control-Allow-Headers: ${names}" ` +
    `(or remove ${origin} from the propagation targets).`
  );
}
