import { createServer } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/runCli.js';
import { decodeMethodResponse } from '../../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../../src/codec/encodeMethodCall.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { closedPort, startCli } from '../cliProcess.js';
import { createTestIo, runInProcess } from '../testIo.js';

/** Calls `methodName` on `url` with the library's own codec and transport. */
async function call(url: string, methodName: string, params: string[] = []) {
  const body = encodeMethodCall(methodName, params);
  return decodeMethodResponse(await lastValueFrom(fetchTransport(url)({ body, headers: {} })));
}

/** The URL a running `serve` printed first. */
function servedUrl(stdout: string): string {
  const url = /^Demo XML-RPC server at (http:\/\/127\.0\.0\.1:\d+\/RPC2) /.exec(stdout)?.[1];
  expect(url).toBeDefined();
  return url!;
}

describe.concurrent('rxjs-xmlrpc serve', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves the demo methods until told to stop (%s), then resolves 0',
    async (signal) => {
      const io = createTestIo();
      const run = runCli(['serve'], io);
      await io.stdout.waitFor(/\n/);
      const url = servedUrl(io.stdout.text());
      expect(io.stdout.text()).toBe(
        `Demo XML-RPC server at ${url} (Ctrl-C stops)\n` +
          `Try: rxjs-xmlrpc watch ${url} supervisor.getState demo.getUptime demo.getCounters ` +
          `'supervisor.getProcessInfo("web")' 'supervisor.getProcessInfo("nope")' demo.alwaysFaults ` +
          'supervisor.getAllProcessInfo\n',
      );
      expect(await call(url, 'supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
      await expect(call(url, 'supervisor.getProcessInfo', ['nope'])).rejects.toMatchObject({
        faultCode: 10,
        faultString: 'BAD_NAME: nope',
      });
      io.signal(signal);
      expect(await run).toBe(0);
      expect(io.stdout.text()).toMatch(new RegExp(`\\nStopped \\(${signal}\\) after 2 requests\\.\\n$`));
      expect(io.stderr.text()).toBe('');
      await expect(call(url, 'supervisor.getState')).rejects.toMatchObject({ name: 'XmlRpcTransportError' });
    },
  );

  it('listens on --port and --host', async () => {
    const port = await closedPort();
    const io = createTestIo();
    const run = runCli(['serve', '--port', String(port), '--host', '127.0.0.1'], io);
    await io.stdout.waitFor(/\n/);
    expect(servedUrl(io.stdout.text())).toBe(`http://127.0.0.1:${port}/RPC2`);
    io.signal('SIGINT');
    expect(await run).toBe(0);
  });

  it('resolves 1 with one line when it cannot listen, leaving no stop handler behind', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = busy.address() as { port: number };
      const { status, stdout, stderr, io } = await runInProcess(['serve', '--port', String(port)]);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(`^rxjs-xmlrpc serve: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n$`),
      );
      expect(status).toBe(1);
      expect(io.stopHandlers()).toBe(0);
    } finally {
      busy.close();
    }
  });

  it.each([
    [['--host', ''], 'rxjs-xmlrpc serve: --host must not be empty (see rxjs-xmlrpc serve --help)\n'],
    [['8080'], 'rxjs-xmlrpc serve: unexpected argument "8080" (see rxjs-xmlrpc serve --help)\n'],
  ])('rejects serve %j with status 2, before listening', async (args, message) => {
    const { status, stdout, stderr, io } = await runInProcess(['serve', ...args]);
    expect([status, stdout, stderr]).toEqual([2, '', message]);
    expect(io.stopHandlers()).toBe(0);
  });
});

describe.concurrent('rxjs-xmlrpc serve, as a process', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('stops on %s with exit status 0', async (signal) => {
    const cli = startCli(['serve']);
    await cli.waitForStdout(/\n/);
    const url = servedUrl(cli.stdout());
    expect(await call(url, 'supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
    cli.child.kill(signal);
    const { status, signal: killedBy, stdout } = await cli.ended();
    expect([status, killedBy]).toEqual([0, null]);
    expect(stdout).toMatch(new RegExp(`\\nStopped \\(${signal}\\) after 1 requests\\.\\n$`));
  });
});
