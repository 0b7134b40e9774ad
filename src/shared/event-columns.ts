/**
 * The column form of a compacted chunk's events (codec `gzip-columns`, docs/storage.md "Compaction"). Every
 * number and string value moves out of the events into a column of its key path (`data.positions.x`,
 * `data.adds.node.textContent`...), an integer as its difference from the previous one there (timestamps,
 * node ids and pointer positions grow by small steps). What stays is the events' shape, which repeats, and
 * each column holds values alike; gzip finds far longer repeats in these than in the events' JSON, where the
 * values of every path are interleaved (ratios: BENCHMARKS.md, storage). Lossless: `packEvents` checks its own
 * round trip and gives up (the caller stores JSON) when it would not be exact.
 */

/** Separates the parts: JSON.stringify escapes every control character, so it is never inside one. */
const SPLIT = '\u0002';
/** Differences of integers up to this size are exact in a double; larger ones stay as they are. */
const MAX_DELTA_INPUT = 2 ** 52;

/** A key path (object keys from the root, array positions left out): its columns and the last integer seen. */
class PathNode {
  last = 0;
  numbers: number[] | null = null;
  strings: string[] | null = null;
  /** Read positions in the columns, when unpacking. */
  nextNumber = 0;
  nextString = 0;
  private readonly children = new Map<string, PathNode>();

  child(key: string): PathNode {
    const known = this.children.get(key);
    if (known) return known;
    const node = new PathNode();
    this.children.set(key, node);
    return node;
  }
}

interface Visit {
  number(n: number, at: PathNode): number;
  string(s: string, at: PathNode): string;
}

/** Rewrites every number and string value of `value` in place, in document order, with its key path. */
function walk(value: unknown, at: PathNode, visit: Visit): unknown {
  if (typeof value === 'number') return visit.number(value, at);
  if (typeof value === 'string') return visit.string(value, at);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = walk(value[i], at, visit);
  } else if (value !== null && typeof value === 'object') {
    // In place: assigning to an own key (even "__proto__", which JSON.parse makes an own property) sets it.
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = walk(record[key], at.child(key), visit);
  }
  return value;
}

/**
 * The column form of `events` (a JSON array of plain values, as parsed from a chunk), or null when it would
 * not give back exactly `JSON.stringify(events)`. `events` is left unchanged.
 */
export function packEvents(events: readonly unknown[]): string | null {
  const json = JSON.stringify(events);
  const numbers: number[][] = [];
  const strings: string[][] = [];
  const shape = walk(JSON.parse(json), new PathNode(), {
    number(n, at) {
      if (!at.numbers) {
        at.numbers = [];
        numbers.push(at.numbers);
      }
      const exact = Number.isInteger(n) && Math.abs(n) <= MAX_DELTA_INPUT;
      at.numbers.push(exact ? n - at.last : n);
      if (exact) at.last = n;
      return 0;
    },
    string(s, at) {
      if (!at.strings) {
        at.strings = [];
        strings.push(at.strings);
      }
      at.strings.push(s);
      return '';
    },
  });
  const packed = [shape, numbers, strings].map((part) => JSON.stringify(part)).join(SPLIT);
  try {
    return JSON.stringify(unpackEvents(packed)) === json ? packed : null;
  } catch {
    return null;
  }
}

/** The events rebuilt from the column form. Throws on text that is not one. */
export function unpackEvents(packed: string): unknown[] {
  const parts = packed.split(SPLIT).map((part): unknown => JSON.parse(part));
  const [shape, numbers, strings] = parts;
  if (parts.length !== 3 || !Array.isArray(shape) || !isColumns(numbers) || !isColumns(strings))
    throw new Error('not the column form');
  // Columns are listed in the order their paths first hold a value, which this walk repeats.
  let numberColumns = 0;
  let stringColumns = 0;
  return walk(shape, new PathNode(), {
    number(_zero, at) {
      at.numbers ??= (numbers[numberColumns++] as number[] | undefined) ?? [];
      const n = at.numbers[at.nextNumber++];
      if (typeof n !== 'number') throw new Error('column form: a number is missing');
      if (!Number.isInteger(n)) return n;
      at.last += n;
      return at.last;
    },
    string(_empty, at) {
      at.strings ??= (strings[stringColumns++] as string[] | undefined) ?? [];
      const s = at.strings[at.nextString++];
      if (typeof s !== 'string') throw new Error('column form: a string is missing');
      return s;
    },
  }) as unknown[];
}

const isColumns = (v: unknown): v is unknown[][] => Array.isArray(v) && v.every(Array.isArray);
