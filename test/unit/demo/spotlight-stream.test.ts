import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entriesOf, envelopeItems, parseSse, traceIdsOf } from '../../../demo/spotlight/stream';

const capture = readFileSync(new URL('../../fixtures/traces/spotlight-sse-checkout.txt', import.meta.url), 'utf8');

describe('the demo SSE reader on a captured Spotlight stream', () => {
  it('reads every event with its id, name and one JSON envelope', () => {
    const { events, rest } = parseSse(capture);
    expect(rest).toBe('');
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const event of events) {
      expect(event.event).toBe('application/x-sentry-envelope');
      expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const [headers] = JSON.parse(event.data) as [{ __spotlight_envelope_id: string }];
      expect(headers.__spotlight_envelope_id).toBe(event.id);
    }
  });

  it('finds the spans, the error and the metric points of one trace', () => {
    const items = parseSse(capture).events.flatMap(envelopeItems);
    const [traceId] = traceIdsOf(items.find((i) => i.type === 'event') ?? { type: '', header: {}, payload: null });
    const trace = new Set([traceId ?? '']);
    expect(entriesOf(items, 'span', trace)).toHaveLength(2);
    expect(entriesOf(items, 'event', trace)).toHaveLength(1);
    expect(entriesOf(items, 'trace_metric', trace)).toHaveLength(4);
  });

  it('keeps an event split across chunks for the next read', () => {
    const cut = capture.indexOf('data:', 10) + 20;
    const first = parseSse(capture.slice(0, cut));
    const second = parseSse(first.rest + capture.slice(cut));
    expect([...first.events, ...second.events]).toEqual(parseSse(capture).events);
  });
});
