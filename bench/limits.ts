/** How long the bench measures and how much outside noise it accepts; shared by run.ts and the notes. */

/** Five: with three, one slow repetition of a variant moved a ratio's median by more than 5% on 2 cores. */
export const REPS = Number(process.env.BENCH_REPS ?? 5);
export const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 6000);
export const WARMUP_MS = 2000;
export const FIREHOSE = { offeredKBps: 8000, windowMs: 8000 };
export const PROFILE_MS = 3000;

/** Other programs using more CPU than this (15% of a 2-core machine) during a window spoil it: measure again. */
export const MAX_OTHER_LOAD_MS_PER_S = 300;
export const MAX_RETRIES = 2;
/**
 * The repeated measurements must be done this long after the start: a measurement is taken again only if
 * the ones still to come (at the average duration so far) fit as well. Keeps `npm run bench` within ~12
 * minutes on 2 cores however busy the machine is.
 */
export const MATRIX_BUDGET_MS = 460_000;
