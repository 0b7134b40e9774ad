/**
 * Secrets never reach storage: sensitive header values and query parameters are replaced before a
 * request record is written. Pure, so the rules are tested on their own.
 */
export const REDACTED = '[redacted]';
export const ALWAYS_REDACTED_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key'];

export function redactHeaders(
  headers: ReadonlyArray<{ name: string; value?: string }>,
  extra: readonly string[],
): Record<string, string> {
  const secret = redactedNames(extra);
  // A Map, not an object: header names such as `constructor` or `__proto__` are data here.
  const out = new Map<string, string>();
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    const shown = secret.has(key) ? REDACTED : (value ?? '');
    // Repeated headers (set-cookie, server-timing) are joined, as fetch's Headers does.
    const seen = out.get(key);
    out.set(key, seen === undefined ? shown : `${seen}, ${shown}`);
  }
  return Object.fromEntries(out);
}

export function redactedNames(extra: readonly string[]): Set<string> {
  return new Set([...ALWAYS_REDACTED_HEADERS, ...extra.map((h) => h.toLowerCase())]);
}

export function redactUrl(url: string, params: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const secret = new Set(params.map((p) => p.toLowerCase()));
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (secret.has(key.toLowerCase())) {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  // Credentials in the URL are secrets too.
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
    changed = true;
  }
  return changed ? parsed.href : url;
}
