/**
 * URL patterns as users write them in settings (`autoRecord`, propagation targets, body capture):
 * `*` matches any run of characters, everything else is literal, and the pattern must match the whole URL.
 * In the scheme and host part a `*` cannot cross into the path or userinfo, so `https://*.example.com/*`
 * does not match `https://evil.test/x.example.com/` and `http://127.0.0.1:*` does not match
 * `http://127.0.0.1:80@evil.test/`. A pattern without a path (`http://127.0.0.1:*`) matches every path.
 */
const escapeRegex = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const wild = (text: string, star: string) => text.split('*').map(escapeRegex).join(star);

const cache = new Map<string, RegExp>();

export function compileUrlPattern(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const trimmed = pattern.trim();
  const parts = /^([a-z*][a-z0-9+.\-*]*):\/\/([^/]*)(.*)$/i.exec(trimmed);
  const path = parts?.[3] ? wild(parts[3], '.*') : '(?:[/?#].*)?';
  const source = parts
    ? `${wild(parts[1]!, '[a-z][a-z0-9+.-]*')}://${wild(parts[2]!, '[^/?#@]*')}${path}`
    : wild(trimmed, '.*');
  const compiled = new RegExp(`^${source}$`, 'i');
  if (cache.size > 500) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

export function matchesAny(url: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => compileUrlPattern(p).test(url));
}
