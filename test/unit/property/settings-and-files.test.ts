/**
 * Stored settings, dropped trace files and Spotlight's event stream on any input (issue #17, item 11). There is
 * no session-file import yet: a trace file is the only file Tandem reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings, settingsSchema, validateSettingsUpdate } from '../../../src/shared/settings';
import { tracesOfSpotlightEvent } from '../../../src/shared/traces/spotlight';
import { SseError, type SseEvent, SseParser } from '../../../src/shared/traces/sse';
import { readTraceFile } from '../../../src/shared/traces/trace-file';
import { fixtureJson, fixtureText } from '../shared/traces/fixtures';
import { anyJsonText, anyValue, mutatedJson, mutatedText, quickly, runs, textOf } from './arbitraries';
import { expectCleanTraces, expectReason } from './checks';

describe('stored settings', () => {
  const stored = fc.oneof(anyValue, mutatedJson(JSON.parse(JSON.stringify(DEFAULT_SETTINGS)) as unknown));

  it('read as valid settings, with a problem named for whatever was not', () => {
    fc.assert(
      fc.property(stored, (value) => {
        const { settings, problems } = quickly(() => readSettings(value));
        expect(settingsSchema.safeParse(settings).success).toBe(true);
        const valid = value === undefined || value === null || settingsSchema.safeParse(value).success;
        expect(problems.length === 0).toBe(valid);
        for (const problem of problems) expect(problem).toMatch(/^settings/);
      }),
      runs(150),
    );
  });

  it('as an update: accepted whole, or refused with a ZodError', () => {
    fc.assert(
      fc.property(stored, (value) => {
        try {
          expect(settingsSchema.safeParse(validateSettingsUpdate(value)).success).toBe(true);
        } catch (error) {
          expect((error as Error).name).toBe('ZodError');
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
      }),
      runs(150),
    );
  });
});

const JSON_FILES = [
  'jaeger-v1-api-traces.json',
  'jaeger-v1-trace-object-ui_01.json',
  'otel-js-jaeger-v3.json',
  'otel-js-otlp.json',
  'otel-js-tempo-v2.json',
  'otel-js-zipkin-v2.json',
  'zipkin-v2-trace.json',
];
const TEXT_FILES = ['sentry-core-transaction.txt', 'sentry-envelope-error-event.txt', 'sentry-core-log.txt'];
const PIECES = ['\n', '{', '}', '[', ']', '"', ':', ',', '"resourceSpans"', '"length":', '9', ' '];

describe('a dropped trace file', () => {
  const file = fc.oneof(
    anyJsonText,
    fc.constantFrom(...JSON_FILES).chain((name) => mutatedJson(fixtureJson(name)).map((v) => JSON.stringify(v) ?? '')),
    fc.constantFrom(...TEXT_FILES).chain((name) => mutatedText(fixtureText(name), PIECES)),
    fc
      .array(mutatedJson(fixtureJson('otel-js-otlp.json')), { minLength: 2, maxLength: 3 })
      .map((docs) => docs.map((d) => JSON.stringify(d)).join('\n')),
  );

  it('is read in a named format as clean traces, or refused with a reason', () => {
    fc.assert(
      fc.property(file, (text) => {
        const result = quickly(() => readTraceFile(text));
        if (!result.ok) return expectReason(result.error);
        expect(['otlp', 'jaeger', 'zipkin', 'sentry-envelope']).toContain(result.format);
        expectCleanTraces(result.traces);
      }),
      runs(150),
    );
  });
});

/** Every event of `text`, pushed in the given pieces; an SseError past a limit is part of the outcome. */
function eventsOf(pieces: readonly string[], limits = { maxLineChars: 200, maxEventChars: 400 }) {
  const parser = new SseParser(limits);
  const events: SseEvent[] = [];
  try {
    for (const piece of pieces) events.push(...parser.push(piece));
    return { events, error: null };
  } catch (error) {
    if (!(error instanceof SseError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return { events, error: 'limit' };
  }
}

/** `text` cut at the given offsets. */
const cut = (text: string, at: readonly number[]) => {
  const points = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
  return [...points, text.length].map((end, i) => text.slice(i === 0 ? 0 : points[i - 1], end));
};

describe("Spotlight's event stream", () => {
  const STREAM = ['data:', 'data: x', 'event:', 'id:', 'retry: 5', ':', '\n', '\r', '\r\n', '\n\n', ' ', '\uFEFF', 'x'];
  const stream = fc.oneof(
    textOf(STREAM, 60),
    mutatedText(fixtureText('spotlight-sse-checkout.txt').slice(0, 3000), STREAM),
  );

  it('gives the same events however the text is cut into pieces', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 6 }), (text, at) => {
        const whole = eventsOf([text], { maxLineChars: 1e6, maxEventChars: 1e6 });
        const pieces = quickly(() => eventsOf(cut(text, at), { maxLineChars: 1e6, maxEventChars: 1e6 }));
        expect(pieces).toEqual(whole);
      }),
      runs(150),
    );
  });

  it('stays within its limits or stops with an SseError', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 6 }), (text, at) => {
        for (const event of quickly(() => eventsOf(cut(text, at))).events) {
          expect(event.data.length).toBeLessThanOrEqual(400);
        }
      }),
      runs(150),
    );
  });

  it('turns each event into traces, nothing, or a reason', () => {
    const text = fixtureText('spotlight-sse-checkout.txt');
    const type = fc.constantFrom('application/x-sentry-envelope', 'application/x-sentry-envelope; charset=utf-8', 'x');
    const data = fc.oneof(
      mutatedText(text.slice(text.indexOf('data: ') + 6, text.indexOf('\n', text.indexOf('data: '))), PIECES),
      anyJsonText,
    );
    fc.assert(
      fc.property(type, data, (eventType, payload) => {
        const result = quickly(() => tracesOfSpotlightEvent({ type: eventType, data: payload, lastEventId: '' }));
        if (result === null) return;
        if (result.ok) expectCleanTraces(result.traces);
        else expectReason(result.error);
      }),
      runs(150),
    );
  });
});
