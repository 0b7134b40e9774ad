import { describe, expect, it } from 'vitest';
import {
  parseCloudTraceContext,
  parseDatadogTraceId,
  parseUberTraceId,
  parseXRayTraceId,
} from '../../../../src/shared/trace/vendors';

describe('parseXRayTraceId (AWS X-Ray tracing header)', () => {
  it('reads "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"', () => {
    expect(parseXRayTraceId('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1')).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: null,
      sampled: true,
    });
  });

  it('reads "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"', () => {
    expect(parseXRayTraceId('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1')).toEqual({
      traceId: '5759e988bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      sampled: true,
    });
  });

  it("takes Root, not the load balancer's Self, in any field order and with spaces", () => {
    const header = 'Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678; Sampled=0';
    expect(parseXRayTraceId(header)).toEqual({
      traceId: '67891233abcdef012345678912345678',
      spanId: null,
      sampled: false,
    });
  });

  it.each([
    ['an unknown version', 'Root=2-5759e988-bd862e3fe1be46a994272793'],
    ['a short random part', 'Root=1-5759e988-bd862e3fe1be46a99427279'],
    ['no dashes', 'Root=15759e988bd862e3fe1be46a994272793'],
    ['no Root', 'Parent=53995c3f42cd8ad8;Sampled=1'],
    ['an all-zero id', 'Root=1-00000000-000000000000000000000000'],
    ['garbage', ';;==;'],
    ['empty', ''],
  ])('rejects %s', (_, header) => {
    expect(parseXRayTraceId(header)).toBeNull();
  });

  it('ignores an invalid Parent but keeps the trace id', () => {
    expect(parseXRayTraceId('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz')?.spanId).toBeNull();
  });
});

describe('parseCloudTraceContext (Google Cloud X-Cloud-Trace-Context)', () => {
  it('reads TRACE_ID/SPAN_ID;o=1 with a decimal span id', () => {
    expect(parseCloudTraceContext('105445aa7843bc8bf206b12000100000/1;o=1')).toEqual({
      traceId: '105445aa7843bc8bf206b12000100000',
      spanId: '0000000000000001',
      sampled: true,
    });
  });

  // App Engine's TraceContextHelper documents these as valid.
  it.each([
    ['000000000000007b00000000000001c8/789;o=1', '0000000000000315', true],
    ['000000000000007b00000000000001c8/789;o=', '0000000000000315', null],
    ['000000000000007b00000000000001c8/789', '0000000000000315', null],
    ['000000000000007b00000000000001c8/;o=1', null, true],
    ['000000000000007b00000000000001c8/', null, null],
    ['000000000000007b00000000000001c8;o=0', null, false],
    ['000000000000007b00000000000001c8', null, null],
  ])('reads %s', (header, spanId, sampled) => {
    expect(parseCloudTraceContext(header)).toEqual({ traceId: '000000000000007b00000000000001c8', spanId, sampled });
  });

  it('converts the largest 64-bit span id and drops one that overflows', () => {
    expect(parseCloudTraceContext('105445aa7843bc8bf206b12000100000/18446744073709551615')?.spanId).toBe(
      'ffffffffffffffff',
    );
    expect(parseCloudTraceContext('105445aa7843bc8bf206b12000100000/18446744073709551616')?.spanId).toBeNull();
  });

  it.each(['105445aa7843bc8bf206b1200010000/1', '105445aa-7843/1', '00000000000000000000000000000000/1;o=1', 'x', ''])(
    'rejects %s',
    (header) => {
      expect(parseCloudTraceContext(header)).toBeNull();
    },
  );
});

describe('parseUberTraceId (Jaeger)', () => {
  it('reads the OpenTelemetry propagator example', () => {
    expect(parseUberTraceId('000000000000000000000000deadbeef:00000000deadbef0:00000000:01')).toEqual({
      traceId: '000000000000000000000000deadbeef',
      spanId: '00000000deadbef0',
      sampled: true,
    });
  });

  it('left-pads ids written without leading zeros', () => {
    expect(parseUberTraceId('51729f13a64c2ef3:258169797d519815:51729f13a64c2ef3:1')).toEqual({
      traceId: '000000000000000051729f13a64c2ef3',
      spanId: '258169797d519815',
      sampled: true,
    });
    expect(parseUberTraceId('deadbeef:beef:0:0')).toEqual({
      traceId: '000000000000000000000000deadbeef',
      spanId: '000000000000beef',
      sampled: false,
    });
  });

  it('reads URL-encoded colons and masks the flags (3 = sampled + debug)', () => {
    expect(parseUberTraceId('deadbeef%3Abeef%3a0%3A3')).toMatchObject({
      traceId: '000000000000000000000000deadbeef',
      sampled: true,
    });
  });

  it.each([
    'deadbeef:beef:0',
    'deadbeef:beef:0:1:1',
    '0:beef:0:1',
    'deadbeef:0:0:1',
    'xyz:beef:0:1',
    'deadbeef:beef:0:100',
    `${'a'.repeat(33)}:beef:0:1`,
    '',
  ])('rejects %s', (header) => {
    expect(parseUberTraceId(header)).toBeNull();
  });
});

describe('parseDatadogTraceId', () => {
  it('converts the decimal 64-bit id into the low half of a W3C id', () => {
    expect(parseDatadogTraceId({ traceId: '3089600317904219670', parentId: '789', samplingPriority: '1' })).toEqual({
      traceId: '00000000000000002ae0771ea69d6e16',
      spanId: '0000000000000315',
      sampled: true,
    });
  });

  it('takes the high half from _dd.p.tid in x-datadog-tags', () => {
    expect(
      parseDatadogTraceId({ traceId: '3089600317904219670', tags: '_dd.p.dm=-1,_dd.p.tid=18962fdd9eea517f' })?.traceId,
    ).toBe('18962fdd9eea517f2ae0771ea69d6e16');
    expect(parseDatadogTraceId({ traceId: '3089600317904219670', tags: '_dd.p.tid=nothex' })?.traceId).toBe(
      '00000000000000002ae0771ea69d6e16',
    );
  });

  it('reads sampling priorities: 2 and 1 keep, 0 and -1 drop, absent is unknown', () => {
    const of = (samplingPriority: string | null) => parseDatadogTraceId({ traceId: '1', samplingPriority })?.sampled;
    expect([of('2'), of('1'), of('0'), of('-1'), of(null), of('x')]).toEqual([true, true, false, false, null, null]);
  });

  it.each(['0', '-5', 'abc', '18446744073709551616', ''])('rejects trace id %s', (traceId) => {
    expect(parseDatadogTraceId({ traceId })).toBeNull();
  });

  it('returns null without the header', () => {
    expect(parseDatadogTraceId({ traceId: null })).toBeNull();
  });
});
