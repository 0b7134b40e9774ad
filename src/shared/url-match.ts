/**
 * URL patterns as users write them in settings (`autoRecord`, propagation targets, body capture):
 * `*` matches any run of characters, everything else is literal, and the pattern must match the whole URL.
 * In the scheme and host part a `*` cannot cross into the path or userinfo, so `https://*.example.com/*`
 * does not match `https://evil.test/x.example.com/` and `http://127.0.0.1:*` does not match
 * `http://127.0.0.1:80@evil.test/`. A pattern without a path (`http://127.0.0.1:*`) matches every path.
 *
 * The pattern is written as a regex (`source`, what declarativeNetRequest's RE2 gets), but matched here by
 * a scan that keeps every position of the pattern the URL could have reached: JavaScript's backtracking
 * regex tries every split of the URL between the wildcards, which took 22 s for a three-wildcard pattern
 * and a 4,000-character URL, and URLs are chosen by the page.
 */
import { type Step, runSteps, stepsOf } from './url-match-steps';

const escapeRegex = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const wild = (text: string, star: string) => text.split('*').map(escapeRegex).join(star);

export interface UrlPattern {
  /** The pattern as an anchored, case-insensitive regex source with no lookaround or backreference (RE2). */
  readonly source: string;
  /** Whether the whole URL matches; linear in the URL's length for a given pattern. */
  test(url: string): boolean;
}

const cache = new Map<string, UrlPattern>();

function compile(pattern: string): UrlPattern {
  const trimmed = pattern.trim();
  const parts = /^([a-z*][a-z0-9+.\-*]*):\/\/([^/]*)(.*)$/i.exec(trimmed);
  const path = parts?.[3] ? wild(parts[3], '.*') : '(?:[/?#].*)?';
  const source = parts
    ? `${wild(parts[1]!, '[a-z][a-z0-9+.-]*')}://${wild(parts[2]!, '[^/?#@]*')}${path}`
    : wild(trimmed, '.*');
  const steps: Step[] = parts
    ? [
        ...stepsOf(parts[1]!, 'scheme'),
        ...stepsOf('://', 'any'),
        ...stepsOf(parts[2]!, 'host'),
        ...stepsOf(parts[3]!, 'any'),
      ]
    : stepsOf(trimmed, 'any');
  // With no path, the pattern also matches a URL that goes on with a path, query or fragment.
  const anyPath = parts !== null && !parts[3];
  return { source: new RegExp(`^${source}$`, 'i').source, test: (url) => runSteps(steps, url, anyPath) };
}

export function compileUrlPattern(pattern: string): UrlPattern {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = compile(pattern);
  if (cache.size > 500) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

export function matchesAny(url: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => compileUrlPattern(p).test(url));
}
