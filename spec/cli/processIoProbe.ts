/**
 * The process processIo.spec.ts starts: echoes its stdin to stdout and tells its NO_COLOR variable on
 * stderr, all through `processIo`; on the first stop signal it says so and ends on its own.
 */
import { processIo } from '../../src/cli/processIo.js';

processIo.stderr.write(`NO_COLOR=${processIo.env.NO_COLOR}\n`);
processIo.onStopSignal((signal) => {
  processIo.stdout.write(`stopped by ${signal}\n`);
  processIo.stdin.destroy();
});
processIo.stdin.setEncoding('utf8');
processIo.stdin.on('data', (chunk) => processIo.stdout.write(`read: ${chunk}`));
