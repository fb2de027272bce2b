import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from there, so `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a CLI process ended. */
export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI process whose output is collected as it comes. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches `pattern`; rejects if the process ends first. */
  waitForStdout(pattern: RegExp): Promise<void>;
  /** Resolves with the exit status, signal and all output once the process has ended. */
  ended(): Promise<CliResult>;
}

/**
 * Starts `node --import tsx <script> ...args` (by default the `rxjs-xmlrpc` entry, src/cli/main.ts)
 * with piped stdio, so stdout and stderr are not terminals: no ANSI redraws, no progress line.
 */
export function startCli(args: readonly string[], script = 'src/cli/main.ts'): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<CliResult>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
        ended.then(() => {
          if (listeners.delete(check)) {
            reject(new Error(`the process ended before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        });
      }),
    ended: () => ended,
  };
}

/** Runs the CLI to its end, with `input` on stdin (closed at once when none). */
export function runCliProcess(args: readonly string[], input = ''): Promise<CliResult> {
  const cli = startCli(args);
  cli.child.stdin!.on('error', () => {}); // a process that exits before reading all input
  cli.child.stdin!.end(input);
  return cli.ended();
}

/** A loopback port nothing listens on: one the system just handed out, closed again. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
