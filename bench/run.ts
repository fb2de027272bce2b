/**
 * `npm run bench`: runs every benchmark suite in order (or those named: `npm run bench -- client`) and
 * prints one markdown report on stdout (progress goes to stderr). Not a test: nothing here passes or
 * fails on timing.
 */
import { clientSuite } from './client/clientSuite.js';
import { codecSuite } from './codec/codecSuite.js';
import { e2eSuite } from './e2e/e2eSuite.js';
import { hostileSuite } from './hostile/hostileSuite.js';
import type { BenchSuite } from './lib/BenchSuite.js';
import { serverLimitsSuite } from './server/serverLimitsSuite.js';

/** Add a suite here to have `npm run bench` run it. */
const suites: readonly BenchSuite[] = [codecSuite, clientSuite, hostileSuite, serverLimitsSuite, e2eSuite];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !suites.some((suite) => suite.name === name));
if (unknown.length > 0) {
  throw new Error(`unknown suite ${unknown.join(', ')}: choose from ${suites.map((s) => s.name).join(', ')}`);
}

const started = performance.now();
process.stdout.write('# rxjs-xmlrpc benchmarks\n');
for (const suite of suites.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.name))) {
  const report = await suite.run();
  process.stdout.write(`\n## ${suite.title}\n\n${report}\n`);
}
process.stderr.write(`[bench] done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
