/**
 * Which response bodies may be kept (`network.bodies`): only for the URL patterns the user opted into, only
 * text types, cut at `maxBytes` characters. The page's wrapper decides with it before it reads a body; the
 * worker decides again before it stores one, since the page can send any body it likes.
 */
import { matchesAny } from './url-match';

export interface BodyRules {
  urls: readonly string[];
  maxBytes: number;
}

const TEXTUAL = /^(text\/|application\/(json|xml|x-www-form-urlencoded|graphql|javascript)|[^;]*\+(json|xml))/i;

export function keepsBody(rules: BodyRules, url: string, contentType: string): boolean {
  return rules.urls.length > 0 && TEXTUAL.test(contentType) && matchesAny(url, rules.urls);
}

export function cutBody(rules: BodyRules, text: string): string {
  return text.length > rules.maxBytes ? text.slice(0, rules.maxBytes) : text;
}
