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
