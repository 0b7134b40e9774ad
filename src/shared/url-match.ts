/**
 * URL patterns as users write them in settings (`autoRecord`, later propagation targets):
 * `*` matches any run of characters, everything else is literal, and the pattern must match the whole URL.
 * `http://127.0.0.1:*` also matches `http://127.0.0.1:8080/` — a pattern without a path matches every path.
 */
export function compileUrlPattern(pattern: string): RegExp {
  const trimmed = pattern.trim();
  const withPath = /^[a-z*]+:\/\/[^/]*$/i.test(trimmed) ? `${trimmed}/*` : trimmed;
  const source = withPath
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}

export function matchesAny(url: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => compileUrlPattern(p).test(url));
}
