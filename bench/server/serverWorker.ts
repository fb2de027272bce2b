/**
 * Worker process of the server-limits suite (started by `startJsonWorker`): `serveXmlRpc` with its
 * default options and one method, `add`. Prints `{"url":…}` once listening, then answers each line on
 * stdin: `reset` starts measuring (prints `{}`); `stats` prints what happened since, as a
 * {@link ServerStats}. Event-loop delay is what every other request, timer and socket of this process
 * waited for; peak RSS is the kernel's high-water mark.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { serveXmlRpc } from 'rxjs-xmlrpc/server';
import { startMemoryProbe } from '../lib/startMemoryProbe.js';

/** What the worker measured between `reset` and `stats`. */
export interface ServerStats {
  /** Resident memory of the process at `reset` (after a full GC), in bytes. */
  readonly baselineRss: number;
  /** Peak resident memory of the process, in bytes; null where `/proc` cannot tell. */
  readonly peakRss: number | null;
  /** Longest time the event loop was held, in milliseconds (10 ms resolution). */
  readonly maxEventLoopDelayMs: number;
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const server = await serveXmlRpc({ methods: { add: (a: number, b: number) => a + b } });
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let probe = startMemoryProbe();
print({ url: server.url });
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'reset') {
    delay.reset();
    probe = startMemoryProbe();
    print({});
  } else if (line === 'stats') {
    const { baselineRss, peakRssAdded } = probe.stop();
    const stats: ServerStats = {
      baselineRss,
      peakRss: peakRssAdded === null ? null : baselineRss + peakRssAdded,
      maxEventLoopDelayMs: delay.max / 1e6,
    };
    print(stats);
  } else {
    throw new Error(`unknown request ${JSON.stringify(line)}`);
  }
}
await server.close();
