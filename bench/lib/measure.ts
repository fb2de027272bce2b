import { median } from './median.js';

/** The result of timing one operation. */
export interface Timing {
  /** Median wall time of one call, in milliseconds. */
  readonly medianMs: number;
  /** How many samples the median was taken over. */
  readonly samples: number;
  /** Calls per sample: fast operations are repeated so one sample is long enough to time reliably. */
  readonly callsPerSample: number;
}

/** Shortest sample worth timing: below this, timer resolution and scheduling jitter dominate. */
const MIN_SAMPLE_MS = 25;
/** Time spent warming up (JIT, inline caches) before anything is recorded. */
const WARMUP_MS = 300;
/** Time spent sampling one operation; slow operations still get `MIN_SAMPLES` samples. */
const BUDGET_MS = 2000;
const MIN_SAMPLES = 5;
const MAX_SAMPLES = 21;

/**
 * Times `run` (sync, or async resolving when done): warms up, then takes the median of several
 * samples. The number of samples adapts to the cost of one call so that slow peers on large documents
 * do not stretch the whole benchmark.
 *
 * @example
 * ```ts
 * const { medianMs } = await measure(() => JSON.parse(text));
 * ```
 */
export async function measure(run: () => unknown): Promise<Timing> {
  // Start from a collected heap, so one contender does not pay for the garbage the previous one left.
  globalThis.gc?.();
  const warmupStart = performance.now();
  let calls = 0;
  do {
    await run();
    calls++;
  } while (performance.now() - warmupStart < WARMUP_MS);
  const callMs = (performance.now() - warmupStart) / calls;

  const callsPerSample = Math.max(1, Math.ceil(MIN_SAMPLE_MS / callMs));
  const sampleCount = clamp(Math.floor(BUDGET_MS / (callMs * callsPerSample)), MIN_SAMPLES, MAX_SAMPLES);
  const samples: number[] = [];
  for (let s = 0; s < sampleCount; s++) {
    const start = performance.now();
    for (let c = 0; c < callsPerSample; c++) await run();
    samples.push((performance.now() - start) / callsPerSample);
  }
  return { medianMs: median(samples), samples: sampleCount, callsPerSample };
}

/** Throughput in MB/s (10^6 bytes) of processing `bytes` in the measured time. */
export function megabytesPerSecond(bytes: number, timing: Timing): number {
  return bytes / 1e6 / (timing.medianMs / 1000);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
