import type { CliIo } from './CliIo.js';
import { onStopSignal } from './onStopSignal.js';

/** The I/O of the running process: its stdio, its environment, and SIGINT or SIGTERM to stop. */
export const processIo: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onStopSignal,
};
