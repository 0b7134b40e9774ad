/**
 * How normalisers fail: a private exception thrown anywhere inside one conversion and turned into
 * `{ ok: false, error }` at the public edge, so a bad payload never escapes as a throw and never
 * yields half a trace.
 */
import type { z } from 'zod';
import type { Trace, TracesResult } from './model';

/** Thrown inside a normaliser for input it refuses; caught by `safely`. */
export class PayloadError extends Error {}

export function fail(message: string): never {
  throw new PayloadError(message);
}

/** One line per zod issue, with the path into the payload, capped so a hostile payload cannot flood the message. */
function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return `${lines.join('; ')}${more}`;
}

/** Validates `value` or fails with `<what>: <issues>`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  let parsed: z.ZodSafeParseResult<z.infer<S>>;
  try {
    parsed = schema.safeParse(value);
  } catch (error) {
    // zod can throw on a hostile value (see zod-guard.ts): a refusal like any other, not an unexpected failure.
    return fail(`${what}: unreadable value (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!parsed.success) fail(`${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

const MAX_WARNINGS = 50;

/** Adds a warning; past a cap only counts, so a payload of a million odd spans cannot flood the caller. */
export function warn(warnings: string[], message: string): void {
  if (warnings.length < MAX_WARNINGS) warnings.push(message);
  else if (warnings.length === MAX_WARNINGS) warnings.push('further warnings omitted');
}

/**
 * Runs one conversion and returns its traces, or the first refusal as an error. Anything else thrown
 * (a stack overflow on absurd nesting, a bug) is reported the same way rather than crashing the caller.
 */
export function safely(label: string, convert: (warnings: string[]) => Trace[]): TracesResult {
  const warnings: string[] = [];
  try {
    return { ok: true, traces: convert(warnings), warnings };
  } catch (error) {
    const reason = error instanceof PayloadError ? error.message : `unexpected failure: ${String(error)}`;
    return { ok: false, error: `${label}: ${reason}` };
  }
}
