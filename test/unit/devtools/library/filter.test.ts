import { describe, expect, it } from 'vitest';
import { filterSessions, parseTags } from '../../../../src/devtools/library/filter';
import { A, B, summary } from '../fixtures';

describe('the library search', () => {
  const sessions = [
    summary(A, { title: 'Cart', name: 'Repro 1432', urls: ['http://shop/cart', 'http://shop/pay'], tags: ['QA'] }),
    summary(B, { title: 'Checkout', firstUrl: 'http://shop/checkout', urls: ['http://shop/checkout'] }),
  ];
  const ids = (q: string) => filterSessions(sessions, q).map((s) => s.id);

  it('matches every word against name, title, URLs, tags and the replay id, ignoring case', () => {
    expect(ids('')).toEqual([A, B]);
    expect(ids('repro')).toEqual([A]);
    expect(ids('shop/pay')).toEqual([A]);
    expect(ids('SHOP checkout')).toEqual([B]);
    expect(ids(B.slice(0, 10))).toEqual([B]);
    expect(ids('cart checkout')).toEqual([]);
  });

  it('tag: matches a tag exactly', () => {
    expect(ids('tag:qa')).toEqual([A]);
    expect(ids('tag:q')).toEqual([]);
  });

  it('reads tags typed comma-separated, without empties or repeats', () => {
    expect(parseTags(' a, b ,, a,c d ')).toEqual(['a', 'b', 'c d']);
    expect(parseTags('')).toEqual([]);
  });
});

describe('the library search and pasted ids', () => {
  it('leaves the list alone for a trace id or a traceparent: Enter looks those up', () => {
    const sessions = [summary(A), summary(B)];
    expect(filterSessions(sessions, '4bf92f3577b34da6a3ce929d0e0e4736')).toBe(sessions);
    expect(filterSessions(sessions, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(sessions);
  });
});
