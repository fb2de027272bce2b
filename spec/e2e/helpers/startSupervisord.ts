import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMethodResponse } from '../../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../../src/codec/encodeMethodCall.js';
import type { XmlRpcStruct, XmlRpcValue } from '../../../src/codec/XmlRpcValue.js';
import type { BasicAuthCredentials } from '../../../src/transport/Transport.js';
import { closedPort } from '../../cli/cliProcess.js';
import { waitUntil } from './waitUntil.js';

/** `supervisord`, unless the `SUPERVISORD` environment variable names another executable. */
const SUPERVISORD = process.env.SUPERVISORD ?? 'supervisord';

/** Time a supervisord may take to answer with every program running, on a loaded machine. */
const START_TIMEOUT_MS = 30_000;

/** Time it may take to stop its programs and exit once asked, before its process group is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** Ports tried before giving up, when another process takes the free port found first. */
const PORT_ATTEMPTS = 3;

/**
 * Runs supervisord (`$1`, config `$2`) in the foreground until this shell's stdin closes, then stops
 * it (SIGTERM, so it stops its programs); exits when supervisord does. The copy of stdin on fd 3 is
 * needed because a background job of a non-interactive shell reads /dev/null. Its output goes to a
 * file (`$3`), not to a pipe of this process: once this process is gone, writing to the pipe would
 * kill supervisord before it stops its programs.
 */
const WRAPPER = `exec 3<&0
"$1" --nodaemon --configuration "$2" >"$3" 2>&1 &
pid=$!
(cat <&3 >/dev/null; kill -TERM "$pid" 2>/dev/null) &
wait "$pid"`;

/** Every supervisord started and not yet exited, its process group killed when this process exits. */
const running = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

/** How to start a {@link Supervisord}. */
export interface SupervisordOptions {
  /** Its programs, name → command (default two `sleep 1000`, `alpha` and `beta`); each started at once. */
  readonly programs?: Readonly<Record<string, string>>;
}

/** A supervisord of {@link startSupervisord}, with `[inet_http_server]` on a loopback port. */
export interface Supervisord {
  /** Its XML-RPC endpoint, `http://127.0.0.1:PORT/RPC2`, without credentials. */
  readonly url: string;
  /** The `username` and `password` of its `[inet_http_server]`: every request needs them. */
  readonly credentials: BasicAuthCredentials;
  /** Its program names, sorted (as `supervisor.getAllProcessInfo` lists them). */
  readonly programs: readonly string[];
  /** `supervisor.getProcessInfo(name)`, asked directly with the codec and `fetch` (no transport). */
  processInfo(name: string): Promise<XmlRpcStruct>;
  /** Stops it (its programs first) and waits for it to exit; its port then refuses connections. */
  stop(): Promise<void>;
  /** Starts it again (after stopping it, if it runs) on the same port; resolves once every program runs. */
  restart(): Promise<void>;
  /** Stops it for good and removes its files (idempotent); a test's teardown calls it. */
  dispose(): Promise<void>;
}

/**
 * Why supervisord tests cannot run here (its command is not installed, or does not start), or
 * `undefined` when they can. For `describe.skipIf`, with the reason in the suite's name.
 */
export function supervisordMissing(): string | undefined {
  const probe = spawnSync(SUPERVISORD, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    return `no ${SUPERVISORD} command (${probe.error.message}); install it: apt-get install supervisor`;
  }
  return probe.status === 0 ? undefined : `${SUPERVISORD} --version exited with status ${probe.status}`;
}

/**
 * Starts a real supervisord with a config of its own in a temporary directory: an
 * `[inet_http_server]` with credentials on a free loopback port, and `programs` started at once
 * (`startsecs = 0`). Resolves once it answers with every program RUNNING. It can be stopped and
 * restarted on the same port (a dead endpoint that comes back); it stops for good when
 * {@link Supervisord.dispose} is called, and by itself when this process ends, whatever the reason
 * (its wrapper reads this process's pipe).
 *
 * @example
 * ```ts
 * const supervisord = await startSupervisord({ programs: { web: 'sleep 1000' } });
 * onTestFinished(() => supervisord.dispose());
 * const transport = fetchTransport(supervisord.url, { auth: supervisord.credentials });
 * ```
 */
