/**
 * Child process of the client suite (run with `node --expose-gc --import tsx`):
 * `measurePendingMemory.ts <rxjs-xmlrpc|DataLoader> <calls>` starts `calls` lookups in one tick and,
 * before any answer can arrive, prints as JSON the heap they hold per pending call.
 */
import { CONTENDERS, type ContenderName } from './contenders.js';
import { RoundTrip } from './inMemoryRoundTrip.js';

const name = process.argv[2] as ContenderName;
const calls = Number(process.argv[3]);
const contender = CONTENDERS[name];
if (contender === undefined || !Number.isInteger(calls) || calls < 1) {
  throw new Error('usage: measurePendingMemory.ts <rxjs-xmlrpc|DataLoader> <calls>');
}
const gc = globalThis.gc;
if (gc === undefined) throw new Error('run with --expose-gc');

// One small run first, so compiled code and lazily built module state are not counted per call.
await contender(new RoundTrip(), 1000).pending;
gc();
gc();
const before = process.memoryUsage().heapUsed;
const { pending } = contender(new RoundTrip(), calls);
// Synchronous so far: every call is queued or in a batch awaiting its answer.
gc();
gc();
const held = process.memoryUsage().heapUsed - before;
await pending;
process.stdout.write(`${JSON.stringify({ name, calls, bytesPerPendingCall: held / calls })}\n`);
