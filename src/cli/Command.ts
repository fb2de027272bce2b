import type { Readable, Writable } from 'node:stream';

/** A stream the CLI writes to, with what a terminal tells about itself (absent for a pipe or a file). */
export type CliOutput = Writable & {
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
};

/**
 * Everything a command touches outside its arguments and files it is told to read: `main` passes the
 * process's stdio, environment and signals (`processIo`), tests pass stand-ins, so a whole command
 * runs in-process.
 */
export interface CliIo {
  /** Where `batch` reads its calls. */
  readonly stdin: Readable & { readonly isTTY?: boolean };
  /** Results, tables and help. */
  readonly stdout: CliOutput;
  /** Error lines, and the progress line of `batch`. */
  readonly stderr: CliOutput;
  /** The environment variables: `XMLRPC_AUTH` for credentials. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `stop` once, on the first request to stop (Ctrl-C or SIGTERM for a process), and returns a
   * function that removes the handler; as `onStopSignal` does.
   */
  readonly onStopSignal: (stop: (signal: NodeJS.Signals) => void) => () => void;
}

/** One subcommand of `rxjs-xmlrpc`, as `runCli` dispatches to it. */
export interface Command {
  /** The word that selects it: `call`, `batch`… */
  readonly name: string;
  /** One line for the global `--help`. */
  readonly summary: string;
  /** The full text printed by `rxjs-xmlrpc NAME --help`. */
  readonly help: string;
  /**
   * Runs the command with the arguments after its name, reading and writing only through `io`, and
   * resolves to the exit status. Throws a `UsageError` for a bad command line, before doing anything.
   */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/**
 * A command line that cannot be run as typed: unknown command or option, a missing or malformed
 * argument. `runCli` prints its message on one line and exits with status 2.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
