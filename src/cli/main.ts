#!/usr/bin/env node
/**
 * The `rxjs-xmlrpc` executable: runs {@link runCli} on the process's arguments and stdio and sets
 * the exit status. The process ends on its own once the command is done, so output still buffered
 * for a pipe is written in full.
 */
import { processIo } from './processIo.js';
import { runCli } from './runCli.js';

// A reader that went away (`| head`) closes stdout: nothing more can be shown, so stop quietly
// rather than crash on EPIPE.
process.stdout.on('error', () => process.exit(1));

runCli(process.argv.slice(2), processIo).then((status) => {
  process.exitCode = status;
});
