/**
 * declarativeNetRequest session rules for one recording tab, scoped with tabIds: X-Session-Replay-Id on
 * every request to the configured URLs (documents, images and cross-origin calls too: DNR headers do not
 * preflight), and optionally a traceparent on document requests, renewed after each navigation.
 * Installed when recording starts (before the tab's next document request), removed when it stops.
 */
import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { compileUrlPattern } from '../../shared/url-match';

export interface DnrApi {
  getSessionRules(): Promise<DeclarativeNetRequest.Rule[]>;
  updateSessionRules(options: DeclarativeNetRequest.UpdateSessionRulesOptionsType): Promise<void>;
}

const ALL_TYPES: DeclarativeNetRequest.ResourceType[] = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'other',
];

export interface TabRules {
  tabId: number;
  replayId: string;
  /** URL patterns (settings syntax) that get X-Session-Replay-Id; the page's origin is always one. */
  urls: string[];
  /** A traceparent for the tab's next document request, or null. */
  documentTraceparent: string | null;
}

/** The RE2 regex DNR needs, from a settings URL pattern (the same matching as everywhere else). */
export function patternToRegexFilter(pattern: string): string {
  return compileUrlPattern(pattern).source;
}

export class DnrRules {
  /** Serialized: rule ids are allocated from what is installed, so two updates must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly api: DnrApi) {}

  install(rules: TabRules): Promise<void> {
    return this.run(async () => {
      const existing = await this.api.getSessionRules();
      const removeRuleIds = existing.filter((r) => r.condition.tabIds?.includes(rules.tabId)).map((r) => r.id);
      let next = Math.max(0, ...existing.map((r) => r.id)) + 1;
      const addRules: DeclarativeNetRequest.Rule[] = [...new Set(rules.urls)].map((url) => ({
        id: next++,
        priority: 1,
        action: {
          type: 'modifyHeaders',
          requestHeaders: [{ header: 'X-Session-Replay-Id', operation: 'set', value: rules.replayId }],
        },
        condition: {
          tabIds: [rules.tabId],
          regexFilter: patternToRegexFilter(url),
          isUrlFilterCaseSensitive: false,
          resourceTypes: ALL_TYPES,
        },
      }));
      if (rules.documentTraceparent) {
        addRules.push({
          id: next++,
          priority: 2,
          action: {
            type: 'modifyHeaders',
            requestHeaders: [{ header: 'traceparent', operation: 'set', value: rules.documentTraceparent }],
          },
          condition: { tabIds: [rules.tabId], resourceTypes: ['main_frame'] },
        });
      }
      await this.api.updateSessionRules({ removeRuleIds, addRules });
    });
  }

  remove(tabId: number): Promise<void> {
    return this.run(async () => {
      const removeRuleIds = (await this.api.getSessionRules())
        .filter((r) => r.condition.tabIds?.includes(tabId))
        .map((r) => r.id);
      if (removeRuleIds.length) await this.api.updateSessionRules({ removeRuleIds });
    });
  }

  private run(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => {});
    return next;
  }
}
