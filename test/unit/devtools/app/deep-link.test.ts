import { describe, expect, it } from 'vitest';
import { notFoundMessage, parseDeepLink, parseHoldMB, parseTime } from '../../../../src/devtools/app/deep-link';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const SESSION = '0123456789abcdef0123456789abcdef';
const ids = { traceId: null, spanId: null, sessionId: null, requestId: null };

describe('parseDeepLink', () => {
  it('is no link without an id parameter (the viewer opened from the popup)', () => {
    expect(parseDeepLink('')).toEqual({ type: 'none' });
    expect(parseDeepLink('?tabId=7')).toEqual({ type: 'none' });
  });

  it('reads ?trace= as a trace id, also from a pasted traceparent', () => {
    expect(parseDeepLink(`?trace=${TRACE}`)).toEqual({
      type: 'link',
      link: { kind: 'trace', query: { ...ids, text: TRACE, traceId: TRACE }, t: null },
    });
    expect(parseDeepLink(`?trace=00-${TRACE}-${SPAN}-01`)).toMatchObject({
      link: { kind: 'trace', query: { traceId: TRACE, spanId: null } },
    });
  });

  it('reads ?span=, ?request=, ?replay= and ?id= as their kinds', () => {
    expect(parseDeepLink(`?span=${SPAN}`)).toMatchObject({ link: { kind: 'span', query: { spanId: SPAN } } });
    expect(parseDeepLink('?request=13417')).toMatchObject({ link: { kind: 'request', query: { requestId: '13417' } } });
    expect(parseDeepLink(`?replay=${SESSION}`)).toMatchObject({
      link: { kind: 'replay', query: { sessionId: SESSION } },
    });
    expect(parseDeepLink(`?id=${SESSION}`)).toMatchObject({
      link: { kind: 'any', query: { sessionId: SESSION, traceId: SESSION } },
    });
  });

  it('reads t as an offset in ms, s or m, or as an ISO time', () => {
    expect(parseDeepLink(`?replay=${SESSION}&t=12.5s`)).toMatchObject({ link: { t: { offsetMs: 12_500 } } });
    expect(parseDeepLink(`?replay=${SESSION}&t=12500`)).toMatchObject({ link: { t: { offsetMs: 12_500 } } });
    expect(parseTime('250ms')).toEqual({ offsetMs: 250 });
    expect(parseTime('2m')).toEqual({ offsetMs: 120_000 });
    expect(parseTime('2026-12-06T10:00:01.500Z')).toEqual({ at: Date.UTC(2026, 11, 6, 10, 0, 1, 500) });
    expect(parseTime('2026-12-06T11:00:01+01:00')).toEqual({ at: Date.UTC(2026, 11, 6, 10, 0, 1) });
    expect(parseTime('soon')).toBeNull();
    expect(parseTime('-5s')).toBeNull();
  });

  it('refuses an id or a time it cannot read, saying which', () => {
    expect(parseDeepLink('?trace=12345')).toEqual({
      type: 'invalid',
      error: 'The link\'s trace id is not valid: "12345".',
    });
    expect(parseDeepLink(`?trace=${TRACE}&t=later`)).toMatchObject({
      type: 'invalid',
      error: expect.stringContaining('"later"'),
    });
    expect(parseDeepLink('?t=5s')).toEqual({ type: 'invalid', error: 'The link has a time but no id.' });
    expect(parseDeepLink(`?trace=${'a'.repeat(500)}`)).toMatchObject({ type: 'invalid' });
  });

  it('names what was looked for when nothing holds it', () => {
    expect(notFoundMessage('trace', TRACE)).toBe(`No recorded session holds trace ${TRACE}.`);
    expect(notFoundMessage('replay', SESSION)).toBe(`No recorded session has the replay id ${SESSION}.`);
    expect(notFoundMessage('any', 'x1')).toBe('Nothing recorded matches x1.');
  });
});

describe('parseHoldMB', () => {
  it('reads how much of a session the player holds, and ignores what is not a size', () => {
    expect(parseHoldMB('?holdMB=4')).toBe(4);
    expect(parseHoldMB('?trace=abc&holdMB=0.5')).toBe(0.5);
    expect(parseHoldMB('')).toBeNull();
    for (const bad of ['?holdMB=', '?holdMB=abc', '?holdMB=0', '?holdMB=-3', '?holdMB=99999'])
      expect(parseHoldMB(bad)).toBeNull();
  });
});
