import { createServer } from 'node:net';
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { findChromium, INSTALL_CHROMIUM } from './spec/helpers/findChromium.js';

const timeouts = { testTimeout: 20_000, hookTimeout: 30_000 };
const BROWSER_SPECS = 'spec/browser/**/*.browser.spec.ts';

/** A port free right now on 127.0.0.1, so that the test page's origin is known before it is served. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The core's browser-facing specs, in the system's Chromium against a server the global setup starts
 * in Node. Without Chromium they are skipped with one line saying so, unless REQUIRE_BROWSER=1 (CI)
 * makes that a failure.
 */
async function browserProject(): Promise<TestProjectInlineConfiguration[]> {
  const chromium = findChromium();
  if (chromium === undefined) {
    const problem = `no Chromium found: ${INSTALL_CHROMIUM}`;
    if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${problem}`);
    console.warn(`Browser specs (${BROWSER_SPECS}) skipped: ${problem}.`);
    return [];
  }
  return [
    {
      // Bundled before the first spec runs: found later, Vite would reload the page under a running spec.
      optimizeDeps: { include: ['rxjs', 'rxjs/ajax', 'rxjs/fetch', 'txml/txml'] },
      test: {
        name: 'browser',
        include: [BROWSER_SPECS],
        globalSetup: ['spec/browser/setup/serveTestEndpoints.ts'],
        // After the node specs: Chromium would otherwise compete for the CPU with their timed child processes.
        sequence: { groupOrder: 1 },
        ...timeouts,
        browser: {
          enabled: true,
          // The global setup allows this origin in its servers' CORS; strict, so it cannot move.
          api: { host: '127.0.0.1', port: await freePort(), strictPort: true },
          headless: true,
          provider: playwright({ launchOptions: chromium }),
          instances: [{ browser: 'chromium' }],
          screenshotFailures: false,
        },
      },
    },
  ];
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['spec/**/*.spec.ts'],
          exclude: [...configDefaults.exclude, BROWSER_SPECS],
          ...timeouts,
        },
      },
      ...(await browserProject()),
    ],
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