export async function startSupervisord(options: SupervisordOptions = {}): Promise<Supervisord> {
  killAllOnExit();
  const programs = options.programs ?? { alpha: 'sleep 1000', beta: 'sleep 1000' };
  const names = Object.keys(programs).sort();
  const credentials = { username: 'e2e', password: `pw-${process.pid}-${Date.now()}` };
  const dir = await mkdtemp(join(tmpdir(), 'rxjs-xmlrpc-supervisord-'));
  const configFile = join(dir, 'supervisord.conf');
  let problem = '';
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    // A port free a moment ago: supervisord cannot be told to pick one and say which.
    const port = await closedPort();
    await writeFile(configFile, config(dir, port, credentials, programs));
    const url = `http://127.0.0.1:${port}/RPC2`;
    const launch = () => launchSupervisord(dir, url, credentials, names);
    let child: ChildProcessWithoutNullStreams | undefined;
    try {
      child = await launch();
    } catch (error) {
      problem = (error as Error).message;
      // Only a port taken meanwhile is worth another attempt.
      if (/already listening|address already in use/i.test(problem)) continue;
      break;
    }
    const stop = async (): Promise<void> => {
      const current = child;
      child = undefined;
      if (current !== undefined) await end(current);
    };
    return {
      url,
      credentials,
      programs: names,
      processInfo: async (name) =>
        (await callSupervisord(url, credentials, 'supervisor.getProcessInfo', [name])) as XmlRpcStruct,
      stop,
      async restart() {
        await stop();
        child = await launch();
      },
      async dispose() {
        await stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error(`${SUPERVISORD} did not start: ${problem}`);
}

/**
 * Runs supervisord on the config in `dir` through {@link WRAPPER}; resolves once it answers at `url`
 * with every one of `names` RUNNING, or rejects with why it did not, its output included.
 */
async function launchSupervisord(
  dir: string,
  url: string,
  credentials: BasicAuthCredentials,
  names: readonly string[],
): Promise<ChildProcessWithoutNullStreams> {
  const outputFile = join(dir, 'output.txt');
  const configFile = join(dir, 'supervisord.conf');
  // /bin/sh, not `sh` on the PATH, so a test may narrow the PATH to hide supervisord.
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'sh', SUPERVISORD, configFile, outputFile], {
    stdio: 'pipe',
    detached: true, // a process group of its own, for a last-resort kill
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  try {
    await waitUntil(
      `${SUPERVISORD} at ${url} to run ${names.join(', ')}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error('exited');
        return allRunning(url, credentials, names.length);
      },
      { timeoutMs: START_TIMEOUT_MS, intervalMs: 100 },
    );
    return child;
  } catch (error) {
    await end(child);
    const output = await readFile(outputFile, 'utf8').catch(() => '');
    throw new Error(`${(error as Error).message}${output ? `\n${output}` : ''}`);
  }
}

function config(
  dir: string,
  port: number,
  credentials: BasicAuthCredentials,
  programs: Readonly<Record<string, string>>,
): string {
  return [
    '[supervisord]',
    `logfile = ${join(dir, 'supervisord.log')}`,
    `pidfile = ${join(dir, 'supervisord.pid')}`,
    `childlogdir = ${dir}`,
    'identifier = rxjs-xmlrpc-e2e',
    // As root, supervisord wants to be told it is meant.
    ...(process.getuid?.() === 0 ? ['user = root'] : []),
    '',
    '[inet_http_server]',
    `port = 127.0.0.1:${port}`,
    `username = ${credentials.username}`,
    `password = ${credentials.password}`,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    ...Object.entries(programs).flatMap(([name, command]) => [
      `[program:${name}]`,
      `command = ${command}`,
      'startsecs = 0',
      'stopwaitsecs = 2',
      '',
    ]),
  ].join('\n');
}

/** Whether supervisord answers, with `count` processes all RUNNING. */
async function allRunning(url: string, credentials: BasicAuthCredentials, count: number): Promise<boolean> {
  try {
    const processes = (await callSupervisord(
      url,
      credentials,
      'supervisor.getAllProcessInfo',
    )) as XmlRpcStruct[];
    return processes.length === count && processes.every((info) => info.statename === 'RUNNING');
  } catch {
    return false; // not listening yet
  }
}

/**
 * Calls supervisord with the codec and `fetch` alone, so the helper does not depend on the
 * transports under test; rejects with an `XmlRpcFault` for a fault, an `Error` for an HTTP status.
 */
async function callSupervisord(
  url: string,
  credentials: BasicAuthCredentials,
  methodName: string,
  params: readonly string[] = [],
): Promise<XmlRpcValue> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml',
      Authorization: `Basic ${btoa(`${credentials.username}:${credentials.password}`)}`,
    },
    body: encodeMethodCall(methodName, [...params]),
  });
  if (!response.ok) throw new Error(`${methodName}: HTTP ${response.status} from ${url}`);
  return decodeMethodResponse(await response.text());
}

/** Ends `child`'s stdin, so its wrapper stops supervisord; kills the process group if that takes too long. */
async function end(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  const escalate = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(escalate);
}

function killGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous, as 'exit' listeners must be; a process that is itself SIGKILLed runs no hook, and
  // then the wrapper sees its stdin close.
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}
