import { describe, expect, it } from 'vitest';
import { parseLookupId } from '../../../src/shared/lookup-id';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const none = { traceId: null, spanId: null, sessionId: null, requestId: null };

describe('parseLookupId', () => {
  it('reads a 32-hex id as a trace id and a session id, trimmed and lowercased', () => {
    expect(parseLookupId(`  ${TRACE.toUpperCase()}\n`)).toEqual({
      ...none,
      text: TRACE.toUpperCase(),
      traceId: TRACE,
      sessionId: TRACE,
    });
  });

  it('reads a UUID with dashes as the 32-hex id it spells', () => {
    const uuid = '4bf92f35-77b3-4da6-a3ce-929d0e0e4736';
    expect(parseLookupId(uuid)).toMatchObject({ traceId: TRACE, sessionId: TRACE });
    expect(parseLookupId(uuid, 'replay')).toMatchObject({ sessionId: TRACE, traceId: null });
  });

  it('reads a 16-hex id as a span id and a 64-bit trace id', () => {
    expect(parseLookupId(SPAN)).toEqual({ ...none, text: SPAN, spanId: SPAN, traceId: `${'0'.repeat(16)}${SPAN}` });
  });

  it('reads a traceparent and a sentry-trace value as their trace and span', () => {
    for (const header of [
      `00-${TRACE}-${SPAN}-01`,
      `${TRACE}-${SPAN}-1`,
      `${TRACE}-${SPAN}`,
      `00-${TRACE.toUpperCase()}-${SPAN}-00`,
    ])
      expect(parseLookupId(header)).toMatchObject({ traceId: TRACE, spanId: SPAN, sessionId: null });
  });

  it('takes anything else short and token-like as a request id', () => {
    expect(parseLookupId('13417')).toEqual({ ...none, text: '13417', requestId: '13417' });
    expect(parseLookupId('1111111111111111:f1', 'request')).toMatchObject({ requestId: '1111111111111111:f1' });
    expect(parseLookupId('not an id')).toBeNull();
    expect(parseLookupId('   ')).toBeNull();
  });

  it('holds a named kind to its shape', () => {
    expect(parseLookupId(`00-${TRACE}-${SPAN}-01`, 'trace')).toEqual({
      ...none,
      text: `00-${TRACE}-${SPAN}-01`,
      traceId: TRACE,
    });
    expect(parseLookupId(`00-${TRACE}-${SPAN}-01`, 'span')).toMatchObject({ spanId: SPAN, traceId: null });
    expect(parseLookupId(SPAN, 'trace')).toMatchObject({ traceId: `${'0'.repeat(16)}${SPAN}` });
    expect(parseLookupId('13417', 'trace')).toBeNull();
    expect(parseLookupId(SPAN, 'replay')).toBeNull();
    expect(parseLookupId(TRACE, 'span')).toBeNull();
    expect(parseLookupId('0'.repeat(32), 'trace')).toBeNull();
  });
});
