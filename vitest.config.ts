import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The dashboard page runs in Chromium (spec/e2e/dashboard.spec.ts), out of Node's coverage.
      exclude: ['src/dashboard/page/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // Enforced by `npm test` (which runs with --coverage): a drop below fails the run.
      thresholds: { lines: 95, branches: 90 },
    },
  },
});
