/**
 * A replayed page names the recorded site's images, fonts and stylesheets by URL, and the replay iframe
 * would fetch them from the extension's origin: requests to that site (and to every third party it embeds)
 * each time a session is watched. With `privacy.replayRemoteResources` off, the events handed to the
 * Replayer carry no remote URL: attributes that load something lose it, and CSS `url()`/`@import` point
 * nowhere. data: and blob: URLs (what rrweb inlines itself) are kept. Pure and copy-on-write: the stored
 * events, which the lists and the timeline also read, are never changed.
 */

/** Attributes through which an element loads something. */
const LOADING_ATTRIBUTES = new Set([
  'src',
  'srcset',
  'href',
  'poster',
  'background',
  'data',
  'xlink:href',
  'imagesrcset',
  'action',
  'formaction',
]);
/** Keys whose string values are CSS: inline styles, rrweb's inlined stylesheets, stylesheet rule events. */
const CSS_KEYS = new Set(['style', '_cssText', 'rule', 'cssText']);

const REMOTE = /^\s*(?:https?:)?\/\//i;
const CSS_URL = /url\(\s*(['"]?)\s*(?:https?:)?\/\/[^)]*?\1\s*\)/gi;
const CSS_IMPORT = /@import\s+(['"])\s*(?:https?:)?\/\/[^'"]*\1/gi;
export const BLOCKED_URL = 'about:invalid#tandem-remote-resource';

function blockCss(css: string): string {
  if (!css.includes('//')) return css;
  return css.replace(CSS_URL, `url("${BLOCKED_URL}")`).replace(CSS_IMPORT, `@import "${BLOCKED_URL}"`);
}

function isRemote(value: string, key: string): boolean {
  if (key === 'srcset' || key === 'imagesrcset') return value.split(',').some((candidate) => REMOTE.test(candidate));
  return REMOTE.test(value);
}

function rewrite(value: unknown, key: string, cssText: boolean): unknown {
  if (typeof value === 'string') {
    if (LOADING_ATTRIBUTES.has(key) && isRemote(value, key)) return BLOCKED_URL;
    if (CSS_KEYS.has(key) || cssText) return blockCss(value);
    return value;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const next = rewrite(value[i], key, false);
      if (next === value[i]) continue;
      out ??= [...value];
      out[i] = next;
    }
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // A <style> element's text node (rrweb marks it isStyle) holds a stylesheet.
    const styleText = record.isStyle === true;
    let out: Record<string, unknown> | null = null;
    for (const k of Object.keys(record)) {
      const next = rewrite(record[k], k, styleText && k === 'textContent');
      if (next === record[k]) continue;
      out ??= { ...record };
      out[k] = next;
    }
    return out ?? value;
  }
  return value;
}

/** The event without remote resource URLs; the same object when it had none. */
export function withoutRemoteResources<T>(event: T): T {
  return rewrite(event, '', false) as T;
}
