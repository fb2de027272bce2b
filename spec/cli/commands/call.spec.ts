import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XmlRpcServerHandle } from '../../../src/server/serveXmlRpc.js';
import { closedPort } from '../cliProcess.js';
import { runInProcess } from '../testIo.js';
import { startTestServer } from '../testServer.js';

let server: XmlRpcServerHandle;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.concurrent('rxjs-xmlrpc call', () => {
  it('prints the result as JSON on stdout and exits 0', async () => {
    const { status, stdout, stderr } = await runInProcess([
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
    const { status, stdout, stderr } = await runInProcess(['call', server.url, 'echo', ...params]);
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
    const { status, stdout, stderr } = await runInProcess([
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
    const { status, stdout, stderr } = await runInProcess(['call', url, 'supervisor.getState']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^transport error: POST ${url.replaceAll('.', '\\.')} failed: .+\\n$`));
    expect(status).toBe(1);
  });

  it('reports an HTTP error status as a transport error', async () => {
    const url = server.url.replace('/RPC2', '/elsewhere');
    const { status, stderr } = await runInProcess(['call', url, 'supervisor.getState']);
    expect(stderr).toMatch(/^transport error: .*404.*\n$/);
    expect(status).toBe(1);
  });

  it('prints the result of a method without params', async () => {
    const { status, stdout } = await runInProcess(['call', server.url, 'supervisor.getState']);
    expect(status).toBe(0);
    expect(stdout).toBe('{\n  "statecode": 1,\n  "statename": "RUNNING"\n}\n');
  });

  it('prints an unreadable response as a parse error and exits 1', async () => {
    const broken = createServer((_, response) => {
      response.setHeader('Content-Type', 'text/xml');
      response.end(
        '<methodResponse><params><param><value><int>x</int></value></param></params></methodResponse>',
      );
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = broken.address() as { port: number };
      const { status, stdout, stderr } = await runInProcess(['call', `http://127.0.0.1:${port}/RPC2`, 'm']);
      expect(stdout).toBe('');
      expect(stderr).toBe('parse error: not an integer at methodResponse/params/param/value/int: "x"\n');
      expect(status).toBe(1);
    } finally {
      broken.close();
    }
  });

  it('rejects a param that cannot be sent, before sending anything', async () => {
    const before = server.requestCount;
    const { status, stdout, stderr } = await runInProcess(['call', server.url, 'echo', '"a\\u0000b"']);
    expect([status, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^rxjs-xmlrpc call: .*params\[0\].*\n$/);
    expect(server.requestCount).toBe(before);
  });

  it('rejects an empty METHOD', async () => {
    const { status, stderr } = await runInProcess(['call', server.url, '']);
    expect(status).toBe(2);
    expect(stderr).toBe('rxjs-xmlrpc call: missing METHOD (see rxjs-xmlrpc call --help)\n');
  });
});
