import { describe, expect, it } from 'vitest';
import { normalizeOtlp } from '../../../../src/shared/traces/otlp';
import { isResourceSpansList, resourceSpansList } from '../../../../src/shared/traces/otlp-schema';
import { fixtureJson } from './fixtures';

type Obj = Record<string, unknown>;
interface Doc {
  resourceSpans: (Obj & { resource: Obj; scopeSpans: (Obj & { scope: Obj; spans: (Obj & { status: Obj })[] })[] })[];
}
const fixture = () => fixtureJson('otel-js-otlp.json') as Doc;
const span = (d: Doc) => d.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;

/** Variants of the fixture, each wrong (or odd) in one place: where, which key, what value. */
type Variant = [string, (d: Doc) => Obj, string, unknown];
const VARIANTS: Variant[] = [
  ['an extra key (the payload is otherwise as captured)', span, 'extra', 1],
  ['traceId a number', span, 'traceId', 1],
  ['kind a fraction', span, 'kind', 1.5],
  ['kind beyond 2^53', span, 'kind', 2 ** 60],
  ['kind a name', span, 'kind', 'SPAN_KIND_SERVER'],
  ['kind null', span, 'kind', null],
  ['start time infinite', span, 'startTimeUnixNano', Infinity],
  ['start time a number', span, 'startTimeUnixNano', 1e18],
  ['attributes an object', span, 'attributes', {}],
  ['attributes of anything', span, 'attributes', [1, null, 'x']],
  ['events null', span, 'events', null],
  ['an event name a number', span, 'events', [{ name: 1 }]],
  ['a link without spanId', span, 'links', [{ traceId: 'a' }]],
  ['status a string', span, 'status', 'ok'],
  ['status code a fraction', (d) => span(d).status, 'code', 0.5],
  ['scope null', (d) => d.resourceSpans[0]!.scopeSpans[0]!, 'scope', null],
  ['scope version a number', (d) => d.resourceSpans[0]!.scopeSpans[0]!.scope, 'version', 1],
  ['spans an object', (d) => d.resourceSpans[0]!.scopeSpans[0]!, 'spans', {}],
  ['resource null', (d) => d.resourceSpans[0]!, 'resource', null],
  ['resource attributes a string', (d) => d.resourceSpans[0]!.resource, 'attributes', 'x'],
  ['instrumentationLibrarySpans of nulls', (d) => d.resourceSpans[0]!, 'instrumentationLibrarySpans', [null]],
  ['a batch an array', (d) => d.resourceSpans as unknown as Obj, '0', []],
];

describe('OTLP shape checks', () => {
  it.each(VARIANTS)('accept no more than the zod schema: %s', (_, at, key, value) => {
    const doc = fixture();
    at(doc)[key] = value;
    expect(isResourceSpansList(doc.resourceSpans)).toBe(resourceSpansList.safeParse(doc.resourceSpans).success);
  });

  it('a wrong field still gets the message naming it', () => {
    const doc = fixture();
    span(doc).name = 42;
    const result = normalizeOtlp(doc);
    expect(!result.ok && result.error).toMatch(/^OTLP: resourceSpans: \[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: /);
  });
});
