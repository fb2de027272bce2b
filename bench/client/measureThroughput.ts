/**
 * Child process of the client suite (run with `node --expose-gc --import tsx`):
 * `measureThroughput.ts <rxjs-xmlrpc|DataLoader> <calls> <runs>` times `runs` runs of `calls` lookups
 * after two warm-up runs, each from a collected heap, and prints the wall-clock and CPU times (all
 * threads of the process, the garbage collector's included) of each run, in ms, as JSON. A process of its
 * own per contender keeps one contender's objects from making the shared codec's call sites
 * polymorphic for the other.
 */
import { BATCH_SIZE, CONTENDERS, type ContenderName } from './contenders.js';
import { RoundTrip } from './inMemoryRoundTrip.js';

const name = process.argv[2] as ContenderName;
const calls = Number(process.argv[3]);
const runs = Number(process.argv[4]);
const contender = CONTENDERS[name];
if (contender === undefined || !(calls >= 1) || !(runs >= 1)) {
  throw new Error('usage: measureThroughput.ts <rxjs-xmlrpc|DataLoader> <calls> <runs>');
}

const times: number[] = [];
const cpuTimes: number[] = [];
for (let run = -2; run < runs; run++) {
  const roundTrip = new RoundTrip();
  globalThis.gc?.();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await contender(roundTrip, calls).pending;
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  if (roundTrip.requests !== calls / BATCH_SIZE) {
    throw new Error(`${name} made ${roundTrip.requests} requests, not ${calls / BATCH_SIZE}`);
  }
  if (run >= 0) {
    times.push(elapsed);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
}
process.stdout.write(`${JSON.stringify({ name, calls, times, cpuTimes })}\n`);
