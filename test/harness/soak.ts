/**
 * `npm run test:soak` sets TANDEM_SOAK=1: the same fault tests run for their long durations (docs/testing.md),
 * and the soak-only files (test/soak/) join the run. `npm test` keeps the short ones.
 */
export const SOAK = process.env.TANDEM_SOAK === '1';
