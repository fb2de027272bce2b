import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XmlRpcServerHandle } from '../../../src/server/serveXmlRpc.js';
import { closedPort, runCli } from '../cliProcess.js';
import { startTestServer } from '../testServer.js';

let server: XmlRpcServerHandle;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.concurrent('rxjs-xmlrpc call', () => {
  it('prints the result as JSON on stdout and exits 0', async () => {
    const { status, stdout, stderr } = await runCli([
      'call',
      server.url,
      'supervisor.getProcessInfo',
      '"web"',
    ]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      name: 'web',
      group: 'web',
      statename: 'RUNNING',
      state: 20,
      pid: 4242,
      description: 'pid 4242, uptime 0:00:00',
    });
  });

  it('sends every param type of the notation and prints them back the same', async () => {
    const params = [
      '-1',
      '2.5',
      'true',
      'null',
      '"text with <xml> & unicode ✓"',
      '{"$dateTime": "2026-01-01T12:30:00Z"}',
      '{"$base64": "AAEC/w=="}',
      '{"$i8": "-9223372036854775808"}',
      '{"$double": 1}',
      '{"$int": 7}',
      '{"nested": [1, {"$i8": "9007199254740993"}], "$struct": 2}',
      '{"$struct": {"$only": "literal"}}',
    ];
    const { status, stdout, stderr } = await runCli(['call', server.url, 'echo', ...params]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      -1,
      2.5,
      true,
      null,
      'text with <xml> & unicode ✓',
      { $dateTime: '2026-01-01T12:30:00Z' },
      { $base64: 'AAEC/w==' },
      { $i8: '-9223372036854775808' },
      1, // an integral double comes back as a plain number
      7,
      { nested: [1, { $i8: '9007199254740993' }], $struct: 2 },
      { $struct: { $only: 'literal' } },
    ]);
  });

  it('prints a fault as "fault CODE: STRING" on stderr and exits 1', async () => {
    const { status, stdout, stderr } = await runCli([
      'call',
      server.url,
      'supervisor.getProcessInfo',
      '"nope"',
    ]);
    expect(stdout).toBe('');
    expect(stderr).toBe('fault 10: BAD_NAME: nope\n');
    expect(status).toBe(1);
  });

  it('prints a transport error on one line and exits 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const { status, stdout, stderr } = await runCli(['call', url, 'supervisor.getState']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^transport error: POST ${url.replaceAll('.', '\\.')} failed: .+\\n$`));
    expect(status).toBe(1);
  });

  it('reports an HTTP error status as a transport error', async () => {
    const url = server.url.replace('/RPC2', '/elsewhere');
    const { status, stderr } = await runCli(['call', url, 'supervisor.getState']);
    expect(stderr).toMatch(/^transport error: .*404.*\n$/);
    expect(status).toBe(1);
  });
});
