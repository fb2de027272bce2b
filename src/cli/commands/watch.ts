import { durationArg, formatDuration, integerArg, namesArg } from '../argValues.js';
import { type Command, UsageError } from '../Command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_OPTIONS_HELP,
  CREDENTIALS_HELP,
  connectionArgs,
} from '../connectionArgs.js';
import { MULTICALL_SHAPE_HELP, MULTICALL_SHAPE_OPTIONS, multicallShapeArg } from '../multicallShapeArgs.js';
import { PARAM_NOTATION_HELP } from '../paramNotation.js';
import { parseArgs } from '../parseArgs.js';
import { parseWatchedCall } from '../parseWatchedCall.js';
import { roundFailure } from '../roundFailure.js';
import { watchCalls } from '../watchCalls.js';
import { withoutCredentials } from '../withoutCredentials.js';

const OPTIONS = {
  every: { type: 'string' },
  count: { type: 'string' },
  'fail-on-error': { type: 'boolean' },
  columns: { type: 'string' },
  ...MULTICALL_SHAPE_OPTIONS,
  ...CONNECTION_OPTIONS,
} as const;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'poll methods (one multicall per tick) and show their results as a live table',
  help: `Usage: rxjs-xmlrpc watch URL METHOD [METHOD ...] [--every 1s] [--count N] [--columns A,B]
                         [--fail-on-error] [--bare] [--timeout 30s] [--auth-file FILE]

Calls every METHOD in one system.multicall request per tick and shows the results as a table,
redrawn in place on a terminal (appended, one block per round, otherwise). A fault or error shows
in its own row; polling goes on. A tick that comes while a request is in flight is skipped.

METHOD is a method name, or a name with its params in parentheses as comma-separated JSON
(quote it for the shell): 'supervisor.getProcessInfo("web")'. A list of structs, such as
supervisor.getAllProcessInfo, is shown as a sub-table with a column per member, or with the
columns of --columns.

Options:
  --every DURATION     time between ticks: 500ms, 1s, 2m, or a number of seconds (default 1s)
  --count N            stop after N rounds (default: until Ctrl-C)
  --columns A,B,C      the columns of sub-tables, in this order: member names separated by
                       commas (a name no struct has shows as an empty column)
  --fail-on-error      exit 1 when, in the last round, a call got an error or every call
                       failed (with --count 1: a health check)
${MULTICALL_SHAPE_HELP}
${CONNECTION_OPTIONS_HELP}

${CREDENTIALS_HELP}

${PARAM_NOTATION_HELP}

Exit status: 0 when stopped (Ctrl-C, SIGTERM, or after --count rounds), whatever the rounds
showed; with --fail-on-error, 1 (and one line on stderr) when in the last round any call got a
transport, protocol or parse error or a fault to the whole multicall, or every call failed, or no
round was answered; a call's own fault beside answered calls does not count. 2 for bad arguments.

Examples (supervisord, with the credentials of its [inet_http_server] section in a file):
  rxjs-xmlrpc watch http://127.0.0.1:9001/RPC2 --bare --auth-file ~/.supervisor-auth \\
    supervisor.getState supervisor.getAllProcessInfo
  # a health check: exit status 0 or 1 within 5 seconds
  rxjs-xmlrpc watch http://127.0.0.1:9001/RPC2 --bare --auth-file ~/.supervisor-auth \\
    supervisor.getState --count 1 --fail-on-error --timeout 5s`,

  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    const [urlText, ...methods] = positionals;
    const { url, transport, decodeOptions } = await connectionArgs(urlText, values, io);
    if (methods.length === 0) throw new UsageError('missing METHOD (give at least one)');
    const calls = methods.map(parseWatchedCall);
    const everyMs = durationArg('every', values.every, 1000);
    const rounds = integerArg('count', values.count, Number.POSITIVE_INFINITY, 1, Number.MAX_SAFE_INTEGER);
    const multicallResults = multicallShapeArg(values);
    const columns = namesArg('columns', values.columns);
    const shownUrl = withoutCredentials(url);
    const every = formatDuration(everyMs);
    const { rounds: answered, last } = await watchCalls({
      transport,
      calls,
      everyMs,
      multicallResults,
      decodeOptions,
      columns,
      rounds,
      io,
      header: (round) => [
        `${shownUrl} · round ${round} · ${new Date().toLocaleTimeString()} · every ${every} · Ctrl-C stops`,
        '',
      ],
    });
    if (values['fail-on-error'] !== true) return 0;
    const failure = roundFailure(answered, last);
    if (failure === undefined) return 0;
    io.stderr.write(`rxjs-xmlrpc watch: ${failure}\n`);
    return 1;
  },
};
