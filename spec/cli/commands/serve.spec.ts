import { createServer } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { decodeMethodResponse } from '../../../src/codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../../src/codec/encodeMethodCall.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { runCli, startCli } from '../cliProcess.js';

/** Calls `methodName` on `url` with the library's own codec and transport. */
async function call(url: string, methodName: string, params: string[] = []) {
  const body = encodeMethodCall(methodName, params);
  return decodeMethodResponse(await lastValueFrom(fetchTransport(url)({ body, headers: {} })));
}

describe.concurrent('rxjs-xmlrpc serve', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves the demo methods until %s, then exits 0',
    async (signal) => {
      const cli = startCli(['serve']);
      await cli.waitForStdout(/\n/);
      const url = /^Demo XML-RPC server at (http:\/\/127\.0\.0\.1:\d+\/RPC2) /.exec(cli.stdout())?.[1];
      expect(url).toBeDefined();
      expect(cli.stdout()).toContain(`Try: rxjs-xmlrpc watch ${url} supervisor.getState`);
      expect(await call(url!, 'supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
      await expect(call(url!, 'supervisor.getProcessInfo', ['nope'])).rejects.toMatchObject({
        faultCode: 10,
        faultString: 'BAD_NAME: nope',
      });
      cli.child.kill(signal);
      const { status, signal: killedBy, stdout } = await cli.ended();
      expect([status, killedBy]).toEqual([0, null]);
      expect(stdout).toMatch(new RegExp(`\\nStopped \\(${signal}\\) after 2 requests\\.\\n$`));
    },
  );

  it('listens on --port and --host', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const cli = startCli(['serve', '--port', String(port), '--host', '127.0.0.1']);
    await cli.waitForStdout(/\n/);
    expect(cli.stdout()).toMatch(new RegExp(`^Demo XML-RPC server at http://127\\.0\\.0\\.1:${port}/RPC2 `));
    cli.child.kill('SIGINT');
    expect((await cli.ended()).status).toBe(0);
  });

  it('exits 1 with one line when it cannot listen', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = busy.address() as { port: number };
      const { status, stdout, stderr } = await runCli(['serve', '--port', String(port)]);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(`^rxjs-xmlrpc serve: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n$`),
      );
      expect(status).toBe(1);
    } finally {
      busy.close();
    }
  });
});
