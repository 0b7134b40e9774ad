import { describe, expect, it } from 'vitest';
import { propagationDryRun } from '../../../src/shared/dry-run';
import type { RequestRecord } from '../../../src/shared/model';
import type { PropagationTarget, WrapperConfig } from '../../../src/shared/propagation';
import { compileUrlPattern } from '../../../src/shared/url-match';
import { patternOnSite, siteOf, wrapperConfigForPage } from '../../../src/shared/wrapper-scope';

/** A user's settings as the background sends them to every recording tab: backends of several sites. */
const CONFIG: WrapperConfig = {
  replayId: '0123456789abcdef0123456789abcdef',
  sameOrigin: ['tracecontext', 'baggage', 'sentry'],
  targets: [
    { urls: ['https://api.shop.example/*', 'https://billing.internal.corp/*'], propagators: ['tracecontext'] },
    { urls: ['https://*.shop.example/graphql'], propagators: ['tracecontext', 'baggage'] },
    { urls: ['https://payroll.internal.corp/*'], propagators: ['b3'] },
    { urls: ['http://127.0.0.1:*'], propagators: ['tracecontext'] },
  ],
  blockedOrigins: ['https://cdn.shop.example', 'https://payroll.internal.corp'],
  traceMode: 'request',
  bodies: { urls: ['https://api.shop.example/orders*', 'https://hr.internal.corp/*'], maxBytes: 4096 },
};

describe('siteOf', () => {
  it.each([
    ['app.shop.example', 'shop.example'],
    ['shop.example:8443', 'shop.example'],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['www.example.com.au', 'example.com.au'],
    ['api.example.io', 'example.io'],
    ['localhost:3000', 'loopback'],
    ['127.0.0.1:8080', 'loopback'],
    ['[::1]:80', 'loopback'],
    ['10.0.0.7:80', '10.0.0.7'],
    ['intranet', 'intranet'],
  ])('%s -> %s', (host, site) => expect(siteOf(host)).toBe(site));
});

describe('patternOnSite', () => {
  it.each([
    ['https://api.shop.example/*', true],
    ['https://*.shop.example/*', true],
    ['https://api-*.shop.example:*/v1/*', true],
    ['*api.shop.example*', true],
    ['https://*/*', true], // names no host: matches the page's requests too
    ['https://*.example/*', true], // a top-level domain alone pins down no site
    ['https://billing.internal.corp/*', false],
    ['https://user:pw@billing.internal.corp/*', false],
    ['https://shop.example.internal.corp/*', false],
    ['*billing.internal.corp*', false],
  ])('%s on shop.example: %s', (pattern, expected) => expect(patternOnSite(pattern, 'shop.example')).toBe(expected));
});

describe('wrapperConfigForPage', () => {
  it("keeps the replay id, the same-origin propagators and what is on the page's site; nothing of other sites", () => {
    const scoped = wrapperConfigForPage(CONFIG, 'https://app.shop.example');
    expect(scoped).toEqual({
      replayId: CONFIG.replayId,
      sameOrigin: CONFIG.sameOrigin,
      targets: [
        { urls: ['https://api.shop.example/*'], propagators: ['tracecontext'] },
        { urls: ['https://*.shop.example/graphql'], propagators: ['tracecontext', 'baggage'] },
      ],
      blockedOrigins: ['https://cdn.shop.example'],
      traceMode: 'request',
      bodies: { urls: ['https://api.shop.example/orders*'], maxBytes: 4096 },
    });
    expect(JSON.stringify(scoped)).not.toContain('internal.corp');
    expect(JSON.stringify(scoped)).not.toContain('127.0.0.1');
  });

  it('gives a page on another site none of them', () => {
    const scoped = wrapperConfigForPage(CONFIG, 'https://news.example.org');
    expect(scoped.targets).toEqual([]);
    expect(scoped.blockedOrigins).toEqual([]);
    expect(scoped.bodies.urls).toEqual([]);
    expect(scoped.replayId).toBe(CONFIG.replayId);
  });

  it('keeps local development working: a page on localhost reaches a target on 127.0.0.1', () => {
    expect(wrapperConfigForPage(CONFIG, 'http://localhost:5173').targets).toEqual([
      { urls: ['http://127.0.0.1:*'], propagators: ['tracecontext'] },
    ]);
  });

  it("every URL a kept pattern matched before is one the page's site could request (no pattern is changed)", () => {
    const scoped = wrapperConfigForPage(CONFIG, 'https://app.shop.example');
    for (const t of scoped.targets)
      for (const p of t.urls) expect(CONFIG.targets.some((o) => o.urls.includes(p))).toBe(true);
    expect(compileUrlPattern(scoped.targets[1]!.urls[0]!).test('https://www.shop.example/graphql')).toBe(true);
  });
});

describe('targets on another site than the page', () => {
  const partner = { urls: ['https://api.partner.test/*'], propagators: ['tracecontext' as const] };

  it('reach a page only when the target names it in `pages`, and `pages` itself never reaches the page', () => {
    const config = { ...CONFIG, targets: [{ ...partner, pages: ['https://app.shop.example/*'] }] };
    expect(wrapperConfigForPage(config, 'https://app.shop.example/cart').targets).toEqual([partner]);
    expect(wrapperConfigForPage(config, 'https://news.example.org/').targets).toEqual([]);
    expect(wrapperConfigForPage({ ...CONFIG, targets: [partner] }, 'https://app.shop.example/cart').targets).toEqual(
      [],
    );
  });

  it("keep that target's blocked origin in the page", () => {
    const config = {
      ...CONFIG,
      targets: [{ ...partner, pages: ['https://app.shop.example/*'] }],
      blockedOrigins: ['https://api.partner.test', 'https://payroll.internal.corp'],
    };
    expect(wrapperConfigForPage(config, 'https://app.shop.example/cart').blockedOrigins).toEqual([
      'https://api.partner.test',
    ]);
  });

  it('count in the dry run only for the pages they reach', () => {
    const request = { url: 'https://api.partner.test/v1', api: 'fetch', type: 'xmlhttprequest', method: 'GET' };
    const run = (targets: PropagationTarget[]) =>
      propagationDryRun([request as RequestRecord], ['https://app.shop.example'], targets).preflighted.length;
    expect(run([partner])).toBe(0);
    expect(run([{ ...partner, pages: ['https://app.shop.example/*'] }])).toBe(1);
  });
});
