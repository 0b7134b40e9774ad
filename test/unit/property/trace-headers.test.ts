/**
 * Every trace header parser on any text (issue #17, item 11): no throw, linear time, and what it returns is
 * either null (the documented "ignore this header") or ids the rest of Tandem can trust. Formatters and
 * parsers agree both ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBaggageValue,
  encodeBaggageValue,
  formatB3Single,
  formatBaggage,
  formatSentryTrace,
  formatTraceparent,
  formatTracestate,
  headerView,
  isValidSpanId,
  isValidTraceId,
  isValidTracestateKey,
  isValidTracestateValue,
  mergeBaggage,
  parseB3Multi,
  parseB3Single,
  parseBaggage,
  parseCloudTraceContext,
  parseDatadogTraceId,
  parseSentryTrace,
  parseServerTiming,
  parseTraceparent,
  parseTracestate,
  parseUberTraceId,
  parseXRayTraceId,
  traceIdsFromResponseHeaders,
  type VendorTrace,
} from '../../../src/shared/trace';
import { isHeaderSafe, isToken } from '../../../src/shared/trace/text';
import { anyKey, anyText, anyValue, hostileText, quickly, runs } from './arbitraries';

const RUNS = runs(150);

const HEX = ['0', 'a', 'f', 'F', '9', '00', 'ff', '0af7651916cd43dd', '8448eb211c80319c', 'b7ad6b7169203331'];
const TRACEPARENT = hostileText([...HEX, '-', '00-', '-01', '-00', ' ', '\t', '0af7651916cd43dd8448eb211c80319c']);
const LIST = hostileText(['k', 'v', '=', ',', ';', ' ', '\t', '%', '%2', '%C3%A9', '%ZZ', '"', '@', 'a@b', '*', 'é']);
const TIMING = hostileText(['db', ';', 'dur', '=', '1.5', 'e9', 'desc', '"', '\\', ',', ' ', 'trace', '-', '.5']);
const VENDOR = hostileText([...HEX, 'Root=1-', 'Parent=', ';Sampled=1', '/', ';o=1', ':', '%3A', '_dd.p.tid=', ',']);

const traceId = fc.stringMatching(/^[0-9a-f]{32}$/).filter(isValidTraceId);
const spanId = fc.stringMatching(/^[0-9a-f]{16}$/).filter(isValidSpanId);

const nullOr = (value: string | null, valid: (v: string) => boolean) => value === null || valid(value);

function expectVendorTrace(found: VendorTrace | null) {
  if (found === null) return;
  expect(isValidTraceId(found.traceId)).toBe(true);
  expect(nullOr(found.spanId, isValidSpanId)).toBe(true);
}

describe('header parsers on any text', () => {
  it('traceparent: null, or valid ids and 8-bit flags', () => {
    fc.assert(
      fc.property(TRACEPARENT, (value) => {
        const tp = quickly(() => parseTraceparent(value));
        if (tp === null) return;
        expect(isValidTraceId(tp.traceId) && isValidSpanId(tp.parentId)).toBe(true);
        expect(tp.flags).toBeGreaterThanOrEqual(0);
        expect(tp.flags).toBeLessThanOrEqual(255);
        expect(tp.version).not.toBe('ff');
      }),
      RUNS,
    );
  });

  it('tracestate: at most 32 valid members with distinct keys', () => {
    fc.assert(
      fc.property(LIST, (value) => {
        const members = quickly(() => parseTracestate(value));
        expect(members.length).toBeLessThanOrEqual(32);
        expect(new Set(members.map((m) => m.key)).size).toBe(members.length);
        for (const m of members) expect(isValidTracestateKey(m.key) && isValidTracestateValue(m.value)).toBe(true);
        expect(parseTracestate(formatTracestate(members))).toEqual(members);
      }),
      RUNS,
    );
  });

  it('sentry-trace: null, or valid ids', () => {
    fc.assert(
      fc.property(TRACEPARENT, (value) => {
        const st = quickly(() => parseSentryTrace(value));
        if (st !== null) expect(isValidTraceId(st.traceId) && isValidSpanId(st.spanId)).toBe(true);
      }),
      RUNS,
    );
  });

  it('b3 single: null, or ids of the widths B3 allows', () => {
    fc.assert(
      fc.property(TRACEPARENT, (value) => {
        const b3 = quickly(() => parseB3Single(value));
        if (b3 === null) return;
        if (b3.traceId === null) expect(b3.spanId).toBeNull();
        else expect(/^[0-9a-f]{16}([0-9a-f]{16})?$/.test(b3.traceId) && !/^0+$/.test(b3.traceId)).toBe(true);
        expect(nullOr(b3.spanId, isValidSpanId) && nullOr(b3.parentSpanId, isValidSpanId)).toBe(true);
        expect(parseB3Single(formatB3Single(b3))).toEqual(b3.sampling === null ? { ...b3, parentSpanId: null } : b3);
      }),
      RUNS,
    );
  });

  it('b3 multi: any header values, any names', () => {
    const names = fc.constantFrom('x-b3-traceid', 'X-B3-SpanId', 'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags');
    const header = fc.record({ name: fc.oneof(names, anyText(10)), value: TRACEPARENT });
    fc.assert(
      fc.property(fc.array(header, { maxLength: 6 }), (headers) => {
        const b3 = quickly(() => parseB3Multi(headers));
        if (b3 === null) return;
        expect(nullOr(b3.spanId, isValidSpanId) && nullOr(b3.parentSpanId, isValidSpanId)).toBe(true);
      }),
      RUNS,
    );
  });

  it('baggage: token keys, and what it formats parses back the same', () => {
    fc.assert(
      fc.property(LIST, (value) => {
        const entries = quickly(() => parseBaggage(value));
        for (const e of entries) expect(isToken(e.key)).toBe(true);
        expect(parseBaggage(formatBaggage(entries))).toEqual(entries);
      }),
      RUNS,
    );
  });

  it('baggage merge: a value a header can carry, every addition applied or listed as dropped', () => {
    const additions = fc.dictionary(
      fc.oneof(fc.constantFrom('sentry-replay_id', 'session.id', 'k'), anyKey),
      anyText(40),
      {
        maxKeys: 3,
      },
    );
    fc.assert(
      fc.property(fc.option(LIST), additions, (existing, add) => {
        const merged = quickly(() => mergeBaggage(existing, add));
        expect(isHeaderSafe(merged.value)).toBe(true);
        const keys = parseBaggage(merged.value).map((e) => e.key);
        for (const key of Object.keys(add)) expect(keys.includes(key) || merged.dropped.includes(key)).toBe(true);
      }),
      RUNS,
    );
  });

  it('baggage values: decoding never throws, and decodes what encoding made', () => {
    fc.assert(
      fc.property(LIST, fc.string({ unit: 'grapheme', maxLength: 40 }), (raw, text) => {
        quickly(() => decodeBaggageValue(raw));
        const encoded = encodeBaggageValue(text);
        expect(isHeaderSafe(encoded)).toBe(true);
        expect(decodeBaggageValue(encoded)).toBe(text);
      }),
      RUNS,
    );
  });

  it('Server-Timing: named entries with finite durations', () => {
    fc.assert(
      fc.property(fc.oneof(TIMING, fc.array(TIMING, { maxLength: 3 })), (value) => {
        const entries = quickly(() => parseServerTiming(value));
        for (const e of entries) {
          expect(isToken(e.name)).toBe(true);
          if (e.dur !== undefined) expect(Number.isFinite(e.dur)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('vendor headers (X-Ray, Cloud Trace, Jaeger, Datadog): null, or W3C ids', () => {
    fc.assert(
      fc.property(VENDOR, VENDOR, VENDOR, (a, b, c) => {
        expectVendorTrace(quickly(() => parseXRayTraceId(a)));
        expectVendorTrace(quickly(() => parseCloudTraceContext(a)));
        expectVendorTrace(quickly(() => parseUberTraceId(a)));
        expectVendorTrace(
          quickly(() => parseDatadogTraceId({ traceId: a, parentId: b, tags: c, samplingPriority: b })),
        );
      }),
      RUNS,
    );
  });
});

describe('formatters and parsers agree', () => {
  it('traceparent and sentry-trace round-trip any valid context', () => {
    fc.assert(
      fc.property(traceId, spanId, fc.boolean(), (t, s, sampled) => {
        expect(parseTraceparent(formatTraceparent({ traceId: t, spanId: s, sampled }))).toMatchObject({
          traceId: t,
          parentId: s,
          sampled,
        });
        expect(parseSentryTrace(formatSentryTrace({ traceId: t, spanId: s, sampled }))).toEqual({
          traceId: t,
          spanId: s,
          sampled,
        });
      }),
      RUNS,
    );
  });
});

describe('response headers', () => {
  const NAMES = [
    'server-timing',
    'traceresponse',
    'sentry-trace',
    'traceparent',
    'x-trace-id',
    'b3',
    'x-b3-traceid',
    'x-b3-spanid',
    'x-amzn-trace-id',
    'x-cloud-trace-context',
    'uber-trace-id',
    'x-datadog-trace-id',
    'x-datadog-tags',
    'x-request-id',
  ];
  const value = fc.oneof(TRACEPARENT, TIMING, VENDOR);
  const name = fc.oneof(
    fc.constantFrom(...NAMES),
    fc.constantFrom(...NAMES).map((n) => n.toUpperCase()),
    anyKey,
  );
  const asArray = fc.array(fc.record({ name, value }), { maxLength: 8 });
  const asRecord = fc.dictionary(name, value, { maxKeys: 8 });

  it('finds at most one valid trace, a capped request id and finite timings, from any headers', () => {
    fc.assert(
      fc.property(fc.oneof(asArray, asRecord), (headers) => {
        const found = quickly(() => traceIdsFromResponseHeaders(headers));
        expect(nullOr(found.traceId, isValidTraceId) && nullOr(found.spanId, isValidSpanId)).toBe(true);
        if (found.traceId === null) expect(found.spanId).toBeNull();
        expect(found.correlationId?.length ?? 0).toBeLessThanOrEqual(256);
        for (const m of found.metrics) expect(Number.isFinite(m.dur) && isToken(m.name)).toBe(true);
      }),
      RUNS,
    );
  });

  it('skips header entries that are not name and value strings (imported files carry anything)', () => {
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 6 }), (entries) => {
        const view = quickly(() => headerView(entries as { name: string; value?: string }[]));
        for (const v of view.all('traceparent')) expect(typeof v).toBe('string');
        expect(() => traceIdsFromResponseHeaders(entries as { name: string; value?: string }[])).not.toThrow();
      }),
      RUNS,
    );
  });
});
