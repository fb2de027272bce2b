/**
 * Worker process of the client suite (started by `startJsonWorker`):
 * `measureThroughput.ts <rxjs-xmlrpc|DataLoader> <calls>` warms up with two runs of `calls` lookups,
 * prints `{"ready":true}`, then answers each `run` line on stdin with one timed run, from a collected
 * heap: `{"wallMs":…,"cpuMs":…}` (CPU time of all the process's threads, the garbage collector's
 * included). A process of its own per contender keeps one contender's objects from making the shared
 * codec's call sites polymorphic for the other.
 */
import { createInterface } from 'node:readline';
import { BATCH_SIZE, CONTENDERS, type ContenderName } from './contenders.js';
import { RoundTrip } from './inMemoryRoundTrip.js';

const name = process.argv[2] as ContenderName;
const calls = Number(process.argv[3]);
const contender = CONTENDERS[name];
if (contender === undefined || !(calls >= 1)) {
  throw new Error('usage: measureThroughput.ts <rxjs-xmlrpc|DataLoader> <calls>');
}

async function timedRun(): Promise<{ wallMs: number; cpuMs: number }> {
  const roundTrip = new RoundTrip();
  globalThis.gc?.();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await contender(roundTrip, calls).pending;
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (roundTrip.requests !== calls / BATCH_SIZE) {
    throw new Error(`${name} made ${roundTrip.requests} requests, not ${calls / BATCH_SIZE}`);
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

await timedRun();
await timedRun();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'run') throw new Error(`unknown request ${JSON.stringify(line)}`);
  process.stdout.write(`${JSON.stringify(await timedRun())}\n`);
}
