import { serveXmlRpc } from '../../server/serveXmlRpc.js';
import { integerArg } from '../argValues.js';
import { type Command, UsageError } from '../Command.js';
import { createDemoMethods, DEMO_CALLS } from '../demoMethods.js';
import { parseArgs } from '../parseArgs.js';

const OPTIONS = { port: { type: 'string' }, host: { type: 'string' } } as const;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the supervisor-like demo XML-RPC server',
  help: `Usage: rxjs-xmlrpc serve [--port N] [--host H]

Serves the demo methods at http://HOST:PORT/RPC2 until Ctrl-C or SIGTERM (exit status 0):
  supervisor.getState, supervisor.getAllProcessInfo, supervisor.getProcessInfo(name)
  (fault 10 BAD_NAME for an unknown name), demo.getCounters, demo.getUptime,
  demo.alwaysFaults (fault 30), and system.multicall, system.listMethods, system.methodHelp,
  system.methodSignature.

Options:
  --port N   TCP port (default 0: a free port, printed at start)
  --host H   interface to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)

Exit status: 0 when stopped, 1 when it cannot listen (port in use), 2 for bad arguments.`,

  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const port = integerArg('port', values.port, 0, 0, 65535);
    const host = values.host ?? '127.0.0.1';
    if (host === '') throw new UsageError('--host must not be empty');
    // Handlers first: a signal sent as soon as the URL is printed must find them in place.
    let removeHandlers = () => {};
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      removeHandlers = io.onStopSignal(resolve);
    });
    let server: Awaited<ReturnType<typeof serveXmlRpc>>;
    try {
      server = await serveXmlRpc({ methods: createDemoMethods(), port, host });
    } catch (error) {
      removeHandlers();
      io.stderr.write(`rxjs-xmlrpc serve: cannot listen on ${host}:${port}: ${(error as Error).message}\n`);
      return 1;
    }
    const watch = DEMO_CALLS.map((call) => (call.includes('(') ? `'${call}'` : call)).join(' ');
    io.stdout.write(
      `Demo XML-RPC server at ${server.url} (Ctrl-C stops)\nTry: rxjs-xmlrpc watch ${server.url} ${watch}\n`,
    );
    const signal = await stopped;
    await server.close();
    io.stdout.write(`Stopped (${signal}) after ${server.requestCount} requests.\n`);
    return 0;
  },
};
