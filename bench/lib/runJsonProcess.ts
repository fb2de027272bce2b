import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: `--import tsx` resolves the `tsx` package from the child's working directory. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs a command that prints one JSON document on stdout and resolves to it, parsed; rejects with the
 * command's stderr when it exits non-zero. Children run one at a time, so they do not compete with the
 * measurements for the machine's cores.
 *
 * @example
 * ```ts
 * const report = await runJsonProcess('python3', ['bench/python/bench_xmlrpc.py', file]);
 * ```
 */
export function runJsonProcess(command: string, args: readonly string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const output = Buffer.concat(stdout).toString('utf8');
      if (code !== 0) {
        reject(new Error(`${command} exited with ${code}: ${Buffer.concat(stderr).toString('utf8').trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(output));
      } catch (cause) {
        reject(new Error(`${command} printed no JSON: ${output.slice(0, 200)}`, { cause }));
      }
    });
  });
}

/**
 * Runs a TypeScript script in a fresh Node process with `--expose-gc` (through tsx's loader) and
 * resolves to the JSON it prints. A fresh process gives memory measurements a clean heap.
 */
export function runTsxJsonProcess(scriptUrl: URL, args: readonly string[]): Promise<unknown> {
  return runJsonProcess(process.execPath, [
    '--expose-gc',
    '--import',
    'tsx',
    fileURLToPath(scriptUrl),
    ...args,
  ]);
}
