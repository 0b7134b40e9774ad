import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { DnrRules, patternToRegexFilter, type TabRules } from '../../../../src/background/network/dnr';
import { compileUrlPattern } from '../../../../src/shared/url-match';
import { SESSION_A, SESSION_B } from '../../fixtures/db';
import { FakeDnrApi, TAB } from '../../fixtures/network-fakes';

const OTHER_TAB = 6;
const DOC_TRACEPARENT = '00-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-01';

const tabRules = (overrides: Partial<TabRules> = {}): TabRules => ({
  tabId: TAB,
  replayId: SESSION_A,
  urls: ['http://127.0.0.1:8080/*', 'https://api.shop.test/*'],
  documentTraceparent: null,
  ...overrides,
});

const replayIdOf = (rule: DeclarativeNetRequest.Rule) =>
  rule.action.requestHeaders?.find((h) => h.header === 'X-Session-Replay-Id')?.value;

describe('patternToRegexFilter', () => {
  const URLS = [
    'http://127.0.0.1:8080/',
    'http://127.0.0.1:8080/api/cart?x=1',
    'http://127.0.0.1:9090/api/cart',
    'http://127.0.0.1:80@evil.test/',
    'https://api.shop.test/v1/cart',
    'https://API.SHOP.TEST/v1/cart',
    'https://eu.api.shop.test/v1/cart',
    'https://evil.test/x.shop.test/',
    'https://a.shop.test@evil.test/',
    'http://api.shop.test/v1/cart',
    'https://api.shop.test.evil.test/v1/cart',
  ];

  it.each([
    'http://127.0.0.1:8080/*',
    'http://127.0.0.1:*',
    'https://*.shop.test/*',
    'https://api.shop.test/v1/*',
    '*://api.shop.test/*',
  ])('turns %s into a regex that matches exactly the URLs the settings pattern matches', (pattern) => {
    const filter = patternToRegexFilter(pattern);
    // DNR compiles it with RE2 and isUrlFilterCaseSensitive: false.
    const regex = new RegExp(filter, 'i');
    expect(URLS.map((u) => [u, regex.test(u)])).toEqual(URLS.map((u) => [u, compileUrlPattern(pattern).test(u)]));
    expect(URLS.some((u) => regex.test(u))).toBe(true);
  });

  it('matches the page origin pattern and nothing beyond it', () => {
    const regex = new RegExp(patternToRegexFilter('http://127.0.0.1:8080/*'), 'i');
    expect(regex.test('http://127.0.0.1:8080/api/cart?x=1')).toBe(true);
    expect(regex.test('http://127.0.0.1:9090/api/cart')).toBe(false);
    expect(regex.test('http://127.0.0.1:80@evil.test/')).toBe(false);
  });

  it('is anchored and uses nothing RE2 lacks (lookaround, backreferences)', () => {
    for (const pattern of ['https://*.shop.test/*', 'http://127.0.0.1:*']) {
      const filter = patternToRegexFilter(pattern);
      expect(filter.startsWith('^') && filter.endsWith('$')).toBe(true);
      expect(filter).not.toMatch(/\(\?[=!<]|\\[1-9]/);
    }
  });
});

describe('DnrRules (fake in-memory DNR session rules)', () => {
  it('adds one X-Session-Replay-Id rule per URL pattern, scoped to the tab, for every resource type', async () => {
    const api = new FakeDnrApi();
    await new DnrRules(api).install(
      tabRules({ urls: ['http://127.0.0.1:8080/*', 'https://api.shop.test/*', 'http://127.0.0.1:8080/*'] }),
    );

    expect(api.rules).toHaveLength(2);
    for (const [i, rule] of api.rules.entries()) {
      expect(rule.action).toEqual({
        type: 'modifyHeaders',
        requestHeaders: [{ header: 'X-Session-Replay-Id', operation: 'set', value: SESSION_A }],
      });
      expect(rule.condition.tabIds).toEqual([TAB]);
      expect(rule.condition.isUrlFilterCaseSensitive).toBe(false);
      expect(rule.condition.resourceTypes).toEqual(
        expect.arrayContaining(['main_frame', 'sub_frame', 'xmlhttprequest', 'script', 'image', 'ping']),
      );
      expect(rule.condition.regexFilter).toBe(
        patternToRegexFilter(['http://127.0.0.1:8080/*', 'https://api.shop.test/*'][i]!),
      );
    }
    expect(api.rules.some((r) => r.action.requestHeaders?.some((h) => h.header === 'traceparent'))).toBe(false);
  });

  it('adds a traceparent rule for main_frame requests only when a document traceparent is given', async () => {
    const api = new FakeDnrApi();
    await new DnrRules(api).install(tabRules({ documentTraceparent: DOC_TRACEPARENT }));

    const doc = api.rules.filter((r) => r.action.requestHeaders?.some((h) => h.header === 'traceparent'));
    expect(doc).toHaveLength(1);
    expect(doc[0]!.action.requestHeaders).toEqual([
      { header: 'traceparent', operation: 'set', value: DOC_TRACEPARENT },
    ]);
    expect(doc[0]!.condition).toEqual({ tabIds: [TAB], resourceTypes: ['main_frame'] });
    expect(api.rules).toHaveLength(3);
  });

  it("replaces the tab's old rules and leaves other tabs' rules alone, with ids never reused at once", async () => {
    const api = new FakeDnrApi();
    const rules = new DnrRules(api);
    await rules.install(tabRules({ tabId: OTHER_TAB, replayId: SESSION_B }));
    await rules.install(tabRules({ documentTraceparent: DOC_TRACEPARENT }));
    const other = structuredClone(api.ofTab(OTHER_TAB));
    const oldIds = api.ofTab(TAB).map((r) => r.id);

    await rules.install(tabRules({ urls: ['http://127.0.0.1:8080/*'], documentTraceparent: null }));

    expect(api.ofTab(OTHER_TAB)).toEqual(other);
    expect(api.ofTab(TAB)).toHaveLength(1);
    expect(replayIdOf(api.ofTab(TAB)[0]!)).toBe(SESSION_A);
    expect(api.updates.at(-1)!.removeRuleIds).toEqual(oldIds);
    const ids = api.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id >= 1)).toBe(true);
  });

  it("remove(tabId) removes that tab's rules only", async () => {
    const api = new FakeDnrApi();
    const rules = new DnrRules(api);
    await rules.install(tabRules({ documentTraceparent: DOC_TRACEPARENT }));
    await rules.install(tabRules({ tabId: OTHER_TAB, replayId: SESSION_B }));

    await rules.remove(TAB);

    expect(api.ofTab(TAB)).toEqual([]);
    expect(api.ofTab(OTHER_TAB)).toHaveLength(2);
    expect(api.rules.map(replayIdOf)).toEqual([SESSION_B, SESSION_B]);
  });

  it('does not call updateSessionRules to remove a tab that has no rules', async () => {
    const api = new FakeDnrApi();
    const update = vi.spyOn(api, 'updateSessionRules');
    await new DnrRules(api).remove(TAB);
    expect(update).not.toHaveBeenCalled();
  });

  it('serializes concurrent installs: no two rules get the same id, and the last install of a tab wins', async () => {
    const api = new FakeDnrApi();
    const rules = new DnrRules(api);

    await Promise.all([
      rules.install(tabRules()),
      rules.install(tabRules({ tabId: OTHER_TAB, replayId: SESSION_B })),
      rules.install(tabRules({ urls: ['http://127.0.0.1:8080/*'], replayId: 'cccccccccccccccccccccccccccccccc' })),
      rules.install(tabRules({ tabId: 7, documentTraceparent: DOC_TRACEPARENT })),
    ]);

    const ids = api.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(api.ofTab(TAB).map(replayIdOf)).toEqual(['cccccccccccccccccccccccccccccccc']);
    expect(api.ofTab(OTHER_TAB)).toHaveLength(2);
    expect(api.ofTab(7)).toHaveLength(3);
  });

  it('keeps working after a failed update (the failure reaches only its caller)', async () => {
    const api = new FakeDnrApi();
    const rules = new DnrRules(api);
    api.failNext = new Error('Rule with id 1 specifies an incorrect value for the "regexFilter" key.');

    const failed = rules.install(tabRules());
    const next = rules.install(tabRules({ tabId: OTHER_TAB }));

    await expect(failed).rejects.toThrow(/regexFilter/);
    await next;
    expect(api.ofTab(OTHER_TAB)).toHaveLength(2);
  });
});
