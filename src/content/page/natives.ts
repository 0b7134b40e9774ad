/**
 * Built-ins the MAIN-world scripts use on data the page must not see or change, captured when this module is
 * evaluated: at document_start, before the page's scripts (docs/architecture.md, "The page bridge"). Later, a
 * page may replace any prototype's methods; calling them then would hand it our arrays and ports.
 */
const defineProperty = Reflect.defineProperty;
const protoOf = Object.getPrototypeOf;
const ArrayProto = Array.prototype;
const ObjectProto = Object.prototype;

export const apply = Reflect.apply;
export const isArray = Array.isArray;

/**
 * `list.push(item)` without Array.prototype: push (and `list[i] = item`) call a setter a page defines on
 * Array.prototype (or Object.prototype) for that index, which would be handed the list. Assigned directly when
 * no prototype on the way has that index (as fast as push); defined otherwise (which calls nothing, but costs
 * microseconds: it leaves V8's fast elements).
 */
export function append<T>(list: T[], item: T): void {
  const n = list.length;
  if (protoOf(ArrayProto) !== ObjectProto || n in ArrayProto)
    defineProperty(list, n, { value: item, writable: true, enumerable: true, configurable: true });
  else list[n] = item;
}
