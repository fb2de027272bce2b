import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { closedPort, runCliProcess, startCli } from './cliProcess.js';
import { startTestServer } from './testServer.js';

// What only a real process shows: the entry script, its exit status, a stdout closed under it. The
// commands' behaviour is tested in-process (runCli.spec.ts, commands/*.spec.ts).

const packageJson = (await import('../../package.json', { with: { type: 'json' } })).default;

let server: XmlRpcServerHandle;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.concurrent('rxjs-xmlrpc (main, the process)', () => {
  it('prints the global help on --help, and exits 0', async () => {
    const { status, stdout, stderr } = await runCliProcess(['--help']);
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: rxjs-xmlrpc COMMAND/);
  });

  it('prints the version of package.json on --version', async () => {
    const { status, stdout } = await runCliProcess(['--version']);
    expect(status).toBe(0);
    expect(stdout).toBe(`${packageJson.version}\n`);
  });

  it('exits 1 when a call failed', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const { status, stdout, stderr } = await runCliProcess(['call', url, 'supervisor.getState']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^transport error: /);
    expect(status).toBe(1);
  });

  it('exits 2 for bad arguments, with one line on stderr', async () => {
    const { status, stdout, stderr } = await runCliProcess(['frobnicate']);
    expect(stdout).toBe('');
    expect(stderr).toBe('rxjs-xmlrpc: unknown command "frobnicate" (see rxjs-xmlrpc --help)\n');
    expect(status).toBe(2);
  });

  it('stops quietly with status 1 when the reader of stdout goes away (EPIPE)', async () => {
    const cli = startCli(['watch', server.url, 'supervisor.getState', '--every', '10ms']);
    await cli.waitForStdout(/round 1 /);
    cli.child.stdout!.destroy(); // as `| head -1` does once it has its line
    const { status, signal, stderr } = await cli.ended();
    expect([status, signal]).toEqual([1, null]);
    expect(stderr).toBe(''); // no stack trace of an unhandled EPIPE
  });
});

describe.concurrent("npm run demo (package.json's script, a process)", () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves on 127.0.0.1, shows the table and the requests saved, and exits 0 on %s',
    async (signal) => {
      // The script as package.json states it: `tsx <entry> <args>`.
      const [runner, script, ...args] = packageJson.scripts.demo.split(' ');
      expect(runner).toBe('tsx');
      const demo = startCli(args, script);
      await demo.waitForStdout(/So far: 14 calls in 2 HTTP requests: batching saved 12 requests\.\n/);
      demo.child.kill(signal);
      const { status, signal: killedBy, stdout, stderr } = await demo.ended();
      expect(stderr).toBe('');
      expect([status, killedBy]).toEqual([0, null]);
      const [first] = stdout.split(/\n\n(?=rxjs-xmlrpc demo)/);
      const lines = first!.split('\n');
      expect(lines[0]).toMatch(
        /^rxjs-xmlrpc demo: a supervisor-like XML-RPC server at http:\/\/127\.0\.0\.1:\d+\/RPC2$/,
      );
      expect(lines[1]).toBe('round 1 · every 1s · Ctrl-C stops');
      expect(lines).toContain('supervisor.getState                statecode=1  statename=RUNNING');
      expect(lines).toContain('supervisor.getProcessInfo("nope")  FAULT 10: BAD_NAME: nope');
      expect(lines.some((line) => /^demo\.alwaysFaults +FAULT 30: FAILED: /.test(line))).toBe(true);
      expect(lines).toContain('  name      group    statename  state  pid   description');
      expect(lines).toContain('This round: 7 calls in 1 HTTP request (system.multicall).');
      expect(lines).toContain('So far: 7 calls in 1 HTTP request: batching saved 6 requests.');
      expect(stdout.endsWith('\nDemo stopped.\n')).toBe(true);
    },
  );
});
