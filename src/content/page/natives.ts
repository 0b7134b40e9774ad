/**
 * Built-ins the MAIN-world scripts use on data the page must not see or change, captured when this module is
 * evaluated: at document_start, before the page's scripts (docs/architecture.md, "The page bridge"). Later, a
 * page may replace any prototype's methods; calling them then would hand it our arrays and ports.
 */
const defineProperty = Reflect.defineProperty;

export const apply = Reflect.apply;
export const isArray = Array.isArray;

/**
 * `list.push(item)` without Array.prototype: push (and `list[i] = item`) call a setter a page defines on
 * Array.prototype for that index, which would be handed the list; defining the property calls nothing.
 */
export function append<T>(list: T[], item: T): void {
  defineProperty(list, list.length, { value: item, writable: true, enumerable: true, configurable: true });
}
