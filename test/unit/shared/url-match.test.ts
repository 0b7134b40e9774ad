import { describe, expect, it } from 'vitest';
import { compileUrlPattern, matchesAny } from '../../../src/shared/url-match';

const matches = (pattern: string, url: string) => compileUrlPattern(pattern).test(url);

describe('compileUrlPattern', () => {
  it.each([
    ['http://127.0.0.1:*', 'http://127.0.0.1:8080/shop?x=1'],
    ['http://127.0.0.1:*', 'http://127.0.0.1:3000/'],
    ['https://shop.example.com', 'https://shop.example.com/'],
    ['https://shop.example.com', 'https://shop.example.com/cart/checkout?step=2#pay'],
    ['https://*.example.com/*', 'https://shop.example.com/cart'],
    ['https://*', 'https://anything.test/'],
    ['*://localhost:*/app/*', 'http://localhost:5173/app/orders'],
    ['https://shop.example.com/cart', 'https://shop.example.com/cart'],
    ['https://shop.example.com/search?q=*', 'https://shop.example.com/search?q=tea'],
    ['file:///home/me/*.html', 'file:///home/me/report.html'],
  ])('%s matches %s', (pattern, url) => {
    expect(matches(pattern, url)).toBe(true);
  });

  it.each([
    // A host that only starts with the pattern's host is another host.
    ['http://127.0.0.1:*', 'http://127.0.0.10:80/'],
    ['http://127.0.0.1:*', 'https://127.0.0.1:8080/'],
    ['https://shop.example.com', 'https://shop.example.com.evil.test/'],
    // `.` is literal, not "any character".
    ['https://shop.example.com/*', 'https://shopXexampleYcom/'],
    // `?` is literal, not "optional".
    ['https://shop.example.com/search?q=*', 'https://shop.example.com/searcq=tea'],
    ['https://shop.example.com/search?q=*', 'https://shop.example.com/searchq=tea'],
    // Other regex characters are literal too.
    ['https://a.test/(x|y)+', 'https://a.test/x'],
    ['https://a.test/[ab]', 'https://a.test/a'],
    ['https://a.test/$price^', 'https://a.test/'],
    // The whole URL must match: a pattern with a path is not a prefix or a substring.
    ['https://shop.example.com/cart', 'https://shop.example.com/cart/checkout'],
    ['https://shop.example.com/cart', 'https://evil.test/?next=https://shop.example.com/cart'],
    ['shop.example.com', 'https://shop.example.com/'],
  ])('%s does not match %s', (pattern, url) => {
    expect(matches(pattern, url)).toBe(false);
  });

  it('matches regex characters in patterns literally when the URL has them', () => {
    expect(matches('https://a.test/(x|y)+', 'https://a.test/(x|y)+')).toBe(true);
    expect(matches('https://a.test/[ab]', 'https://a.test/[ab]')).toBe(true);
    expect(matches('https://a.test/$price^', 'https://a.test/$price^')).toBe(true);
    expect(matches('https://a.test/a\\b', 'https://a.test/a\\b')).toBe(true);
  });

  it('ignores case, as scheme and host do', () => {
    expect(matches('HTTP://Shop.Example.COM', 'http://shop.example.com/')).toBe(true);
    expect(matches('http://shop.example.com/*', 'HTTP://SHOP.EXAMPLE.COM/CART')).toBe(true);
  });

  it('ignores whitespace around the pattern (pasted into the settings box)', () => {
    expect(matches('  http://127.0.0.1:*  ', 'http://127.0.0.1:8080/')).toBe(true);
  });

  it('treats several wildcards independently', () => {
    expect(matches('https://*.example.com/*/checkout', 'https://shop.example.com/eu/checkout')).toBe(true);
    expect(matches('https://*.example.com/*/checkout', 'https://shop.example.com/eu/cart')).toBe(false);
  });
});

describe('compileUrlPattern on hostile URLs', () => {
  // The page chooses its URLs. A backtracking regex tried every split of the URL between the wildcards:
  // 22 s for this path pattern and a 4,000-character URL, minutes for the host one.
  const BUDGET_MS = 1000;

  it.each([
    ['https://a.test/*/*/*x', `https://a.test/${'/'.repeat(4000)}`],
    ['https://*.*.*.*x.example.com', `https://${'.'.repeat(1000)}/`],
    ['*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(4000)],
  ])('%s against a long URL that almost matches: no match, at once', (pattern, url) => {
    const start = performance.now();
    expect(matches(pattern, url)).toBe(false);
    expect(performance.now() - start).toBeLessThan(BUDGET_MS);
  });

  it('still matches such URLs when they do match', () => {
    expect(matches('https://a.test/*/*/*x', `https://a.test/${'/'.repeat(4000)}x`)).toBe(true);
    expect(matches('https://*.*.*.*x.example.com', `https://${'.'.repeat(1000)}x.example.com/`)).toBe(true);
  });
});

describe('matchesAny', () => {
  it('is true when one pattern of the list matches', () => {
    expect(matchesAny('http://localhost:3000/', ['https://shop.example.com', 'http://localhost:*'])).toBe(true);
  });

  it('is false for an empty list and for a list where nothing matches', () => {
    expect(matchesAny('http://localhost:3000/', [])).toBe(false);
    expect(matchesAny('http://localhost:3000/', ['https://shop.example.com', 'http://127.0.0.1:*'])).toBe(false);
  });
});
