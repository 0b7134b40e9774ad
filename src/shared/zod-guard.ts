/**
 * zod 4 runs a string's or array's length checks (`.min`, `.max`) on any value that has a `length`, even after
 * the type check failed, and compares that `length` with a number: `{ length: { toString: 1 } }` makes the
 * comparison throw a TypeError out of `safeParse` (and `readSettings`, and every listener that validates a
 * message). Pages, content scripts and stored data can all send such a value, so the schemas at those
 * boundaries are guarded: a throw while parsing is a failed parse whose one issue says why.
 */
import { z } from 'zod';

function refusal(error: unknown): z.ZodError {
  const reason = error instanceof Error ? error.message : String(error);
  return new z.ZodError([{ code: 'custom', path: [], input: undefined, message: `unreadable value (${reason})` }]);
}

/** The same schema, its `safeParse` never throwing and its `parse` throwing only a ZodError. */
export function guarded<S extends z.ZodType>(schema: S): S {
  const safeParse = schema.safeParse.bind(schema);
  const parse = schema.parse.bind(schema);
  const guardedSafeParse: typeof safeParse = (data, params) => {
    try {
      return safeParse(data, params);
    } catch (error) {
      return { success: false, error: refusal(error) } as ReturnType<typeof safeParse>;
    }
  };
  const guardedParse: typeof parse = (data, params) => {
    try {
      return parse(data, params);
    } catch (error) {
      throw error instanceof z.ZodError ? error : refusal(error);
    }
  };
  return Object.assign(schema, { safeParse: guardedSafeParse, parse: guardedParse });
}

/** Every schema of a table (a channel's calls or answers), guarded. */
export function guardedAll<T extends Record<string, z.ZodType>>(table: T): T {
  for (const schema of Object.values(table)) guarded(schema);
  return table;
}
