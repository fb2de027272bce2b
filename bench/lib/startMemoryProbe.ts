import { readFileSync, writeFileSync } from 'node:fs';
import { GCProfiler, getHeapStatistics } from 'node:v8';

/** Memory added by the work done between {@link startMemoryProbe} and `stop()`, in bytes. */
export interface MemoryReport {
  /** RSS when the probe started (after a full GC). */
  readonly baselineRss: number;
  /** Peak RSS above the baseline (kernel high-water mark); `null` where `/proc` cannot reset it. */
  readonly peakRssAdded: number | null;
  /** Peak of V8 heap used + external memory above the baseline, from the heap state before every GC. */
  readonly peakHeapAdded: number;
  /**
   * `heapUsed + external` above the baseline at `stop()`, while the caller still holds its result.
   * (`arrayBuffers` is part of `external`, so it is not added again.)
   */
  readonly liveAdded: number;
}

/** A running probe; call `stop()` while the result being measured is still referenced. */
export interface MemoryProbe {
  stop(): MemoryReport;
}

/**
 * Starts measuring the peak memory of synchronous work. Sampling on a timer cannot see inside a
 * synchronous call, so the probe reads peaks the runtime records itself: the kernel's RSS
 * high-water mark (reset at start through `/proc/self/clear_refs`) and V8's heap statistics taken just
 * before each GC (where heap peaks are), plus the state at `stop()`. Needs `node --expose-gc`.
 *
 * @example
 * ```ts
 * const probe = startMemoryProbe();
 * const result = decode(xml);
 * const report = probe.stop(); // `result` is still alive here
 * ```
 */
export function startMemoryProbe(): MemoryProbe {
  if (typeof globalThis.gc !== 'function') throw new Error('startMemoryProbe needs `node --expose-gc`');
  globalThis.gc();
  globalThis.gc();
  const baselineRss = process.memoryUsage.rss();
  const baselineUsage = process.memoryUsage();
  const baselineHeap = heapInUse();
  const canTrackRss = resetPeakRss();
  const profiler = new GCProfiler();
  profiler.start();
  return {
    stop() {
      const usage = process.memoryUsage();
      const heapNow = heapInUse();
      const peakRss = canTrackRss ? readPeakRss() : null;
      const beforeEachGc = (profiler.stop()?.statistics ?? []).map(
        ({ beforeGC: { heapStatistics } }) => heapStatistics.usedHeapSize + heapStatistics.externalMemory,
      );
      return {
        baselineRss,
        peakRssAdded: peakRss === null ? null : peakRss - baselineRss,
        peakHeapAdded: Math.max(heapNow, ...beforeEachGc) - baselineHeap,
        liveAdded: usage.heapUsed + usage.external - (baselineUsage.heapUsed + baselineUsage.external),
      };
    },
  };
}

function heapInUse(): number {
  const stats = getHeapStatistics();
  return stats.used_heap_size + stats.external_memory;
}

/** Resets the kernel's peak-RSS counter (Linux); false where that is not possible. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return readPeakRss() !== null;
  } catch {
    return false;
  }
}

function readPeakRss(): number | null {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
}
