/**
 * The response body a request record keeps: the page's wrapper sends bodies, and the page is not trusted to
 * have applied `network.bodies`, so the worker checks the URL, the type (the one webRequest saw when it saw
 * one) and the length again, and removes JWTs and bearer tokens from what it keeps.
 */
import { cutBody, keepsBody, type BodyRules } from '../../shared/body-capture';
import type { RequestRecord } from '../../shared/model';
import { redactShapes } from '../../shared/redact';
import type { Observation, WrapperRecord } from './observation';

export type { BodyRules } from '../../shared/body-capture';

export function keptBody(
  obs: Observation | null,
  wrapper: WrapperRecord | null,
  rules: BodyRules,
): Pick<RequestRecord, 'responseBody' | 'responseType'> {
  if (wrapper?.responseBody === undefined) return {};
  const seenType = obs?.responseHeaders.find((h) => h.name.toLowerCase() === 'content-type')?.value;
  const type = seenType ?? wrapper.responseType ?? '';
  // The wrapper's URL is the one the page asked for; webRequest's is where a redirect ended.
  const urlAllowed = [wrapper.url, obs?.url].some((url) => url !== undefined && keepsBody(rules, url, type));
  if (!urlAllowed) return {};
  return { responseBody: redactShapes(cutBody(rules, wrapper.responseBody)), responseType: type };
}
