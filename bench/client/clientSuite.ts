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
import { RoundTrip } from './inMemoryRoundTrip.js';

const CALLS = 100_000;
const KIB = 1024;
/** Rounds of each contender, run alternately so that a change in machine load hits both alike. */
const ROUNDS = 9;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs one contender once and returns its time in ms, checking it made exactly one request per 100 calls. */
async function timeOnce(name: ContenderName): Promise<number> {
  const roundTrip = new RoundTrip();
  globalThis.gc?.(); // each round starts from a collected heap, whoever ran before
  const start = performance.now();
  await CONTENDERS[name](roundTrip, CALLS).pending;
  const elapsed = performance.now() - start;
  if (roundTrip.requests !== CALLS / BATCH_SIZE) {
    throw new Error(`${name} made ${roundTrip.requests} requests, not ${CALLS / BATCH_SIZE}`);
  }
  return elapsed;
}

interface MemoryResult {
  readonly bytesPerPendingCall: number;
}

export const clientSuite: BenchSuite = {
  title: 'Client: 100,000 call()s in batches of 100 vs DataLoader',
  async run() {
    const names = Object.keys(CONTENDERS) as ContenderName[];
    const times = new Map<ContenderName, number[]>(names.map((name) => [name, []]));
    progress(`${CALLS} calls, ${ROUNDS} alternating rounds per contender (after a warm-up round)`);
    for (let round = -1; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const elapsed = await timeOnce(name);
        if (round >= 0) times.get(name)!.push(elapsed);
      }
    }
    const rows: string[][] = [];
    const callsPerSecond = new Map<ContenderName, number>();
    for (const name of names) {
      const ms = median(times.get(name)!);
      callsPerSecond.set(name, CALLS / (ms / 1000));
      progress(`${name}: heap per pending call (fresh process)`);
      const memory = (await runTsxJsonProcess(new URL('./measurePendingMemory.ts', import.meta.url), [
        name,
        String(CALLS),
      ])) as MemoryResult;
      rows.push([
        name,
        `${ms.toFixed(0)} ms`,
        Math.round(CALLS / (ms / 1000)).toLocaleString('en-US'),
        String(CALLS / BATCH_SIZE),
        `${memory.bytesPerPendingCall.toFixed(0)} B`,
        name === 'rxjs-xmlrpc' ? (memory.bytesPerPendingCall < KIB ? '✓ < 1 KiB' : '✗ ≥ 1 KiB') : '',
      ]);
    }
    const ours = callsPerSecond.get('rxjs-xmlrpc') ?? 0;
    const theirs = callsPerSecond.get('DataLoader') ?? 1;
    return [
      `${CALLS.toLocaleString('en-US')} lookups of a small struct each, ${BATCH_SIZE} per request, through the same in-memory round trip (our codec on both sides, answers on a later microtask). Median of 9 rounds each, the contenders alternating; heap measured in a fresh process right after all calls were started.`,
      '',
      markdownTable(
        ['contender', 'time for all calls', 'calls/s', 'requests', 'heap per pending call', 'target'],
        rows,
      ),
      '',
      `Throughput, rxjs-xmlrpc ÷ DataLoader (≥ 1×): ${formatRatio(ours / theirs, (r) => r >= 1)}`,
    ].join('\n');
  },
};
