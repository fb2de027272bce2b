import type { CliIo } from './CliIo.js';

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
