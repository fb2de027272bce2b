import type { CliIo } from './Command.js';

/** The I/O of the running process: its stdio, its environment, and SIGINT or SIGTERM to stop. */
export const processIo: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onStopSignal,
};

/**
 * Calls `stop` once, on the first SIGINT (Ctrl-C) or SIGTERM, so a long-running command can clean up
 * and exit with status 0 rather than be killed by the default handler. Returns a function that
 * removes the handlers (called for you once a signal came); a second signal during cleanup then
 * kills the process as usual.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  const handle = (signal: NodeJS.Signals) => {
    remove();
    stop(signal);
  };
  const remove = () => {
    process.off('SIGINT', handle);
    process.off('SIGTERM', handle);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return remove;
}
