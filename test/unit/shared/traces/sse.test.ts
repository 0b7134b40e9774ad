import { describe, expect, it } from 'vitest';
import { SseError, SseParser } from '../../../../src/shared/traces/sse';

/** Feeds `text` in pieces of `size` characters and collects every event. */
function parseInPieces(text: string, size: number, parser = new SseParser()) {
  const events = [];
  for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
  return events;
}

const STREAM =
  '\uFEFF: a comment\r\nid: 7\r\nevent: application/x-sentry-envelope\r\ndata: {"a":1}\r\ndata:second line\r\n\r\n' +
  'data: no type\n\nid\nretry: 1500\ndata: x\r\r';

describe('SseParser', () => {
  it('reads events, types, ids and retry whatever the line ends (CRLF, LF, CR)', () => {
    const parser = new SseParser();
    expect(parser.push(STREAM)).toEqual([
      { type: 'application/x-sentry-envelope', data: '{"a":1}\nsecond line', lastEventId: '7' },
      // Ids persist across events until the stream changes them; an empty `id` resets it.
      { type: 'message', data: 'no type', lastEventId: '7' },
      { type: 'message', data: 'x', lastEventId: '' },
    ]);
    expect(parser.retryMs).toBe(1500);
  });

  it('gives the same events whatever the pieces the text arrives in (CRLF split between two)', () => {
    const whole = new SseParser().push(STREAM);
    for (const size of [1, 2, 3, 5, 64]) expect(parseInPieces(STREAM, size)).toEqual(whole);
  });

  it('does not dispatch an event the stream has not finished with a blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: x\ndata: half')).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ type: 'x', data: 'half', lastEventId: '' }]);
  });

  it('skips blank events and unknown fields, and keeps the id a reconnect starts from', () => {
    const parser = new SseParser({}, '41');
    expect(parser.push('\n\nfoo: bar\nevent: y\n\ndata: z\n\n')).toEqual([
      { type: 'message', data: 'z', lastEventId: '41' },
    ]);
  });

  it('refuses a line or an event over its limit instead of holding it', () => {
    const long = new SseParser({ maxLineChars: 10 });
    expect(() => long.push('data: 0123456789')).toThrow(SseError);
    const big = new SseParser({ maxEventChars: 10 });
    expect(() => big.push('data: 12345\ndata: 67890\n')).toThrow(/more than 10 characters/);
    // Under the limits the same text is fine.
    expect(new SseParser().push('data: 12345\ndata: 67890\n\n')).toHaveLength(1);
  });
});
