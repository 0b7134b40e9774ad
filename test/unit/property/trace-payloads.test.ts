/**
 * Every trace normaliser on mutations of the real payloads in test/fixtures/traces/ and on any JSON value
 * (issue #17, item 11): clean traces or a clear reason, never a throw, a hang or an `unexpected failure`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeJaegerV1 } from '../../../src/shared/traces/jaeger-v1';
import { legacyMetricsSummary } from '../../../src/shared/traces/metrics';
import type { TracesResult } from '../../../src/shared/traces/model';
import { normalizeOtlp, normalizeOtlpText } from '../../../src/shared/traces/otlp';
import { normalizeSentrySpansTable } from '../../../src/shared/traces/sentry-api';
import { parseSentryEnvelope } from '../../../src/shared/traces/sentry-envelope';
import { normalizeSentryEnvelope } from '../../../src/shared/traces/sentry-items';
import { classifyResponse, versionFrom } from '../../../src/shared/traces/sources';
import { normalizeZipkinV2 } from '../../../src/shared/traces/zipkin-v2';
import { TRACE_SOURCE_KINDS } from '../../../src/shared/settings';
import { fixtureJson, fixtureText } from '../shared/traces/fixtures';
import {
  anyJsonText,
  anyValue,
  expectPrototypeUntouched,
  mutatedJson,
  mutatedText,
  ownObject,
  prototypeNames,
  quickly,
  runs,
} from './arbitraries';
import { expectCleanTraces, expectReason } from './checks';

const RUNS = runs(30);

type Normalize = (payload: unknown) => TracesResult;

const JSON_FIXTURES: [string, Normalize][] = [
  ['jaeger-v1-api-traces.json', normalizeJaegerV1],
  ['jaeger-v1-trace-object-ui_01.json', normalizeJaegerV1],
  ['jaeger-v3-api-traces.json', normalizeOtlp],
  ['otel-js-jaeger-v3.json', normalizeOtlp],
  ['otel-js-otlp.json', normalizeOtlp],
  ['otel-js-tempo-v1.json', normalizeOtlp],
  ['otel-js-tempo-v2.json', normalizeOtlp],
  ['otlp-traces.json', normalizeOtlp],
  ['otel-js-zipkin-v2.json', normalizeZipkinV2],
  ['zipkin-v2-trace.json', normalizeZipkinV2],
  ['zipkin-v2-trace-128bit-messaging.json', normalizeZipkinV2],
  ['sentry-api-events-spans.json', normalizeSentrySpansTable],
];

const ENVELOPE_FIXTURES = [
  'sentry-core-event.txt',
  'sentry-core-log.txt',
  'sentry-core-span.txt',
  'sentry-core-trace_metric.txt',
  'sentry-core-transaction.txt',
  'sentry-envelope-error-event-php.txt',
  'sentry-envelope-error-event.txt',
  'sentry-envelope-span-v1-standalone.txt',
  'sentry-envelope-transaction.txt',
];

/** The characters an envelope's structure is made of. */
const ENVELOPE_PIECES = ['\n', '{', '}', '[', ']', '"', ':', ',', '"length":', '9', '-1', '"type":"span"', ' '];

const NORMALISERS: [string, Normalize][] = [
  ['OTLP', normalizeOtlp],
  ['Jaeger v1', normalizeJaegerV1],
  ['Zipkin v2', normalizeZipkinV2],
  ['Sentry envelope', normalizeSentryEnvelope],
  ['Sentry events table', normalizeSentrySpansTable],
];

function expectResult(result: TracesResult): void {
  if (result.ok) expectCleanTraces(result.traces);
  else expectReason(result.error);
}

describe.each(JSON_FIXTURES)('%s, mutated', (name, normalize) => {
  const doc = fixtureJson(name);

  it('gives clean traces or a reason', () => {
    expectResult(normalize(doc));
    const before = prototypeNames();
    fc.assert(
      fc.property(mutatedJson(doc), (payload) => expectResult(quickly(() => normalize(payload)))),
      RUNS,
    );
    expectPrototypeUntouched(before);
  });
});

describe.each(ENVELOPE_FIXTURES)('%s, mutated', (name) => {
  const text = fixtureText(name);

  it('gives clean traces or a reason, as text and as bytes', () => {
    expectResult(normalizeSentryEnvelope(text));
    fc.assert(
      fc.property(mutatedText(text, ENVELOPE_PIECES), (envelope) => {
        expectResult(quickly(() => normalizeSentryEnvelope(envelope)));
        expectResult(quickly(() => normalizeSentryEnvelope(new TextEncoder().encode(envelope))));
      }),
      RUNS,
    );
  });
});

