/**
 * A page's later scripts replacing built-ins, for one test at a time: `hostile` redefines a property the way
 * a page can, and each change is undone in reverse order by `undoAll` (after each test) or `undoLast`.
 */
const undo: (() => void)[] = [];

export function hostile(obj: object, key: PropertyKey, descriptor: PropertyDescriptor): void {
  const before = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, { configurable: true, ...descriptor });
  undo.push(() => {
    if (before) Object.defineProperty(obj, key, before);
    else delete (obj as Record<PropertyKey, unknown>)[key];
  });
}

/** Undoes the newest change still in place. */
export function undoLast(): void {
  undo.pop()?.();
}

export function undoAll(): void {
  while (undo.length) undo.pop()!();
}
