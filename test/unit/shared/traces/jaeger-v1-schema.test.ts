import { describe, expect, it } from 'vitest';
import { normalizeJaegerV1 } from '../../../../src/shared/traces/jaeger-v1';
import { isResponse, isTrace, responseSchema, traceSchema } from '../../../../src/shared/traces/jaeger-v1-schema';
import { fixtureJson, onlyTrace } from './fixtures';

type Json = Record<string, unknown> & { spans: Record<string, unknown>[]; processes: Record<string, unknown> };
const fixture = () => fixtureJson('jaeger-v1-trace-object-ui_01.json') as Json;

/** Variants of the fixture, each wrong (or odd) in one place: where, which key, what value. */
type Variant = [string, (t: Json) => Record<string, unknown>, string, unknown];
const VARIANTS: Variant[] = [
  ['an extra key (the payload is otherwise as captured)', (t) => t, 'extra', 1],
  ['startTime a string', (t) => t.spans[0]!, 'startTime', '1'],
  ['startTime infinite', (t) => t.spans[0]!, 'startTime', Infinity],
  ['duration null', (t) => t.spans[0]!, 'duration', null],
  ['tags an object', (t) => t.spans[1]!, 'tags', {}],
  ['tags null', (t) => t.spans[1]!, 'tags', null],
  ['a tag key a number', (t) => t.spans[1]!, 'tags', [{ key: 1, value: 'x' }]],
  ['a tag type null', (t) => t.spans[1]!, 'tags', [{ key: 'k', type: null, value: 'x' }]],
  ['a tag without a value', (t) => t.spans[1]!, 'tags', [{ key: 'k' }]],
  ['a reference without spanID', (t) => t.spans[1]!, 'references', [{ refType: 'CHILD_OF', traceID: '1' }]],
  ['logs a string', (t) => t.spans[0]!, 'logs', 'many'],
  ['a log timestamp a string', (t) => t.spans[0]!, 'logs', [{ timestamp: '1', fields: [] }]],
  ['processes an array', (t) => t, 'processes', []],
  ['a process without serviceName', (t) => t.processes, 'p1', { tags: [] }],
  ['an inline process', (t) => t.spans[0]!, 'process', { serviceName: 's', tags: null }],
  ['warnings of numbers', (t) => t.spans[0]!, 'warnings', [1]],
  ['a tag value undefined', (t) => t.spans[1]!, 'tags', [{ key: 'k', value: undefined }]],
  ['operationName a number', (t) => t.spans[0]!, 'operationName', 1],
  ['processID null', (t) => t.spans[0]!, 'processID', null],
  ['a process with tags an object', (t) => t.processes, 'p1', { serviceName: 's', tags: {} }],
  ['a reference with traceID null', (t) => t.spans[1]!, 'references', [{ refType: 'x', traceID: null, spanID: '1' }]],
  ['spans null', (t) => t, 'spans', null],
  ['a span an array', (t) => t.spans as unknown as Record<string, unknown>, '0', []],
];

describe('Jaeger v1 shape checks', () => {
  it.each(VARIANTS)('accept no more than the zod schema: %s', (_, at, key, value) => {
    const trace = fixture();
    at(trace)[key] = value;
    const zod = traceSchema.safeParse(trace).success;
    expect(isTrace(trace)).toBe(zod);
    const response = { data: [trace], errors: null };
    expect(isResponse(response)).toBe(responseSchema.safeParse(response).success);
  });

  it('a wrong field still gets the message naming it', () => {
    const trace = fixture();
    trace.spans[3]!.startTime = 'soon';
    const result = normalizeJaegerV1(trace);
    expect(!result.ok && result.error).toMatch(/^Jaeger v1: trace: \.spans\[3\]\.startTime: /);
  });

  it('processes with an own __proto__ key are read as zod reads them (the key skipped)', () => {
    const trace = fixture();
    const text = JSON.stringify({ ...trace, processes: { ...trace.processes, p1: undefined } });
    const payload = JSON.parse(text.replace('"processes":{', '"processes":{"__proto__":{"serviceName":"evil"},'));
    payload.spans[0].processID = '__proto__';
    expect(Object.hasOwn(payload.processes, '__proto__')).toBe(true);
    expect(onlyTrace(normalizeJaegerV1(payload)).spans[0]!.service).toBe('unknown_service');
  });
});
