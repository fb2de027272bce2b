/**
 * Issue 4's benchmark: 100,000 `call()`s through the client, batched 100 per `system.multicall` over
 * an in-memory XML round trip, against DataLoader batching the same keys into the same round trip.
 * Targets: throughput at least DataLoader's, and under 1 KiB of heap per pending call.
 */
import type { BenchSuite } from '../lib/BenchSuite.js';
import { formatRatio, progress } from '../lib/format.js';
import { markdownTable } from '../lib/markdownTable.js';
import { median } from '../lib/median.js';
import { runTsxJsonProcess } from '../lib/runJsonProcess.js';
import { startJsonWorker } from '../lib/startJsonWorker.js';
import { BATCH_SIZE, CONTENDERS, type ContenderName } from './contenders.js';

const CALLS = 100_000;
const KIB = 1024;
/**
 * Worker processes per contender, one after the other; each pair is alive together and alternates run
 * by run. Several pairs, because a process can settle into a slower JIT state for its whole life.
 */
const PROCESS_PAIRS = 3;
/** Timed runs per worker. */
const ROUNDS_PER_PAIR = 7;
const ROUNDS = PROCESS_PAIRS * ROUNDS_PER_PAIR;

interface RunResult {
  readonly wallMs: number;
  readonly cpuMs: number;
}

interface MemoryResult {
  readonly bytesPerPendingCall: number;
}

export const clientSuite: BenchSuite = {
  name: 'client',
  title: 'Client: 100,000 call()s in batches of 100 vs DataLoader',
  async run() {
    const names = Object.keys(CONTENDERS) as ContenderName[];
    const script = new URL('./measureThroughput.ts', import.meta.url);
    const runs = new Map<ContenderName, RunResult[]>(names.map((name) => [name, []]));
    for (let pair = 0; pair < PROCESS_PAIRS; pair++) {
      progress(`worker pair ${pair + 1} of ${PROCESS_PAIRS}: warming up (2 runs of ${CALLS} calls each)`);
      const workers = new Map(names.map((name) => [name, startJsonWorker(script, [name, String(CALLS)])]));
      await Promise.all([...workers.values()].map((worker) => worker.ready));
      for (let round = 0; round < ROUNDS_PER_PAIR; round++) {
        progress(`worker pair ${pair + 1}, round ${round + 1} of ${ROUNDS_PER_PAIR}: one run each`);
        for (const name of round % 2 === 0 ? names : [...names].reverse()) {
          runs.get(name)!.push((await workers.get(name)!.request('run')) as RunResult);
        }
      }
      await Promise.all([...workers.values()].map((worker) => worker.close()));
    }

    const rows: string[][] = [];
    for (const name of names) {
      const ms = median(runs.get(name)!.map((run) => run.wallMs));
      progress(`${name}: heap per pending call (fresh process)`);
      const memory = (await runTsxJsonProcess(new URL('./measurePendingMemory.ts', import.meta.url), [
        name,
        String(CALLS),
      ])) as MemoryResult;
      rows.push([
        name,
        `${ms.toFixed(0)} ms`,
        `${median(runs.get(name)!.map((run) => run.cpuMs)).toFixed(0)} ms`,
        Math.round(CALLS / (ms / 1000)).toLocaleString('en-US'),
        String(CALLS / BATCH_SIZE),
        `${memory.bytesPerPendingCall.toFixed(0)} B`,
        name === 'rxjs-xmlrpc' ? (memory.bytesPerPendingCall < KIB ? '✓ < 1 KiB' : '✗ ≥ 1 KiB') : '',
      ]);
    }
    // Each round's two runs were next to each other in time, so their ratio is what machine load moves
    // least; the median over rounds is the figure held to the target.
    const ours = runs.get('rxjs-xmlrpc')!;
    const theirs = runs.get('DataLoader')!;
    const pairedRatio = (of: keyof RunResult) => median(ours.map((run, i) => theirs[i]![of] / run[of]));
    const wallRatios = ours.map((run, i) => theirs[i]!.wallMs / run.wallMs);
    const perPair = Array.from({ length: PROCESS_PAIRS }, (_, pair) =>
      median(wallRatios.slice(pair * ROUNDS_PER_PAIR, (pair + 1) * ROUNDS_PER_PAIR)).toFixed(2),
    );
    return [
      `${CALLS.toLocaleString('en-US')} lookups of a small struct each, ${BATCH_SIZE} per request, through the same in-memory round trip (our codec on both sides, answers on a later microtask). ${PROCESS_PAIRS} pairs of worker processes (one per contender, warmed up), each pair alternating ${ROUNDS_PER_PAIR} runs; medians of the ${ROUNDS} runs. CPU time is all of the process's threads (the garbage collector's included). Heap measured in a fresh process right after all calls were started.`,
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
      `Throughput, rxjs-xmlrpc ÷ DataLoader, median of the ${ROUNDS} paired runs (≥ 1×): ${formatRatio(pairedRatio('wallMs'), (r) => r >= 1)} (medians per worker pair: ${perPair.join('×, ')}×; single runs ranged ${Math.min(...wallRatios).toFixed(2)}× to ${Math.max(...wallRatios).toFixed(2)}×)`,
      `Same ratio in CPU time: ${formatRatio(pairedRatio('cpuMs'), (r) => r >= 1)}`,
    ].join('\n');
  },
};
