import { configDefaults, defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

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
    ],
  },
});