describe.each(NORMALISERS)('%s on any value', (_, normalize) => {
  it('gives clean traces or a reason', () => {
    const before = prototypeNames();
    fc.assert(
      fc.property(anyValue, (payload) => expectResult(quickly(() => normalize(payload)))),
      runs(100),
    );
    expectPrototypeUntouched(before);
  });
});

describe("Spotlight's parsed envelope form", () => {
  const itemType = fc.constantFrom('transaction', 'span', 'event', 'log', 'trace_metric', 'attachment', 'session');
  const itemHeader = fc.oneof(
    fc.record({ type: itemType }),
    fc.record({ type: itemType, content_type: fc.constant('application/vnd.sentry.items.span.v2+json') }),
    anyValue,
  );
  const item = fc.oneof(fc.tuple(itemHeader, anyValue), anyValue);
  const header = fc.oneof(
    fc.constant({}),
    fc.record({ trace: fc.record({ trace_id: fc.oneof(fc.constant('e65eaae45b964461c50ba0f16eaba1e0'), anyValue) }) }),
    anyValue,
  );

  it('gives clean traces or a reason for any header and items', () => {
    fc.assert(
      fc.property(header, fc.array(item, { maxLength: 4 }), (head, items) => {
        const parsed = quickly(() => parseSentryEnvelope([head, items]));
        if (!parsed.ok) expectReason(parsed.error);
        expectResult(quickly(() => normalizeSentryEnvelope([head, items])));
      }),
      runs(100),
    );
  });

  it('reads Spotlight-form copies of every fixture, mutated', () => {
    const asParsed = (text: string) => {
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const items: unknown[] = [];
      for (let i = 1; i + 1 < lines.length; i += 2) items.push([JSON.parse(lines[i]!), JSON.parse(lines[i + 1]!)]);
      return [JSON.parse(lines[0]!), items];
    };
    const docs = ENVELOPE_FIXTURES.filter((n) => !n.includes('python')).map((n) => asParsed(fixtureText(n)));
    fc.assert(
      fc.property(
        fc.constantFrom(...docs).chain((doc) => mutatedJson(doc)),
        (envelope) => expectResult(quickly(() => normalizeSentryEnvelope(envelope))),
      ),
      runs(100),
    );
  });
});

describe('OTLP text (JSON Lines)', () => {
  const line = fc.oneof(
    mutatedJson(fixtureJson('otel-js-otlp.json')).map((v) => JSON.stringify(v) ?? ''),
    anyJsonText,
  );
  it('gives clean traces or a reason for any lines', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 3 }), (lines) =>
        expectResult(quickly(() => normalizeOtlpText(lines.join('\n')))),
      ),
      RUNS,
    );
  });
});

describe("a source's answer", () => {
  const traceId = 'e65eaae45b964461c50ba0f16eaba1e0';
  const body = fc.oneof(
    anyJsonText,
    fc
      .constantFrom(...JSON_FIXTURES.map(([name]) => name))
      .chain((name) => mutatedJson(fixtureJson(name)).map((v) => JSON.stringify(v) ?? '')),
  );
  const status = fc.oneof(fc.constantFrom(200, 204, 401, 403, 404, 429, 500, 503), fc.integer({ min: 0, max: 999 }));

  it('is found (only the trace asked for), not found, or an error with a short message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRACE_SOURCE_KINDS), status, body, (kind, code, text) => {
        const outcome = quickly(() => classifyResponse(kind, traceId, code, text));
        if (outcome.kind === 'found') {
          expect(outcome.traces.every((t) => t.traceId === traceId && t.spans.length > 0)).toBe(true);
          expectCleanTraces(outcome.traces);
        }
        if (outcome.kind === 'error') expectReason(outcome.message);
        const version = quickly(() => versionFrom(text));
        expect(version === undefined || (version.length > 0 && version.length <= 203)).toBe(true);
      }),
      runs(100),
    );
  });
});

describe('legacy _metrics_summary', () => {
  const entry = fc.record({ min: fc.double(), max: fc.double(), count: fc.double(), sum: fc.double(), tags: anyValue });
  const summary = fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('c:a', 'd:b@ms', 'g:c', 's:', 'x:y'), fc.string()),
        fc.oneof(entry, fc.array(entry, { maxLength: 2 }), anyValue),
      ),
      {
        maxLength: 4,
      },
    )
    .map(ownObject);

  it('is summaries or undefined, never a throw', () => {
    const before = prototypeNames();
    fc.assert(
      fc.property(fc.oneof(summary, anyValue), (value) => {
        const out = quickly(() => legacyMetricsSummary(value));
        if (out !== undefined) for (const key of Object.keys(out)) expect(key).toMatch(/^[cdgs]:.+@/);
      }),
      runs(100),
    );
    expectPrototypeUntouched(before);
  });
});
