import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { closedPort, runCliProcess, startCli } from './cliProcess.js';
import { startTestServer } from './testServer.js';

// What only a real process shows: the entry script, its exit status, a stdout closed under it. The
// commands' behaviour is tested in-process (runCli.spec.ts, commands/*.spec.ts).

const packageVersion = (await import('../../package.json', { with: { type: 'json' } })).default.version;

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
    expect(stdout).toBe(`${packageVersion}\n`);
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
