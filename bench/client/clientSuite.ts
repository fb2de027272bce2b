/**
 * Issue 4's benchmark: 100,000 `call()`s through the client, batched 100 per `system.multicall` over
 * an in-memory XML round trip, against DataLoader batching the same keys into the same round trip.
 * Targets: throughput at least DataLoader's, and under 1 KiB of heap per pending call.
 */
import type { BenchSuite } from '../lib/BenchSuite.js';
import { formatRatio, progress } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import { runTsxJsonProcess } from '../lib/runJsonProcess.js';
import { BATCH_SIZE, CONTENDERS, type ContenderName } from './contenders.js';

const CALLS = 100_000;
const KIB = 1024;
/** Processes per contender, alternating, so that a change in machine load hits both alike. */
const PROCESSES = 3;
/** Timed runs in each process. */
const RUNS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface ThroughputResult {
  readonly times: readonly number[];
  readonly cpuTimes: readonly number[];
}

interface MemoryResult {
  readonly bytesPerPendingCall: number;
}

export const clientSuite: BenchSuite = {
  title: 'Client: 100,000 call()s in batches of 100 vs DataLoader',
  async run() {
    const names = Object.keys(CONTENDERS) as ContenderName[];
    const times = new Map<ContenderName, number[]>(names.map((name) => [name, []]));
    const cpuTimes = new Map<ContenderName, number[]>(names.map((name) => [name, []]));
    const script = new URL('./measureThroughput.ts', import.meta.url);
    for (let round = 0; round < PROCESSES; round++) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        progress(`${name}: ${RUNS} runs of ${CALLS} calls (fresh process ${round + 1} of ${PROCESSES})`);
        const result = (await runTsxJsonProcess(script, [
          name,
          String(CALLS),
          String(RUNS),
        ])) as ThroughputResult;
        times.get(name)!.push(...result.times);
        cpuTimes.get(name)!.push(...result.cpuTimes);
      }
    }
    const rows: string[][] = [];
    const callsPerSecond = new Map<ContenderName, number>();
    const cpuMs = new Map<ContenderName, number>();
    for (const name of names) {
      const ms = median(times.get(name)!);
      callsPerSecond.set(name, CALLS / (ms / 1000));
      cpuMs.set(name, median(cpuTimes.get(name)!));
      progress(`${name}: heap per pending call (fresh process)`);
      const memory = (await runTsxJsonProcess(new URL('./measurePendingMemory.ts', import.meta.url), [
        name,
        String(CALLS),
      ])) as MemoryResult;
      rows.push([
        name,
        `${ms.toFixed(0)} ms`,
        `${cpuMs.get(name)!.toFixed(0)} ms`,
        Math.round(CALLS / (ms / 1000)).toLocaleString('en-US'),
        String(CALLS / BATCH_SIZE),
        `${memory.bytesPerPendingCall.toFixed(0)} B`,
        name === 'rxjs-xmlrpc' ? (memory.bytesPerPendingCall < KIB ? '✓ < 1 KiB' : '✗ ≥ 1 KiB') : '',
      ]);
    }
    const ours = callsPerSecond.get('rxjs-xmlrpc') ?? 0;
    const theirs = callsPerSecond.get('DataLoader') ?? 1;
    return [
      `${CALLS.toLocaleString('en-US')} lookups of a small struct each, ${BATCH_SIZE} per request, through the same in-memory round trip (our codec on both sides, answers on a later microtask). Median of 15 runs each (wall clock, and CPU time of all the process's threads), in 3 fresh processes per contender, alternating; heap measured in a fresh process right after all calls were started.`,
      '',
      markdownTable(
        [
          'contender',
          'time for all calls',
          'CPU time',
          'calls/s',
          'requests',
          'heap per pending call',
          'target',
        ],
        rows,
      ),
      '',
      `Throughput, rxjs-xmlrpc ÷ DataLoader (≥ 1×): ${formatRatio(ours / theirs, (r) => r >= 1)}`,
      // CPU time counts only this process's own work (its GC threads included), so it moves less than
      // wall time when other processes share the machine: a second view of the same ratio.
      `Same ratio in CPU time per run: ${formatRatio(cpuMs.get('DataLoader')! / cpuMs.get('rxjs-xmlrpc')!, (r) => r >= 1)}`,
    ].join('\n');
  },
};
