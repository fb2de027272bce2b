import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: `--import tsx` resolves the `tsx` package from the child's working directory. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A server running in a child process. */
export interface ServerProcess {
  readonly url: string;
  /** Closes the child's stdin, which stops it, and resolves once it has exited. */
  close(): Promise<void>;
}

/**
 * Starts a server process that prints `{"url":…}` on its first stdout line once listening and exits
 * when its stdin closes; resolves once it listens.
 */
export function startServerProcess(command: string, args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    void exited.then(() => reject(new Error(`${command} ${args.join(' ')} exited before listening`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        close() {
          child.stdin.end();
          return exited;
        },
      });
    });
  });
}

/** Starts one of `e2eServerWorker.ts`'s servers (`serve` or `xmlrpc`) in a Node process. */
export function startNodeServer(kind: 'serve' | 'xmlrpc'): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./e2eServerWorker.ts', import.meta.url));
  return startServerProcess(process.execPath, ['--import', 'tsx', script, kind]);
}

/** Starts the CPython `SimpleXMLRPCServer` of `bench/python/e2e_server.py`. */
export function startPythonServer(): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('../python/e2e_server.py', import.meta.url));
  return startServerProcess('python3', [script]);
}
