/**
 * Trace and span ids for the wrapper, made ahead of time: drawing random bytes (a system call) and turning
 * them into hex cost more than the rest of the wrapper's work inside a fetch() call on a slow machine
 * (bench/fetch/wrapper.ts). The pool is filled in a later task when it runs low (the page hooks' tick; first after
 * the first request, so pages that never record pay nothing), and the page's call only takes a pair; a
 * call that finds it empty makes its ids on the spot.
 */
import type { TraceIds } from '../../shared/propagation';

export interface IdPool {
  /** A fresh pair: 32 and 16 lowercase hex digits, never all zero. */
  take(): TraceIds;
  /** 32 lowercase hex digits (an interaction's trace id). */
  traceId(): string;
  /** `count` fresh pairs at once, for work done ahead in a later task (header-pool.ts). */
  takeMany(count: number): TraceIds[];
}

export interface IdPoolOptions {
  /** Random bytes, like crypto.getRandomValues. */
  random: (bytes: Uint8Array<ArrayBuffer>) => void;
  /** Runs a function in a later task (ticker.ts), not in the caller's. */
  later: (fn: () => void) => void;
  size?: number;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const PAIR_BYTES = 24;

export function idPool({ random, later, size = 64 }: IdPoolOptions): IdPool {
  const ready: TraceIds[] = [];
  let scheduled = false;

  const make = (count: number): TraceIds[] => {
    const bytes = new Uint8Array(PAIR_BYTES * count);
    random(bytes);
    const out: TraceIds[] = [];
    for (let p = 0; p < count; p++) {
      const at = p * PAIR_BYTES;
      let traceId = '';
      let spanId = '';
      for (let i = at; i < at + 16; i++) traceId += HEX[bytes[i]!];
      for (let i = at + 16; i < at + PAIR_BYTES; i++) spanId += HEX[bytes[i]!];
      // W3C trace context: an all-zero id is invalid (odds 2^-64, but cheap to rule out).
      if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) continue;
      out.push({ traceId, spanId });
    }
    return out;
  };
  const refill = () => {
    scheduled = false;
    ready.push(...make(size - ready.length));
  };
  const take = (): TraceIds => {
    if (!scheduled && ready.length <= size / 2) {
      scheduled = true;
      later(refill);
    }
    return ready.pop() ?? make(1)[0] ?? take();
  };
  const takeMany = (count: number): TraceIds[] => {
    const out = ready.splice(Math.max(0, ready.length - count));
    while (out.length < count) out.push(...make(count - out.length));
    return out;
  };
  return { take, traceId: () => take().traceId, takeMany };
}
