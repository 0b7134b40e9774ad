/**
 * For e2e assertions on headers that arrived at a fixture server: a traceparent as Tandem sends it
 * (version 00, sampled), checked by the product's own parser (non-zero lowercase hex ids), its fields returned.
 */
import { expect } from 'vitest';
import { parseTraceparent, type Traceparent } from '../../src/shared/trace/traceparent';

/** Exactly what Tandem writes: no whitespace around it, nothing after the flags. */
const AS_SENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

/** Fails the test unless `header` is a valid traceparent as Tandem sends it; returns its fields. */
export function expectTraceparent(header: string | string[] | undefined): Traceparent {
  expect(header).toMatch(AS_SENT);
  const parsed = parseTraceparent(String(header));
  expect(parsed, `${String(header)} is not a valid traceparent`).toMatchObject({ version: '00', sampled: true });
  return parsed!;
}
