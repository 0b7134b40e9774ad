import { describe, expect, it } from 'vitest';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { tracesOfSpotlightEvent } from '../../../../src/shared/traces/spotlight';
import { fixtureText, onlyTrace } from './fixtures';

const ENVELOPE = 'application/x-sentry-envelope';
const TRACE = 'e65eaae45b964461c50ba0f16eaba1e0';

/** The parsed form current sidecars stream: `[headers, [[itemHeader, payload], ...]]`. */
function parsedForm(raw: string): unknown[] {
  const lines = raw
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
  const items: unknown[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) items.push([lines[i], lines[i + 1]]);
  return [{ ...(lines[0] as object), __spotlight_envelope_id: 'x' }, items];
}

describe('tracesOfSpotlightEvent (envelopes @sentry/node sent, as the sidecar streams them)', () => {
  const raw = fixtureText('sentry-core-span.txt');
  const expected = onlyTrace(normalizeSentryEnvelope(raw));

  it('reads the parsed JSON form and the raw text form into the same trace', () => {
    const fromParsed = tracesOfSpotlightEvent({
      type: ENVELOPE,
      data: JSON.stringify(parsedForm(raw)),
      lastEventId: '',
    });
    const fromRaw = tracesOfSpotlightEvent({ type: ENVELOPE, data: raw.trimEnd(), lastEventId: '' });
    expect(fromParsed && onlyTrace(fromParsed)).toEqual(expected);
    expect(fromRaw && onlyTrace(fromRaw)).toEqual(expected);
    expect(expected.traceId).toBe(TRACE);
    expect(expected.spans).toHaveLength(2);
  });

  it('reads metric points and errors the same way', () => {
    for (const [name, check] of [
      ['sentry-core-trace_metric.txt', (t: ReturnType<typeof onlyTrace>) => expect(t.metricPoints).toHaveLength(5)],
      ['sentry-core-event.txt', (t: ReturnType<typeof onlyTrace>) => expect(t.errors).toHaveLength(1)],
    ] as const) {
      const event = { type: ENVELOPE, data: JSON.stringify(parsedForm(fixtureText(name))), lastEventId: '' };
      const result = tracesOfSpotlightEvent(event);
      if (!result) throw new Error('expected a result');
      check(onlyTrace(result));
    }
  });

  it('skips events that are not envelopes, and answers a broken envelope with an error only', () => {
    expect(tracesOfSpotlightEvent({ type: 'message', data: raw, lastEventId: '' })).toBeNull();
    const broken = tracesOfSpotlightEvent({
      type: ENVELOPE,
      data: '[{}, [[{"type":"span"}, {"version":2,',
      lastEventId: '',
    });
    expect(broken).toMatchObject({ ok: false });
    const wrongShape = tracesOfSpotlightEvent({ type: ENVELOPE, data: '[{}, 5]', lastEventId: '' });
    expect(wrongShape).toMatchObject({ ok: false });
  });
});
