import { readFileSync } from 'node:fs';
import { type CliIo, type Command, UsageError } from './Command.js';
import { batchCommand } from './commands/batch.js';
import { callCommand } from './commands/call.js';
import { dashboardCommand } from './commands/dashboard.js';
import { demoCommand } from './commands/demo.js';
import { serveCommand } from './commands/serve.js';
import { typesCommand } from './commands/types.js';
import { watchCommand } from './commands/watch.js';

const COMMANDS: readonly Command[] = [
  callCommand,
  batchCommand,
  watchCommand,
  dashboardCommand,
  typesCommand,
  serveCommand,
  demoCommand,
];

const HELP = `Usage: rxjs-xmlrpc COMMAND [ARGS...]

XML-RPC from the command line, with system.multicall batching.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)}${command.summary}`).join('\n')}
  ${'help'.padEnd(10)}show the help of a command: rxjs-xmlrpc help batch

Options: --help (also after a command), --version.
Environment: XMLRPC_AUTH=user:password gives call, batch, watch and types HTTP Basic
credentials.
Exit status: 0 success, 1 a call failed (fault, transport, parse or protocol error), 2 bad arguments.`;

/**
 * Runs the `rxjs-xmlrpc` command line `argv` (without `node` and the script) on `io`: finds the
 * subcommand, shows help, and resolves with the exit status: 0 done, 1 failed, 2 bad arguments (one
 * line on stderr). Never rejects: an error no command expected is shown with its stack, status 1.
 *
 * @example Run a command in-process, as the tests do
 * ```ts
 * const status = await runCli(['call', 'http://127.0.0.1:9001/RPC2', 'supervisor.getState'], io);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const print = (text: string) => {
    io.stdout.write(`${text}\n`);
    return 0;
  };
  let command: Command | undefined;
  try {
    if (name === '--help' || name === '-h') return print(HELP);
    if (name === '--version' || name === '-v') return print(version());
    if (name === 'help') {
      if (rest[0] === undefined) return print(HELP);
      return print(findCommand(rest[0]).help);
    }
    if (name === undefined) throw new UsageError('missing COMMAND');
    command = findCommand(name);
    if (optionsPart(rest).some((arg) => arg === '--help' || arg === '-h')) return print(command.help);
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const where = command ? `rxjs-xmlrpc ${command.name}` : 'rxjs-xmlrpc';
      io.stderr.write(`${where}: ${error.message} (see ${where} --help)\n`);
      return 2;
    }
    io.stderr.write(
      `rxjs-xmlrpc: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    return 1;
  }
}

/** The arguments before `--`, where `--help` means help rather than a param. */
function optionsPart(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    throw new UsageError(
      name.startsWith('-') ? `unknown option ${name}` : `unknown command ${JSON.stringify(name)}`,
    );
  }
  return command;
}

/**
 * The package's version, from its package.json: two levels up from this file both in the sources
 * (src/cli/) and in the build (dist/cli/).
 */
function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return String(packageJson.version);
}
