import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionArgs } from '../../src/cli/connectionArgs.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import type { XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { createTestIo, runInProcess } from './testIo.js';
import { type RawServer, startRawServer, startTestServer } from './testServer.js';

let server: XmlRpcServerHandle;
/** Never answers. */
let silent: RawServer;
/** Answers a plain call with `"ok"`, and a multicall as supervisord does: each result bare. */
let bare: RawServer;
/** Answers a value nested deeper than the decoder accepts, or an integer with too many digits. */
let hostile: RawServer;
/** Answers `"welcome"` to `Basic dXNlcjpwYTpzcw==` (user, pa:ss) and HTTP 401 to anything else. */
let guarded: RawServer;
const directory = mkdtempSync(join(tmpdir(), 'rxjs-xmlrpc-connection-'));

beforeAll(async () => {
  server = await startTestServer();
  silent = await startRawServer(() => undefined);
  bare = await startRawServer(({ body }) => {
    const { methodName, params } = decodeMethodCall(body);
    if (methodName !== 'system.multicall') return { body: encodeMethodResponse('ok') };
    return { body: encodeMethodResponse((params[0] as unknown[]).map((_, i) => `result ${i}`)) };
  });
  hostile = await startRawServer(({ body }) => {
    const value = decodeMethodCall(body).methodName.endsWith('deep')
      ? `${'<array><data><value>'.repeat(300)}1${'</value></data></array>'.repeat(300)}`
      : `<i8>${'9'.repeat(1001)}</i8>`;
    return {
      body: `<methodResponse><params><param><value>${value}</value></param></params></methodResponse>`,
    };
  });
  guarded = await startRawServer(({ authorization }) =>
    authorization === `Basic ${Buffer.from('user:pa:ss').toString('base64')}`
      ? { body: encodeMethodResponse('welcome') }
      : { status: 401, body: 'who are you?' },
  );
});
afterAll(async () => {
  await Promise.all([server, silent, bare, hostile, guarded].map((each) => each.close()));
  rmSync(directory, { recursive: true, force: true });
});

describe.concurrent('--timeout', () => {
  it('bounds the request of call, and the message names the flag', async () => {
    const { status, stderr } = await runInProcess(['call', silent.url, 'm', '--timeout', '50ms']);
    expect(stderr).toBe(`transport error: POST ${silent.url} failed: no response within 50ms (--timeout)\n`);
    expect(status).toBe(1);
  });

  it('bounds each request of batch', async () => {
    const { status, stdout } = await runInProcess(['batch', silent.url, '--timeout', '0.05s'], {
      stdin: '{"id": 1, "method": "m"}\n{"id": 2, "method": "m"}\n',
    });
    for (const line of stdout.trimEnd().split('\n')) {
      expect(JSON.parse(line).error).toEqual({
        type: 'transport',
        message: expect.stringMatching(/ failed: no response within 50ms \(--timeout\)$/),
      });
    }
    expect(status).toBe(1);
  });

  it('bounds each round of watch', async () => {
    const { stdout } = await runInProcess(['watch', silent.url, 'm', '--count', '1', '--timeout', '50ms']);
    expect(stdout).toMatch(/^m {2}TRANSPORT ERROR: .* failed: no response within 50ms \(--timeout\)$/m);
  });

  it('refuses a duration it cannot read', async () => {
    const { status, stderr } = await runInProcess(['call', server.url, 'm', '--timeout', 'soon']);
    expect(stderr).toBe(
      'rxjs-xmlrpc call: --timeout must be a duration such as 500ms, 1s or 2m (at least 1ms), but got "soon" (see rxjs-xmlrpc call --help)\n',
    );
    expect(status).toBe(2);
  });
});

describe.concurrent('--max-response', () => {
  it('refuses a larger response, and the message names the flag', async () => {
    const { status, stderr } = await runInProcess([
      'call',
      server.url,
      'echo',
      JSON.stringify('x'.repeat(500)),
      '--max-response',
      '300',
    ]);
    expect(stderr).toMatch(/^transport error: POST \S+ failed: .*exceeds --max-response \(300 bytes\)/);
    expect(status).toBe(1);
  });

  it('accepts sizes with units and sets the decoder to the same length', async () => {
    const io = createTestIo();
    const read = (size: string) => connectionArgs(server.url, { 'max-response': size }, io);
    expect((await read('100MB')).decodeOptions).toEqual({ maxLength: 100_000_000 });
    expect((await read('2KiB')).decodeOptions).toEqual({ maxLength: 2048 });
    expect((await connectionArgs(server.url, {}, io)).decodeOptions).toBeUndefined();
  });

  it('refuses a size it cannot read', async () => {
    const { status, stderr } = await runInProcess(['batch', server.url, '--max-response', '64 MB']);
    expect(stderr).toBe(
      'rxjs-xmlrpc batch: --max-response must be a size such as 500000, 500kB or 64MiB (at least 1 byte), but got "64 MB" (see rxjs-xmlrpc batch --help)\n',
    );
    expect(status).toBe(2);
  });
});

