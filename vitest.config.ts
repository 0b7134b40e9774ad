import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import preact from '@preact/preset-vite';

/** `npm run test:soak`: the long fault durations and the soak files, never part of `npm test` (docs/testing.md). */
const soak = process.env.TANDEM_SOAK === '1';

export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'test/unit/devtools/**/*.test.tsx'],
          environment: 'node',
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The panel's components, rendered in a DOM (happy-dom) against a test Host.
          name: 'components',
          include: ['test/unit/devtools/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/devtools/setup-dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // One browser at a time: the machines have two cores and the browser needs both.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Conditions in a real browser take longer than vitest's 1 s default to come true.
          expect: { poll: { timeout: 15_000, interval: 50 } },
        },
      },
      ...(soak
        ? [
            {
              extends: true,
              test: {
                name: 'soak',
                // The worker-stop test of durability.test.ts reads TANDEM_SOAK for its 5-minute run.
                include: ['test/soak/**/*.test.ts', 'test/e2e/durability.test.ts'],
                environment: 'node',
                fileParallelism: false,
                testTimeout: 30 * 60_000,
                hookTimeout: 60_000,
                expect: { poll: { timeout: 15_000, interval: 50 } },
              },
            } satisfies TestProjectInlineConfiguration,
          ]
        : []),
    ],
  },
});
