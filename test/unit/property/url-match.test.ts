/**
 * Settings URL patterns against any URL (issue #17, item 11). The URL is the page's (a hostile page chooses
 * its own URLs and those of its requests), the pattern the user's: matching must stay linear whatever both
 * hold, and mean what the pattern's regex (the one declarativeNetRequest gets) means.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileUrlPattern, matchesAny } from '../../../src/shared/url-match';
import { anyText, longRunsOf, quickly, runs, textOf } from './arbitraries';

const PATTERN_PIECES = ['*', '*', 'a', 'b', '.', '/', ':', '//', '://', 'http', 'https://', '?', '#', '@', 'A', '-'];
const URL_PIECES = ['a', 'b', '.', '/', ':', '//', '?', '#', '@', 'A', '-', 'x.a'];

const pattern = textOf(PATTERN_PIECES, 20);
/** At most three wildcards, for the same reason as below. */
const fewStars = (p: string) => p.split('*').length <= 4;
const shortUrl = textOf(URL_PIECES, 10);
const longUrl = fc
  .tuple(fc.constantFrom('', 'https://', 'https://a.', 'http://a/'), longRunsOf(URL_PIECES, 500))
  .map(([head, rest]) => head + rest);

/**
 * A pattern of up to three wildcards between runs of one character, and a URL that follows it, each wildcard
 * covering up to 600 of that character, then misses at its end. Random URLs fail at the first literal
 * character; these make a backtracking matcher try every split of the URL between the wildcards (seconds at
 * this size, so the property fails rather than hanging the suite).
 */
const nearMiss = fc
  .record({
    head: fc.constantFrom('', 'https://a.test/', 'https://', 'https://a.'),
    char: fc.constantFrom('a', '/', '.'),
    gaps: fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 3 }),
    tail: fc.constantFrom('', 'x', '/x'),
    fills: fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 3, maxLength: 3 }),
    end: fc.constantFrom('', 'Z'),
  })
  .map(({ head, char, gaps, tail, fills, end }) => ({
    pattern: `${head}${gaps.map((g) => `${char.repeat(g)}*`).join('')}${tail}`,
    url: `${head}${gaps.map((g, i) => char.repeat(g + (fills[i] ?? 0))).join('')}${tail}${end}`,
  }));

describe('compileUrlPattern on any pattern and URL', () => {
  it('answers in linear time, however many wildcards meet however long a URL', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(pattern.filter(fewStars), longUrl),
          nearMiss.map(({ pattern: p, url }) => [p, url] as const),
        ),
        ([p, url]) => {
          quickly(() => compileUrlPattern(p).test(url), 250);
        },
      ),
      // No shrinking: against a backtracking matcher each smaller candidate would take seconds again.
      { ...runs(150), endOnFailure: true },
    );
  });

  it('matches exactly what its regex source matches', () => {
    fc.assert(
      fc.property(pattern, fc.oneof(shortUrl, anyText(12)), (p, url) => {
        const compiled = compileUrlPattern(p);
        expect(compiled.test(url)).toBe(new RegExp(compiled.source, 'i').test(url));
      }),
      runs(750),
    );
  });

  it('matches a pattern without wildcards against itself', () => {
    fc.assert(
      fc.property(fc.oneof(textOf(URL_PIECES, 12), anyText(30)), (text) => {
        fc.pre(!text.includes('*') && text === text.trim() && text !== '');
        expect(compileUrlPattern(text).test(text)).toBe(true);
        expect(matchesAny(text, [text])).toBe(true);
      }),
      runs(150),
    );
  });
});
