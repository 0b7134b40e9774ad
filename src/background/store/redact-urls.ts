/**
 * The session record's URLs (`firstUrl`, `urls`) come from the tab and from every batch's page: they are
 * stored redacted (shared/redact.ts), whoever sent them. Read before a transaction opens: an IndexedDB
 * transaction commits at the first idle await.
 */
import { DEFAULT_REDACTED_QUERY_PARAMS, redactUrl } from '../../shared/redact';

export type RedactUrl = (url: string) => Promise<string>;

export function urlRedaction(
  params: () => Promise<readonly string[]> = async () => DEFAULT_REDACTED_QUERY_PARAMS,
): RedactUrl {
  return async (url) => (url ? redactUrl(url, await params()) : url);
}
