import { describe, expect, it } from 'vitest';
import { normalizeJaegerV1 } from '../../../../src/shared/traces/jaeger-v1';
import type { TracesResult } from '../../../../src/shared/traces/model';
import { normalizeOtlp, normalizeOtlpText } from '../../../../src/shared/traces/otlp';
import { normalizeSentryEnvelope } from '../../../../src/shared/traces/sentry-items';
import { normalizeZipkinV2 } from '../../../../src/shared/traces/zipkin-v2';
import { fixtureJson, onlyTrace } from './fixtures';

// Payloads come from backends and files Tandem does not control: every normaliser must answer with
// an error (or clean traces), never throw, never loop, never pollute prototypes.
const normalizers: [string, (input: unknown) => TracesResult][] = [
  ['OTLP', normalizeOtlp],
  ['Jaeger v1', normalizeJaegerV1],
  ['Zipkin v2', normalizeZipkinV2],
  ['Sentry envelope', normalizeSentryEnvelope],
];

const span = (overrides: Record<string, unknown>) => ({
  resourceSpans: [
    {
      scopeSpans: [
        { spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', ...overrides }] },
      ],
    },
  ],
});

function nested(depth: number): unknown {
  let value: unknown = { stringValue: 'bottom' };
  for (let i = 0; i < depth; i++) value = { kvlistValue: { values: [{ key: 'k', value }] } };
  return value;
}

describe.each(normalizers)('%s with values of the wrong kind', (_, normalize) => {
  it.each([null, undefined, 42, true, 'text', [[[]]], { spans: 'no' }, { data: [{ spans: [{}] }] }])(
    '%j: an error, no throw',
    (input) => {
      const result = normalize(input);
      expect(result.ok === false || result.traces.length === 0).toBe(true);
      if (!result.ok) expect(result.error.length).toBeLessThan(1000);
    },
  );
});

describe('hostile OTLP', () => {
  it.each([
    [{ traceId: 'zz' }, /invalid trace id "zz"/],
    [{ traceId: '00000000000000000000000000000000' }, /invalid trace id/],
    [{ spanId: 'AAAAAAAAAAA=' }, /invalid span id "AAAAAAAAAAA="/],
    [{ spanId: 'x'.repeat(1_000_000) }, /invalid span id "x{64}"$/],
    [{ startTimeUnixNano: '12e9' }, /invalid nanosecond timestamp "12e9"/],
    [{ startTimeUnixNano: '9'.repeat(30) }, /invalid nanosecond timestamp/],
    [{ attributes: [{ key: 'deep', value: nested(100) }] }, /value nested too deep/],
    [{ attributes: [{ key: 'n', value: { intValue: '1.5' } }] }, /invalid integer "1.5"/],
    [{ attributes: [{ value: { stringValue: 'no key' } }] }, /attribute without a string key/],
  ])('refuses %#', (override, error) => {
    const result = normalizeOtlp(span(override));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });

  it('keeps an attribute named __proto__ as data, and Object.prototype clean', () => {
    const result = normalizeOtlp(
      span({
        attributes: [
          { key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } },
        ],
      }),
    );
    const attributes = onlyTrace(result).spans[0]!.attributes;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives nesting deep enough to overflow a naive recursion', () => {
    const result = normalizeOtlp(span({ attributes: [{ key: 'deep', value: nested(20_000) }] }));
    expect(result).toMatchObject({ ok: false });
  });

  it('caps warnings for a payload with many odd spans', () => {
    const spans = Array.from({ length: 500 }, (_, i) => ({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: (i + 1).toString(16).padStart(16, '0'),
      kind: 99,
    }));
    const result = normalizeOtlp({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    expect(result.ok && result.warnings.length).toBe(51);
    expect(result.ok && result.warnings.at(-1)).toBe('further warnings omitted');
  });

  it('never throws on text either', () => {
    expect(normalizeOtlpText('\u0000\n{')).toMatchObject({ ok: false });
  });
});

describe('hostile Jaeger v1', () => {
  it('a processID of __proto__ does not find Object.prototype', () => {
    const trace = fixtureJson('jaeger-v1-trace-object-ui_01.json') as { spans: { processID: string }[] };
    trace.spans[0]!.processID = '__proto__';
    const result = normalizeJaegerV1(trace);
    expect(onlyTrace(result).spans[0]!.service).toBe('unknown_service');
    expect(result.ok && result.warnings).toContain('data[0].spans[0]: process __proto__ not found');
  });

  it('a span.kind tag of "constructor" is not a kind', () => {
    const trace = fixtureJson('jaeger-v1-trace-object-ui_01.json') as { spans: { tags: unknown[] }[] };
    trace.spans[2]!.tags = [{ key: 'span.kind', type: 'string', value: 'constructor' }];
    expect(onlyTrace(normalizeJaegerV1(trace)).spans[2]!.kind).toBe('internal');
  });
});

describe('hostile Sentry envelopes', () => {
  it.each([
    ['{}\n{"type":"span"}\n{"trace_id":"x","span_id":"y","start_timestamp":1}', /invalid trace id "x"/],
    [
      '{}\n{"type":"trace_metric"}\n{"items":[{"timestamp":1,"trace_id":"4aad454a6c23d513a463670516c1f3bd","name":"n","type":"histogram","value":1}]}',
      /type/,
    ],
    ['{}\n{"type":"log"}\n{"items":"many"}', /items/],
    [
      '{}\n{"type":"event"}\n{"timestamp":"2023-13-45T99:99:99Z","contexts":{"trace":{"trace_id":"4aad454a6c23d513a463670516c1f3bd"}}}',
      /invalid timestamp/,
    ],
  ])('refuses %#', (text, error) => {
    const result = normalizeSentryEnvelope(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });

  it('a huge declared length is an error, not an allocation', () => {
    expect(normalizeSentryEnvelope('{}\n{"type":"event","length":9007199254740991}\n{}')).toMatchObject({ ok: false });
  });
});
