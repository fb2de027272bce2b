import { serveXmlRpc } from '../../server/serveXmlRpc.js';
import { fetchTransport } from '../../transport/fetchTransport.js';
import { durationArg, formatDuration } from '../argValues.js';
import type { CliIo, Command } from '../Command.js';
import { createDemoMethods, DEMO_CALLS } from '../demoMethods.js';
import { parseArgs } from '../parseArgs.js';
import { parseWatchedCall } from '../parseWatchedCall.js';
import { watchCalls } from '../watchCalls.js';

const OPTIONS = { every: { type: 'string' } } as const;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'start the demo server on 127.0.0.1 and watch it (what `npm run demo` runs)',
  help: `Usage: rxjs-xmlrpc demo [--every 1s]

Starts the demo server (the methods of "rxjs-xmlrpc serve") on 127.0.0.1, on a free port, and
watches ${DEMO_CALLS.length} of its methods as "rxjs-xmlrpc watch" would: one system.multicall request per
tick. Under the table it counts the calls made and the HTTP requests the server received, so
you see how many requests batching saved. Ctrl-C (or SIGTERM) stops it, with exit status 0.

Options:
  --every DURATION  time between ticks: 500ms, 1s, 2m, or a number of seconds (default 1s)`,

  async run(argv, io) {
    const { values } = parseArgs(argv, OPTIONS);
    return runDemo(durationArg('every', values.every, 1000), io);
  },
};

/**
 * The demo: serves the demo methods, polls them every `everyMs` until `io` says stop (SIGINT or
 * SIGTERM), showing the results and the requests batching saved on `io.stdout`, then closes the
 * server. Resolves with exit status 0.
 */
export async function runDemo(everyMs: number, io: CliIo): Promise<number> {
  const server = await serveXmlRpc({ methods: createDemoMethods() });
  const calls = DEMO_CALLS.map(parseWatchedCall);
  let requestsBefore = 0;
  try {
    await watchCalls({
      transport: fetchTransport(server.url),
      calls,
      everyMs,
      io,
      header: (round) => [
        `rxjs-xmlrpc demo: a supervisor-like XML-RPC server at ${server.url}`,
        `round ${round} · every ${formatDuration(everyMs)} · Ctrl-C stops`,
        '',
      ],
      footer: (round) => {
        // Counted by the server, so the numbers are what went over the wire.
        const requests = server.requestCount;
        const thisRound = requests - requestsBefore;
        requestsBefore = requests;
        const made = round * calls.length;
        return [
          '',
          `This round: ${calls.length} calls in ${plural(thisRound, 'HTTP request')} (system.multicall).`,
          `So far: ${made} calls in ${plural(requests, 'HTTP request')}: batching saved ${plural(made - requests, 'request')}.`,
        ];
      },
    });
  } finally {
    await server.close();
  }
  io.stdout.write('Demo stopped.\n');
  return 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
