/** One group of benchmarks run by `npm run bench`; `bench/run.ts` runs every suite in its list, in order. */
export interface BenchSuite {
  /** Short name that selects the suite on the command line: `npm run bench -- client`. */
  readonly name: string;
  /** Heading printed above the suite's report. */
  readonly title: string;
  /** Runs the benchmarks (progress goes to stderr) and resolves to a markdown report for stdout. */
  run(): Promise<string>;
}
