/**
 * Trace header sets made ahead of time for the wrapper's common case: a request to the page's own origin
 * that carries no headers of the page's, with one trace per request. Then nothing is adopted, kept or
 * merged, so the headers depend only on fresh ids, the sameOrigin propagators and the replay id, and the
 * whole set can be written in a later task (the page hooks' tick) instead of inside the page's fetch()
 * call, where writing the strings was a large part of the wrapper's own JavaScript (docs/network.md has the
 * figures; bench/fetch/wrapper.ts measures the whole call). Like the id pool it fills only after a first request,
 * and a call that finds it empty, or made for other propagators, gets null and builds its headers on the spot.
 */
import { propagationHeaders, type PropagationResult, type TraceIds } from '../../shared/propagation';
import type { Propagator } from '../../shared/settings';

export interface HeaderPool {
  /** A ready set for these propagators and replay id, or null (the caller builds one). */
  take(propagators: readonly Propagator[], replayId: string): PropagationResult | null;
}

export interface HeaderPoolOptions {
  /** Fresh ids (id-pool.ts), called only in `later` tasks. */
  ids: (count: number) => TraceIds[];
  /** Runs a function in a later task (ticker.ts), not in the caller's. */
  later: (fn: () => void) => void;
  size?: number;
}

const same = (a: readonly Propagator[], b: readonly Propagator[]) =>
  a.length === b.length && a.every((p, i) => p === b[i]);

export function headerPool({ ids, later, size = 32 }: HeaderPoolOptions): HeaderPool {
  let ready: PropagationResult[] = [];
  let propagators: readonly Propagator[] = [];
  let replayId = '';
  let scheduled = false;

  const fill = () => {
    scheduled = false;
    if (propagators.length === 0) return;
    for (const fresh of ids(size - ready.length)) ready.push(propagationHeaders(null, propagators, fresh, replayId));
  };
  return {
    take(wanted, id) {
      // Each control message brings a new config object: the same propagators in a new array keep the pool.
      if (wanted !== propagators || id !== replayId) {
        if (id !== replayId || !same(wanted, propagators)) ready = [];
        propagators = wanted;
        replayId = id;
      }
      if (!scheduled && ready.length <= size / 2) {
        scheduled = true;
        later(fill);
      }
      return ready.pop() ?? null;
    },
  };
}
