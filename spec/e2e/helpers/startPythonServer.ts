import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { E2eServer, E2eServerOptions } from './E2eServer.js';

const SCRIPT = fileURLToPath(new URL('../python/xmlrpc_server.py', import.meta.url));

/** `python3`, unless the `PYTHON` environment variable names another interpreter. */
const PYTHON = process.env.PYTHON ?? 'python3';

/** Time a Python process may take to print its port, on a loaded machine. */
const START_TIMEOUT_MS = 15_000;

/** Time a Python process may take to exit after being asked to, before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

/** Every Python process started and not yet exited, killed when this process exits whatever the reason. */
const running = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous, as 'exit' listeners must be. A process that is itself SIGKILLed runs no hook:
  // then the Python side exits on its own when its stdin closes.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** How to start a Python server: as any {@link E2eServer}, and with introspection or not. */
export interface PythonServerOptions extends E2eServerOptions {
  /** Serve `system.listMethods`, `system.methodSignature` and `system.methodHelp` (default `false`). */
  readonly introspection?: boolean;
}

/** A Python server of {@link startPythonServer}: an {@link E2eServer} that is a process. */
export interface PythonServer extends E2eServer {
  /** The current process's id; `undefined` while none runs. */
  readonly pid: number | undefined;
}

/**
 * Starts `spec/e2e/python/xmlrpc_server.py` (Python's `SimpleXMLRPCServer`, standard library only)
 * on a free loopback port and resolves once it accepts connections. {@link E2eServer.crash} is
 * `kill -9`; {@link E2eServer.restart} starts a new process on the same port.
 *
 * @example
 * ```ts
 * const server = await startPythonServer({ multicall: false });
 * onTestFinished(() => server.stop());
 * ```
 */
export async function startPythonServer(options: PythonServerOptions = {}): Promise<PythonServer> {
  killAllOnExit();
  const flags = [
    ...(options.multicall === false ? ['--no-multicall'] : []),
    ...(options.introspection === true ? ['--introspection'] : []),
  ];
  let child: ChildProcessWithoutNullStreams | undefined;
  let port = 0;

  const launch = async (): Promise<void> => {
    const started = await spawnServer([...flags, '--port', String(port)]);
    child = started.child;
    port = started.port;
  };

  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill(signal);
    const escalate = setTimeout(() => current.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(escalate);
  };

  await launch();
  return {
    url: `http://127.0.0.1:${port}/RPC2`,
    get pid() {
      return child?.pid;
    },
    async requestCount() {
      const response = await fetch(`http://127.0.0.1:${port}/stats`);
      const stats = (await response.json()) as { requests: number };
      return stats.requests;
    },
    crash: () => end('SIGKILL'),
    async restart() {
      await end('SIGTERM');
      await launch();
    },
    stop: () => end('SIGTERM'),
  };
}

/** Spawns the script and waits for the port it prints first; rejects with its stderr if it exits instead. */
function spawnServer(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; port: number }> {
  const child = spawn(PYTHON, [SCRIPT, ...args], { stdio: 'pipe' });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const settle = (problem: string | undefined): void => {
      clearTimeout(timer);
      child.off('error', onError).off('close', onClose);
      child.stdout.off('data', onData).resume();
      const port = Number(stdout.slice(0, stdout.indexOf('\n')));
      if (problem === undefined && Number.isInteger(port) && port > 0) {
        resolve({ child, port });
        return;
      }
      child.kill('SIGKILL');
      const why = problem ?? `printed ${JSON.stringify(stdout)} instead of a port`;
      reject(new Error(`${PYTHON} ${SCRIPT} ${args.join(' ')}: ${why}${stderr ? `\n${stderr}` : ''}`));
    };
    const onData = (chunk: string): void => {
      stdout += chunk;
      if (stdout.includes('\n')) settle(undefined);
    };
    const onError = (error: Error): void => settle(`could not start: ${error.message}`);
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
      settle(`exited (${signal ?? `status ${code}`}) before printing its port`);
    const timer = setTimeout(() => settle(`printed no port within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('error', onError).once('close', onClose);
  });
}
