/**
 * What of the wrapper's configuration a page may hold. The MAIN-world wrapper runs where page scripts can read
 * it (its memory, and the `tandem:wrapper` stash in the page's sessionStorage), so it gets only what its own
 * requests can use: the replay id and same-origin propagators, and of the propagation targets, body patterns
 * and blocked origins only those on the page's own site, or targets whose `pages` name the page. The user's
 * other backends never reach a page. Pure; imports no zod (it runs in the recorder of every page).
 */
import type { PropagationTarget, WrapperConfig } from './propagation';
import { matchesAny } from './url-match';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** A second-level label under a two-letter country code that is a registry's, not a site's: co.uk, com.au. */
const SHORT_SECOND_LEVEL = /^[a-z]{2,3}$/;

/**
 * The site of a host, approximated without the public suffix list: its last two labels, three under a
 * country code with a short second level (example.co.uk). Loopback hosts are one site, as local development
 * serves one app from several ports and names. IP addresses are their own site.
 */
export function siteOf(host: string): string {
  const h = host.toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
  if (LOOPBACK.test(h)) return 'loopback';
  if (/^\[.*\]$/.test(h) || /^\d{1,3}(\.\d{1,3}){3}$/.test(h)) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const [second, top] = labels.slice(-2) as [string, string];
  const keep = top.length === 2 && SHORT_SECOND_LEVEL.test(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The host part of a URL pattern (`https://*.example.com:*\/api/*`), or null when it names none. */
function patternHost(pattern: string): string | null {
  const parts = /^[a-z*][a-z0-9+.\-*]*:\/\/([^/?#]*)/i.exec(pattern.trim());
  // A pattern without a scheme (`*api.example.com*`): the first thing in it that looks like a host name.
  const host = parts ? parts[1]! : (/[a-z0-9-]+(\.[a-z0-9-]+)+/i.exec(pattern)?.[0] ?? '');
  const bare = host.replace(/^.*@/, '').replace(/:[\d*]*$/, '');
  // What follows the last wildcard is what the pattern pins down: `*.example.com` -> example.com.
  const fixed = bare.slice(bare.lastIndexOf('*') + 1).replace(/^[.-]+/, '');
  return fixed.includes('.') || (fixed && !bare.includes('*')) ? fixed : null;
}

/** Whether a URL pattern can match a URL on the page's site; a pattern that names no host matches anywhere. */
export function patternOnSite(pattern: string, pageSite: string): boolean {
  const host = patternHost(pattern);
  return host === null || siteOf(host) === pageSite;
}

/** The site of a page URL, or null when it has no host (then nothing of other origins is kept). */
function pageSite(pageUrl: string): string | null {
  try {
    const { host } = new URL(pageUrl);
    return host ? siteOf(host) : null;
  } catch {
    return null;
  }
}

/**
 * The targets a page's requests may get: a target with `pages` whole when one of them matches the page; one
 * without, with only its URL patterns on the page's site. `pages` itself is left out: it names other sites.
 */
export function targetsForPage(targets: readonly PropagationTarget[], pageUrl: string): PropagationTarget[] {
  const site = pageSite(pageUrl);
  return targets.flatMap((t) => {
    const urls = t.pages?.length
      ? matchesAny(pageUrl, t.pages)
        ? t.urls
        : []
      : t.urls.filter((p) => site !== null && patternOnSite(p, site));
    return urls.length ? [{ urls, propagators: t.propagators }] : [];
  });
}

/** The configuration the wrapper of the page at `pageUrl` is given (see the top of this file). */
export function wrapperConfigForPage(config: WrapperConfig, pageUrl: string): WrapperConfig {
  const targets = targetsForPage(config.targets, pageUrl);
  const site = pageSite(pageUrl);
  // A blocked origin is the page's business only if one of its targets could reach it.
  const reachable = (origin: string) =>
    (site !== null && patternOnSite(origin, site)) || targets.some((t) => matchesAny(`${origin}/`, t.urls));
  return {
    replayId: config.replayId,
    sameOrigin: config.sameOrigin,
    targets,
    blockedOrigins: config.blockedOrigins.filter(reachable),
    traceMode: config.traceMode,
    bodies: {
      urls: config.bodies.urls.filter((p) => site !== null && patternOnSite(p, site)),
      maxBytes: config.bodies.maxBytes,
    },
  };
}
