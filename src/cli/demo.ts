/**
 * `npm run demo`: starts the supervisor-like demo server on 127.0.0.1 and watches it, showing live
 * results and the HTTP requests batching saved; Ctrl-C or SIGTERM stops it with exit status 0.
 * The same as `rxjs-xmlrpc demo`.
 */
import { runDemo } from './commands/demo.js';
import { processIo } from './processIo.js';

runDemo(1000, processIo).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
