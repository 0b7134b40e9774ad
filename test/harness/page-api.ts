/**
 * Typed calls to the functions a test page puts on `window` (test/fixtures/page-apis.ts declares them for
 * the fixture pages, bench/fetch/timing-page.ts for the bench's): `await pageApi<DomChangesPage>(page).stopChanges()`
 * runs `window.stopChanges()` in the page and fails with the function's name if the page has none.
 */
import type { Page } from 'playwright-core';

/** Each function of `T` called from Node: the same arguments (passed by value), its result awaited. */
export type PageApi<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/**
 * Runs in the page. No named function inside: the bench runs this through tsx, whose name helper does not
 * exist in the page.
 */
function callInPage([name, args]: readonly [string, unknown[]]): unknown {
  const fn: unknown = Reflect.get(window, name);
  if (typeof fn !== 'function') throw new Error(`the page has no window.${name}()`);
  return Reflect.apply(fn, window, args);
}

export function pageApi<T extends object>(page: Page): PageApi<T> {
  return new Proxy({} as PageApi<T>, {
    get: (_, name) =>
      // Not `then`: an awaited api object must not look like a promise.
      typeof name === 'string' && name !== 'then'
        ? (...args: unknown[]) => page.evaluate(callInPage, [name, args] as const)
        : undefined,
  });
}