describe.concurrent('library messages in the CLI', () => {
  it('batch --wrapped against a server answering bare: the hint says --bare', async () => {
    const { status, stdout } = await runInProcess(['batch', bare.url, '--wrapped', '--max-wait', '60000'], {
      stdin: '{"id": 1, "method": "a"}\n{"id": 2, "method": "b"}\n',
    });
    for (const line of stdout.trimEnd().split('\n')) {
      const { error } = JSON.parse(line);
      expect(error.type).toBe('protocol');
      expect(error.message).toMatch(/as supervisord does, use --bare$/);
    }
    expect(status).toBe(1);
  });

  it('watch --wrapped against a server answering bare: the hint says --bare', async () => {
    const { stdout } = await runInProcess(['watch', bare.url, 'a', 'b', '--wrapped', '--count', '1']);
    expect(stdout).toMatch(/^a +PROTOCOL ERROR: .*, use --bare$/m);
  });

  it.each([
    ['deep', 'nesting deeper than the limit of 256 at methodResponse/params/param/value/array'],
    ['long', 'integer longer than the limit of 1000 at methodResponse/params/param/value/i8'],
  ])('a %s response: the decoder limit is stated without the option', async (method, message) => {
    const { status, stderr } = await runInProcess(['call', hostile.url, method]);
    expect(stderr.startsWith(`parse error: ${message}`)).toBe(true);
    expect(status).toBe(1);
  });

  it('refuses a URL whose credentials the transport cannot read, as a bad argument', async () => {
    const { status, stderr } = await runInProcess(['call', 'http://us%zz:pw@127.0.0.1:1/RPC2', 'm']);
    expect(stderr).toBe(
      'rxjs-xmlrpc call: the credentials in the URL hold a malformed percent escape (write "%" itself as "%25") (see rxjs-xmlrpc call --help)\n',
    );
    expect(status).toBe(2);
  });
});

describe.concurrent('credentials', () => {
  const file = join(directory, 'auth');
  writeFileSync(file, 'user:pa:ss\n');
  const withCredentials = (url: string, credentials: string) =>
    url.replace('http://', `http://${credentials}@`);

  it('call takes them from --auth-file', async () => {
    const { status, stdout } = await runInProcess(['call', guarded.url, 'm', '--auth-file', file]);
    expect([status, stdout]).toEqual([0, '"welcome"\n']);
  });

  it('batch takes them from XMLRPC_AUTH', async () => {
    const { status, stdout } = await runInProcess(['batch', guarded.url], {
      stdin: '{"id": 1, "method": "m"}\n',
      env: { XMLRPC_AUTH: 'user:pa:ss' },
    });
    expect([status, stdout]).toEqual([0, '{"id":1,"ok":true,"value":"welcome"}\n']);
  });

  it('watch takes them from --auth-file rather than XMLRPC_AUTH', async () => {
    const { status, stdout } = await runInProcess(
      ['watch', guarded.url, 'm', '--count', '1', '--auth-file', file],
      {
        env: { XMLRPC_AUTH: 'user:wrong' },
      },
    );
    expect(status).toBe(0);
    expect(stdout).toContain('\nm  welcome\n');
  });

  it('takes those of the URL rather than XMLRPC_AUTH', async () => {
    const url = withCredentials(guarded.url, 'user:pa%3Ass');
    const { status, stdout } = await runInProcess(['call', url, 'm'], { env: { XMLRPC_AUTH: 'user:wrong' } });
    expect([status, stdout]).toEqual([0, '"welcome"\n']);
  });

  it('refuses --auth-file beside credentials in the URL, sending nothing', async () => {
    const before = guarded.requests.length;
    const url = withCredentials(guarded.url, 'user:pa%3Ass');
    const { status, stderr } = await runInProcess(['call', url, 'm', '--auth-file', file]);
    expect(stderr).toBe(
      'rxjs-xmlrpc call: give credentials in the URL or in --auth-file, not both (see rxjs-xmlrpc call --help)\n',
    );
    expect(status).toBe(2);
    expect(guarded.requests.length).toBe(before);
  });

  it('refuses an unreadable --auth-file as a bad argument, naming it', async () => {
    const missing = join(directory, 'nope');
    const { status, stderr } = await runInProcess(['batch', guarded.url, '--auth-file', missing]);
    expect(stderr).toBe(
      `rxjs-xmlrpc batch: --auth-file ${JSON.stringify(missing)} cannot be read (ENOENT: no such file or directory) (see rxjs-xmlrpc batch --help)\n`,
    );
    expect(status).toBe(2);
  });

  it('sends wrong credentials and reports the HTTP 401 without quoting them', async () => {
    const { status, stderr } = await runInProcess(['call', guarded.url, 'm'], {
      env: { XMLRPC_AUTH: 'user:s3cret' },
    });
    expect(stderr).toMatch(/^transport error: POST \S+ failed: HTTP 401/);
    expect(stderr).not.toContain('s3cret');
    expect(status).toBe(1);
  });
});
