/**
 * A read-only, case-insensitive view of HTTP headers in the two shapes Tandem meets them:
 * `chrome.webRequest`'s `HttpHeaders` (an array that may repeat a name and may carry
 * `binaryValue` instead of `value`) and a plain record (HAR exports, tests, `Headers` converted).
 */

export type HeaderInput =
  | ReadonlyArray<{ readonly name: string; readonly value?: string }>
  | Readonly<Record<string, string>>;

export interface HeaderView {
  /** The first value of the header, or null. B3 says "the first value wins"; the others agree. */
  get(name: string): string | null;
  /** Every value of the header, in order (for list headers such as Server-Timing). */
  all(name: string): string[];
}

export function headerView(input: HeaderInput): HeaderView {
  const byName = new Map<string, string[]>();
  const add = (name: unknown, value: unknown): void => {
    // Input comes from the network and from imported files: skip anything that is not a string.
    if (typeof name !== 'string' || typeof value !== 'string') return;
    const key = name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(value);
    else byName.set(key, [value]);
  };
  if (Array.isArray(input)) {
    for (const header of input as ReadonlyArray<{ name: string; value?: string }>) {
      if (header !== null && typeof header === 'object') add(header.name, header.value);
    }
  } else {
    for (const [name, value] of Object.entries(input)) add(name, value);
  }
  return {
    get: (name) => byName.get(name.toLowerCase())?.[0] ?? null,
    all: (name) => byName.get(name.toLowerCase()) ?? [],
  };
}
