import { readFile } from 'node:fs/promises';
import { encodeMethodCall } from '../../codec/encodeMethodCall.js';
import type { DashboardConfig } from '../../dashboard/DashboardConfig.js';
import { durationArg, formatDuration, integerArg } from '../argValues.js';
import type { Command } from '../Command.js';
import { UsageError } from '../Command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_OPTIONS_HELP,
  CREDENTIALS_HELP,
  connectionArgs,
} from '../connectionArgs.js';
import { type DashboardServer, serveDashboard } from '../dashboard/serveDashboard.js';
import { MULTICALL_SHAPE_OPTIONS, multicallShapeArg } from '../multicallShapeArgs.js';
import { PARAM_NOTATION_HELP } from '../paramNotation.js';
import { parseArgs } from '../parseArgs.js';
import { parseWatchedCall } from '../parseWatchedCall.js';
import { withoutCredentials } from '../withoutCredentials.js';

const OPTIONS = {
  every: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  ...MULTICALL_SHAPE_OPTIONS,
  ...CONNECTION_OPTIONS,
} as const;

/**
 * Requests in flight at once over every host: Chromium's connection limit per origin, which every
 * request of the page shares, so the page's own bound is the one that orders them.
 */
const MAX_IN_FLIGHT = 6;
/** Time the page allows beyond the server's own limit, so the server's 502 (which says why) comes first. */
const PAGE_TIMEOUT_SLACK_MS = 5000;

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'serve a live web page of one or more servers (process tables for supervisord)',
  help: `Usage: rxjs-xmlrpc dashboard URL [URL ...] [METHOD ...] [--every 2s] [--port 8080]
                             [--host H] [--bare|--wrapped|--auto] [--timeout 10s]
                             [--auth-file FILE]

Serves a live dashboard of the servers at URL (several: a fleet) on http://HOST:PORT/ until
Ctrl-C or SIGTERM. The page polls every host on its own, one system.multicall request per host
per tick: a slow or dead host never holds up the others. For a supervisord (found through
system.listMethods) it shows a process table with start, stop and restart buttons; for any
server, the values of the METHODs, written as for "rxjs-xmlrpc watch" (arguments starting with
http:// or https:// are URLs, the others METHODs). A host whose round fails shows "stale since
HH:MM:SS" and why, with its last values greyed, and recovers by itself when it answers again.

The page talks only to the dashboard, which forwards POST /rpc/N to the Nth URL with its
credentials: they never reach the browser, and no server needs CORS headers.

Options:
  --every DURATION     time between ticks: 500ms, 1s, 2m, or a number of seconds (default 2s)
  --port N             TCP port of the page (default 8080; 0 picks a free one)
  --host H             interface to listen on (default 127.0.0.1; anyone who reaches it can
                       start and stop processes with your credentials)
  --bare, --wrapped, --auto
                       how multicall results come: unwrapped, wrapped, or read in the shape
                       each answer shows (--auto, the default, which suits supervisord too, as
                       the page always asks it for supervisor.getState, a struct, beside the
                       process list)
${CONNECTION_OPTIONS_HELP.replace('(default 30s)', '(default 10s)')}

${CREDENTIALS_HELP} The same credentials serve every URL that has none of its own.

${PARAM_NOTATION_HELP}

Exit status: 0 when stopped, 1 when it cannot listen (port in use) or the page is not built,
2 for bad arguments.

Example: rxjs-xmlrpc dashboard http://127.0.0.1:9001/RPC2 --auth-file ~/.supervisor-auth`,

  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    const urls = positionals.filter(isUrl);
    const methods = positionals.filter((arg) => !isUrl(arg));
    if (urls.length === 0) throw new UsageError('missing URL (give at least one)');
    const timeout = values.timeout ?? '10s';
    const connections = [];
    for (const url of urls) connections.push(await connectionArgs(url, { ...values, timeout }, io));
    const everyMs = durationArg('every', values.every, 2000);
    const port = integerArg('port', values.port, 8080, 0, 65535);
    const host = values.host ?? '127.0.0.1';
    if (host === '') throw new UsageError('--host must not be empty');
    const calls = methods.map(parseWatchedCall).map(({ methodName, params, label }) => ({
      label,
      xml: encodeMethodCall(methodName, params),
    }));
    const config: DashboardConfig = {
      everyMs,
      hosts: connections.map(({ url }, index) => ({ path: `rpc/${index}`, label: withoutCredentials(url) })),
      calls,
      multicallResults: multicallShapeArg(values),
      timeoutMs: (durationArg('timeout', timeout, 0) as number) + PAGE_TIMEOUT_SLACK_MS,
      maxInFlight: MAX_IN_FLIGHT,
    };
    const page = await readPage();
    if (page === undefined) {
      io.stderr.write('rxjs-xmlrpc dashboard: the page is not built: run npm run build\n');
      return 1;
    }
    let removeHandlers = () => {};
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      removeHandlers = io.onStopSignal(resolve);
    });
    let server: DashboardServer;
    try {
      const transports = connections.map(({ transport }) => transport);
      server = await serveDashboard({ page, config, transports, port, host, maxInFlight: MAX_IN_FLIGHT });
    } catch (error) {
      removeHandlers();
      io.stderr.write(
        `rxjs-xmlrpc dashboard: cannot listen on ${host}:${port}: ${(error as Error).message}\n`,
      );
      return 1;
    }
    const hosts = urls.length === 1 ? '1 host' : `${urls.length} hosts`;
    io.stdout.write(
      `Dashboard of ${hosts} at ${server.url} (every ${formatDuration(everyMs)}; Ctrl-C stops)\n`,
    );
    const signal = await stopped;
    await server.close();
    const total = server.forwarded.reduce((sum, count) => sum + count, 0);
    io.stdout.write(`Stopped (${signal}) after forwarding ${total} requests.\n`);
    return 0;
  },
};

function isUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/**
 * The page `npm run build` wrote to dist/dashboard/index.html: found from dist/cli/commands (the
 * installed package) or from src/cli/commands (running from a source checkout, as the tests do).
 */
async function readPage(): Promise<string | undefined> {
  for (const path of ['../../dashboard/index.html', '../../../dist/dashboard/index.html']) {
    try {
      return await readFile(new URL(path, import.meta.url), 'utf8');
    } catch {
      // Not there: try the other place.
    }
  }
  return undefined;
}
