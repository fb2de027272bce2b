import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { createXmlRpcClient } from '../../../src/client/createXmlRpcClient.js';
import type { XmlRpcStruct } from '../../../src/codec/XmlRpcValue.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { waitUntil } from './waitUntil.js';

/** A supervisord of {@link startSupervisord}. */
export interface Supervisord {
  /** Its XML-RPC endpoint, credentials included: `http://user:pass@127.0.0.1:PORT/RPC2`. */
  readonly url: string;
  /** `supervisor.getProcessInfo(name)`, asked directly (not through the dashboard). */
  processInfo(name: string): Promise<XmlRpcStruct>;
  /** Stops it (SIGTERM: it stops its programs first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same programs, and waits until it answers. */
  restart(): Promise<void>;
  /** Stops it for good and removes its files (idempotent). */
  dispose(): Promise<void>;
}

/** The path of `supervisord` on the PATH, or `undefined` when it is not installed. */
export function findSupervisord(): string | undefined {
  try {
    return (
      execFileSync('/bin/sh', ['-c', 'command -v supervisord'], { encoding: 'utf8' }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * Starts a real supervisord (Debian's package `supervisor`) in the foreground, with a temporary
 * configuration: its XML-RPC interface on a free loopback port behind `user:pass`, and one
 * `sleep 1000` program for each of `programs`. Resolves once it answers and every program runs.
 */
export async function startSupervisord(
  executable: string,
  programs: readonly string[],
): Promise<Supervisord> {
  const dir = await mkdtemp(join(tmpdir(), 'rxjs-xmlrpc-supervisord-'));
  const port = await freePort();
  const config = join(dir, 'supervisord.conf');
  await writeFile(
    config,
    [
      '[inet_http_server]',
      `port=127.0.0.1:${port}`,
      'username=user',
      'password=pass',
      '[supervisord]',
      `logfile=${join(dir, 'supervisord.log')}`,
      `pidfile=${join(dir, 'supervisord.pid')}`,
      `childlogdir=${dir}`,
      // As root, supervisord wants to be told it is meant.
      ...(process.getuid?.() === 0 ? ['user=root'] : []),
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      ...programs.flatMap((name) => [
        `[program:${name}]`,
        'command=sleep 1000',
        'startsecs=0',
        'stopwaitsecs=2',
      ]),
    ].join('\n'),
  );
  const url = `http://user:pass@127.0.0.1:${port}/RPC2`;
  const client = createXmlRpcClient({ transport: fetchTransport(url, { timeoutMs: 2000 }) });
  const processInfo = (name: string) =>
    firstValueFrom(client.call<XmlRpcStruct>('supervisor.getProcessInfo', [name]));
  let child: ChildProcess | undefined;

  const launch = async () => {
    const started = spawn(executable, ['-n', '-c', config], { stdio: 'ignore' });
    child = started;
    await waitUntil(
      `supervisord on port ${port} to run ${programs.join(', ')}`,
      async () => {
        if (started.exitCode !== null)
          throw new Error(`supervisord exited (${started.exitCode}): see ${dir}`);
        try {
          const states = await Promise.all(programs.map(async (name) => (await processInfo(name)).statename));
          return states.every((state) => state === 'RUNNING');
        } catch {
          return false;
        }
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  };
  const stop = async () => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    const escalate = setTimeout(() => current.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(escalate);
  };

  await launch();
  return {
    url,
    processInfo,
    stop,
    restart: launch,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback port free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
