import { describe, expect, it } from 'vitest';
import { parseSentryEnvelope } from '../../../../src/shared/traces/sentry-envelope';
import { fixtureText } from './fixtures';

function envelopeOf(input: unknown) {
  const result = parseSentryEnvelope(input);
  if (!result.ok) throw new Error(result.error);
  return result.envelope;
}

describe('parseSentryEnvelope: raw text', () => {
  it('reads a payload by its `length` in bytes (Python SDK, 42853 bytes, no trailing newline)', () => {
    const text = fixtureText('sentry-envelope-transaction-python-iso-timestamps.txt');
    expect(text.endsWith('\n')).toBe(false);
    const { header, items } = envelopeOf(text);
    expect(header.event_id).toBe('34e68240171743b9bef9f9f99b8538c5');
    expect(items.map((i) => [i.header.type, i.header.length])).toEqual([['transaction', 42853]]);
    expect((items[0]!.payload as { spans: unknown[] }).spans).toHaveLength(74);
  });

  it('reads payloads up to the newline when there is no length (Next.js SDK, PHP SDK without trailing newline)', () => {
    const next = envelopeOf(fixtureText('sentry-envelope-transaction.txt'));
    expect(next.items.map((i) => i.header.type)).toEqual(['transaction']);
    const php = envelopeOf(fixtureText('sentry-envelope-error-event-php.txt'));
    expect(php.items.map((i) => i.header)).toEqual([{ type: 'event', content_type: 'application/json' }]);
    expect((php.header.dsn as string).startsWith('https://f13869c67372456fb3dbe5137a284313@')).toBe(true);
  });

  it('counts `length` in UTF-8 bytes, so a multi-byte payload that spans lines is cut in the right place', () => {
    // The captured log item (non-ASCII body), pretty-printed across lines and given its byte length.
    const [header, itemHeader, payload] = fixtureText('sentry-core-log.txt').split('\n');
    const pretty = JSON.stringify(JSON.parse(payload!), null, 2);
    const bytes = new TextEncoder().encode(pretty).length;
    expect(bytes).toBeGreaterThan(pretty.length);
    const withLength = JSON.stringify({ ...JSON.parse(itemHeader!), length: bytes });
    const text = `${header}\n${withLength}\n${pretty}\n{"type":"client_report"}\n{"discarded_events":[]}\n`;
    const { items } = envelopeOf(text);
    expect(items.map((i) => i.header.type)).toEqual(['log', 'client_report']);
    expect(items[0]!.payload).toEqual(JSON.parse(payload!));
    // The same text as bytes reads the same.
    expect(envelopeOf(new TextEncoder().encode(text)).items).toEqual(items);
  });

  it('skips binary items without parsing them', () => {
    const text =
      '{}\n{"type":"attachment","length":3,"filename":"a.bin"}\n\u0000\u0001\u0002\n{"type":"event"}\n{"event_id":"x"}';
    const { items } = envelopeOf(text);
    expect(items.map((i) => [i.header.type, i.payload])).toEqual([
      ['attachment', undefined],
      ['event', { event_id: 'x' }],
    ]);
  });

  it.each([
    ['', 'Sentry envelope: envelope header is not JSON'],
    ['[1]\n', 'Sentry envelope: envelope header is not an object'],
    ['{}\n{"length":2}\n{}', 'Sentry envelope: item 1 header has no type'],
    ['{}\n{"type":"event","length":-1}\n{}', 'Sentry envelope: item 1 header has an invalid length'],
    ['{}\n{"type":"event","length":99}\n{}', 'Sentry envelope: item 1: length 99 runs past the end'],
    ['{}\n{"type":"event"}\n{not json', 'Sentry envelope: item 1 is not JSON'],
    [42, 'Sentry envelope: expected text, bytes or [headers, items]'],
  ])('refuses %j', (input, error) => {
    expect(parseSentryEnvelope(input)).toEqual({ ok: false, error });
  });
});

describe("parseSentryEnvelope: Spotlight's parsed JSON form", () => {
  it('reads [headers, [[itemHeader, payload], ...]] as the raw text reads', () => {
    const raw = envelopeOf(fixtureText('sentry-core-span.txt'));
    // As Spotlight's SSE sends it: parsed, with the sidecar's own keys added to the headers.
    const parsed = [
      { ...raw.header, __spotlight_envelope_id: 'e1', __spotlight_inferred_source: 'node' },
      raw.items.map((i) => [i.header, i.payload]),
    ];
    const envelope = envelopeOf(JSON.parse(JSON.stringify(parsed)));
    expect(envelope.items).toEqual(raw.items);
    expect(envelope.header.__spotlight_envelope_id).toBe('e1');
  });

  it('parses a payload given as JSON text', () => {
    const envelope = envelopeOf([{}, [[{ type: 'event' }, '{"event_id":"abc"}']]]);
    expect(envelope.items[0]!.payload).toEqual({ event_id: 'abc' });
  });

  it('refuses items that are not pairs', () => {
    expect(parseSentryEnvelope([{}, [{ type: 'event' }]])).toEqual({
      ok: false,
      error: 'Sentry envelope: item 1 is not [header, payload]',
    });
  });
});
