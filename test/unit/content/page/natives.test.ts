import { describe, expect, it } from 'vitest';
import { append } from '../../../../src/content/page/natives';

describe('append', () => {
  it('appends like push', () => {
    const list: number[] = [];
    for (let i = 0; i < 5; i++) append(list, i);
    expect(list).toEqual([0, 1, 2, 3, 4]);
  });

  it('never hands the list to a setter a page put on an index of Object.prototype or Array.prototype', () => {
    const handed = new Set<unknown>();
    const steal = {
      configurable: true,
      set(this: unknown) {
        handed.add(this);
      },
    };
    Object.defineProperty(Object.prototype, '1', steal);
    Object.defineProperty(Array.prototype, '2', steal);
    const list: string[] = [];
    try {
      for (const item of ['a', 'b', 'c', 'd']) append(list, item);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['1'];
      delete (Array.prototype as unknown as Record<string, unknown>)['2'];
    }
    expect(handed.has(list)).toBe(false);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never hands the list to a Proxy a page put under Array.prototype', () => {
    const handed = new Set<unknown>();
    const original = Object.getPrototypeOf(Array.prototype);
    const trap = new Proxy(original, {
      has: () => false, // lies to an `in` check
      set(_target, _key, _value, receiver) {
        handed.add(receiver);
        return true;
      },
    });
    Object.setPrototypeOf(Array.prototype, trap);
    const list: number[] = [];
    try {
      append(list, 1);
      append(list, 2);
    } finally {
      Object.setPrototypeOf(Array.prototype, original);
    }
    expect(handed.has(list)).toBe(false);
    expect(list).toEqual([1, 2]);
  });
});
