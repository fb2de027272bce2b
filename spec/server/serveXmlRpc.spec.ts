import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { config, map, Observable, timer } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { FaultCode } from '../../src/codec/faultCodes.js';
import { normalizeServeOptions, type ServeXmlRpcOptions } from '../../src/server/serveOptions.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { readAnswer } from './callHandler.js';

const methods = {
  add: (a: number, b: number) => a + b,
  echo: (text: string) => text,
};

const servers: XmlRpcServerHandle[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: Partial<ServeXmlRpcOptions> = {}): Promise<XmlRpcServerHandle> {
  const server = await serveXmlRpc({ methods, ...options });
  servers.push(server);
  return server;
}

function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'Content-Type': 'text/xml', ...headers },
  });
}

/** Streams `chunks` with chunked transfer encoding (no Content-Length); resolves with the status. */
function postChunked(url: string, chunks: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'text/xml' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** Sends `text` on a fresh TCP connection and resolves with everything received until the server closes it. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.end(text);
  });
}

describe('serveXmlRpc', () => {
  it('answers a POSTed methodCall with text/xml, on 127.0.0.1 and /RPC2 by default', async () => {
    const server = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/RPC2`);
    const response = await post(server.url, encodeMethodCall('add', [2, 3]));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(readAnswer(await response.text())).toEqual({ result: 5 });
  });

  it('answers faults with status 200, as XML-RPC wants', async () => {
    const server = await start();
    const response = await post(server.url, 'garbage');
    expect(response.status).toBe(200);
    expect(readAnswer(await response.text())).toMatchObject({ faultCode: FaultCode.NotWellFormed });
  });

  it('carries non-ASCII text both ways in UTF-8', async () => {
    const server = await start();
    const response = await post(server.url, encodeMethodCall('echo', ['héllo → 世界 🎉']));
    expect(readAnswer(await response.text())).toEqual({ result: 'héllo → 世界 🎉' });
  });

  it('serves a custom path, ignoring the query string, and answers 404 elsewhere', async () => {
    const server = await start({ path: '/api/xmlrpc' });
    const base = `http://127.0.0.1:${server.port}`;
    expect((await post(`${base}/api/xmlrpc?x=1`, encodeMethodCall('add', [1, 1]))).status).toBe(200);
    const missing = await post(`${base}/RPC2`, encodeMethodCall('add', [1, 1]));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not Found\n');
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers 405 with Allow: POST to %s', async (method) => {
    const server = await start();
    const response = await fetch(server.url, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  describe('request size limit', () => {
    it('answers 413 at once when Content-Length is over `maxRequestBytes`', async () => {
      const server = await start({ maxRequestBytes: 1000 });
      const response = await post(server.url, encodeMethodCall('echo', ['x'.repeat(2000)]));
      expect(response.status).toBe(413);
      expect(await response.text()).toBe('request body is larger than the 1000-byte limit\n');
      expect((await post(server.url, encodeMethodCall('echo', ['x'.repeat(500)]))).status).toBe(200);
    });

    it('answers 413 while reading a chunked body that grows over the limit', async () => {
      const server = await start({ maxRequestBytes: 1000 });
      const status = await postChunked(server.url, [Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]);
      expect(status).toBe(413);
    });

    it('accepts a body of exactly `maxRequestBytes`', async () => {
      const body = encodeMethodCall('echo', ['ok']);
      const server = await start({ maxRequestBytes: Buffer.byteLength(body) });
      expect(readAnswer(await (await post(server.url, body)).text())).toEqual({ result: 'ok' });
    });
  });

  describe('Content-Encoding', () => {
    it('reads a gzip-compressed request', async () => {
      const server = await start();
      const body = gzipSync(encodeMethodCall('echo', ['zipped']));
      const response = await post(server.url, body, { 'Content-Encoding': 'gzip' });
      expect(readAnswer(await response.text())).toEqual({ result: 'zipped' });
    });

    it('answers 413 when the decompressed body is over the limit (a gzip bomb)', async () => {
      const server = await start({ maxRequestBytes: 10_000 });
      const body = gzipSync(encodeMethodCall('echo', ['x'.repeat(1_000_000)]));
      expect(body.length).toBeLessThan(10_000);
      const response = await post(server.url, body, { 'Content-Encoding': 'gzip' });
      expect(response.status).toBe(413);
    });

    it('answers 400 for a corrupt gzip body', async () => {
      const server = await start();
      const response = await post(server.url, new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4]), {
        'Content-Encoding': 'gzip',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toBe('corrupt gzip request body\n');
    });

    it('answers 415 for an unsupported encoding', async () => {
      const server = await start();
      const response = await post(server.url, 'x', { 'Content-Encoding': 'br' });
      expect(response.status).toBe(415);
      expect(await response.text()).toBe('unsupported Content-Encoding: br\n');
    });
  });

  describe('charset', () => {
    it('reads the body in the charset its Content-Type declares', async () => {
      const server = await start();
      const body = Buffer.from(encodeMethodCall('echo', ['café']), 'latin1');
      const response = await post(server.url, body, { 'Content-Type': 'text/xml; charset=ISO-8859-1' });
      expect(readAnswer(await response.text())).toEqual({ result: 'café' });
    });

    it('answers fault -32701 for an unknown charset', async () => {
      const server = await start();
      const response = await post(server.url, encodeMethodCall('echo', ['x']), {
        'Content-Type': 'text/xml; charset=klingon',
      });
      expect(readAnswer(await response.text())).toEqual({
        faultCode: FaultCode.UnsupportedEncoding,
        faultString: 'unsupported charset: klingon',
      });
    });

    it('answers fault -32702 for bytes that are not valid UTF-8', async () => {
      const server = await start();
      const body = Buffer.concat([Buffer.from('<methodCall><methodName>echo'), Buffer.from([0xff, 0xfe])]);
      expect(readAnswer(await (await post(server.url, body)).text())).toEqual({
        faultCode: FaultCode.InvalidCharacter,
        faultString: 'request body is not valid utf-8',
      });
    });
  });

  it('counts every HTTP request and calls onRequest for each', async () => {
    const onRequest = vi.fn();
    const server = await start({ onRequest });
    await post(server.url, encodeMethodCall('add', [1, 1]));
    await fetch(server.url);
    await post(`http://127.0.0.1:${server.port}/elsewhere`, '');
    expect(server.requestCount).toBe(3);
    expect(onRequest.mock.calls.map(([request]) => `${request.method} ${request.url}`)).toEqual([
      'POST /RPC2',
      'GET /RPC2',
      'POST /elsewhere',
    ]);
  });

  it('answers 400 to a request target that is not a valid URL', async () => {
    const server = await start();
    const response = await rawExchange(
      server.port,
      'POST http://[ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
    );
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(response).toMatch(/\r\n\r\nBad Request: the request target is not a valid URL\n$/);
    expect((await post(server.url, encodeMethodCall('add', [1, 1]))).status).toBe(200);
  });

  describe('a throwing onRequest hook', () => {
    it('is contained: the request gets 500, onError gets the error, and the server goes on', async () => {
      const hookError = new Error('hook failed');
      const onError = vi.fn();
      const server = await start({
        onRequest: (request) => {
          if (request.headers['x-fail'] === '1') throw hookError;
        },
        handlerOptions: { onError },
      });
      const failed = await post(server.url, encodeMethodCall('add', [1, 1]), { 'X-Fail': '1' });
      expect(failed.status).toBe(500);
      expect(await failed.text()).toBe('Internal Server Error\n');
      expect(onError).toHaveBeenCalledExactlyOnceWith(hookError, undefined);
      const answered = await post(server.url, encodeMethodCall('add', [1, 1]));
      expect(readAnswer(await answered.text())).toEqual({ result: 2 });
      expect(server.requestCount).toBe(2);
    });

    it('is contained even when onError throws too', async () => {
      const unhandled = vi.fn();
      const previous = config.onUnhandledError;
      config.onUnhandledError = unhandled;
      try {
        const server = await start({
          onRequest: () => {
            throw new Error('hook failed');
          },
          handlerOptions: {
            onError: () => {
              throw new Error('logger failed');
            },
          },
        });
        expect((await post(server.url, encodeMethodCall('add', [1, 1]))).status).toBe(500);
        await vi.waitFor(() => expect(unhandled).toHaveBeenCalledWith(new Error('logger failed')));
      } finally {
        config.onUnhandledError = previous;
      }
    });
  });

  it('passes handlerOptions to the handler', async () => {
    const server = await start({ handlerOptions: { maxMulticallEntries: 1 } });
    const call = { methodName: 'add', params: [1, 1] };
    const response = await post(server.url, encodeMethodCall('system.multicall', [[call, call]]));
    expect(readAnswer(await response.text())).toMatchObject({ faultCode: FaultCode.InvalidParams });
  });

  it('unsubscribes an Observable method when the client hangs up', async () => {
    let subscribed = false;
    let unsubscribed = false;
    const server = await start({
      methods: {
        hang: () =>
          new Observable(() => {
            subscribed = true;
            return () => {
              unsubscribed = true;
            };
          }),
      },
    });
    const controller = new AbortController();
    const pending = fetch(server.url, {
      method: 'POST',
      body: encodeMethodCall('hang', []),
      signal: controller.signal,
    }).catch((error: Error) => error.name);
    await vi.waitFor(() => expect(subscribed).toBe(true));
    expect(unsubscribed).toBe(false);
    controller.abort();
    expect(await pending).toBe('AbortError');
    await vi.waitFor(() => expect(unsubscribed).toBe(true));
  });

  describe('timeouts and the connection cap', () => {
    /** A raw connection to the server, with what it received and whether it was closed. */
    function open(port: number) {
      const socket = connect(port, '127.0.0.1');
      const received: Buffer[] = [];
      const closed = new Promise<string>((resolve) => {
        socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')));
      });
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => {}); // a reset counts as closed
      return { socket, closed, text: () => Buffer.concat(received).toString('latin1') };
    }

    /** Writes `chunk` every 20 ms until the socket closes: a client sending ever so slowly. */
    function drip(socket: Socket, chunk: string): void {
      const timer = setInterval(() => socket.write(chunk), 20);
      socket.on('close', () => clearInterval(timer));
    }

    /** Sends normal requests on fresh connections until `done` settles; resolves with their statuses. */
    async function keepCalling(url: string, done: Promise<unknown>): Promise<number[]> {
      let finished = false;
      void done.then(() => {
        finished = true;
      });
      const statuses: number[] = [];
      do {
        const response = await post(url, encodeMethodCall('add', [1, 1]), { Connection: 'close' });
        statuses.push(response.status);
        await response.text();
      } while (!finished);
      return statuses;
    }

    it.each([
      [
        'headers',
        { headersTimeoutMs: 300, requestTimeoutMs: 5_000 },
        'POST /RPC2 HTTP/1.1\r\nHost: x\r\n',
        'X-Slow: 1\r\n',
      ],
      [
        'body',
        { headersTimeoutMs: 200, requestTimeoutMs: 400 },
        'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n<',
        'x',
      ],
    ])(
      'cuts off a client trickling its %s with 408, while other connections are answered',
      async (_, timeouts, first, piece) => {
        const server = await start(timeouts);
        const slow = open(server.port);
        slow.socket.write(first);
        drip(slow.socket, piece);
        const statuses = await keepCalling(server.url, slow.closed);
        expect(await slow.closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
        expect(statuses.length).toBeGreaterThan(0);
        expect(statuses.every((status) => status === 200)).toBe(true);
      },
    );

    it('cuts off a connection that never sends anything', async () => {
      const server = await start({ headersTimeoutMs: 200 });
      expect(await open(server.port).closed).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('closes a keep-alive connection left idle for `idleTimeoutMs`, as its Keep-Alive header says', async () => {
      const server = await start({ idleTimeoutMs: 1000 });
      const idle = open(server.port);
      const body = encodeMethodCall('add', [1, 1]);
      idle.socket.write(`POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      const text = await idle.closed;
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text).toContain('\r\nKeep-Alive: timeout=1\r\n');
      expect(text).toContain('<int>2</int>');
    });

    it('closes a connection whose client stops reading the response, freeing it', async () => {
      let serverSocket: Socket | undefined;
      const server = await start({
        idleTimeoutMs: 300,
        methods: { big: () => 'x'.repeat(32 * 1024 * 1024) },
        onRequest: (request) => {
          serverSocket = request.socket;
        },
      });
      const reader = open(server.port);
      reader.socket.pause(); // never reads: the kernel buffers fill and the server's writes stall
      const body = encodeMethodCall('big', []);
      reader.socket.write(`POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      await vi.waitFor(() => expect(serverSocket).toBeDefined());
      await new Promise((resolve) => serverSocket!.once('close', resolve));
      expect(serverSocket!.destroyed).toBe(true);
      reader.socket.destroy();
    });

    it('does not cut off a slow method: only waiting on the client counts', async () => {
      const server = await start({
        headersTimeoutMs: 100,
        requestTimeoutMs: 100,
        idleTimeoutMs: 100,
        methods: { slow: () => timer(600).pipe(map(() => 'done')) },
      });
      const response = await post(server.url, encodeMethodCall('slow', []));
      expect(readAnswer(await response.text())).toEqual({ result: 'done' });
    });

    it('serves with every timeout and the connection cap turned off', async () => {
      const server = await start({
        headersTimeoutMs: Infinity,
        requestTimeoutMs: Infinity,
        idleTimeoutMs: Infinity,
        maxConnections: Infinity,
      });
      const response = await post(server.url, encodeMethodCall('add', [2, 2]));
      expect(readAnswer(await response.text())).toEqual({ result: 4 });
    });

    it('closes connections over `maxConnections` at once, while those open go on', async () => {
      const server = await start({ maxConnections: 2 });
      const body = encodeMethodCall('add', [1, 1]);
      const request = `POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      const first = open(server.port);
      const second = open(server.port);
      for (const connection of [first, second]) {
        connection.socket.write(request);
        await vi.waitFor(() => expect(connection.text()).toContain('</methodResponse>'));
      }
      const third = open(server.port);
      third.socket.write(request);
      expect(await third.closed).toBe('');
      first.socket.write(request.replace('[1, 1]', ''));
      await vi.waitFor(() => expect(first.text().split('<int>2</int>')).toHaveLength(3));
      first.socket.destroy();
      await first.closed;
      // A slot is free again.
      expect((await post(server.url, body, { Connection: 'close' })).status).toBe(200);
    });
  });

  describe('close()', () => {
    it('closes keep-alive connections, refuses new requests, and is idempotent', async () => {
      const server = await serveXmlRpc({ methods });
      // fetch keeps the connection alive; without closeAllConnections close() would wait for it.
      expect((await post(server.url, encodeMethodCall('add', [1, 1]))).status).toBe(200);
      await server.close();
      await server.close();
      await expect(post(server.url, encodeMethodCall('add', [1, 1]))).rejects.toThrow();
    });
  });

  it('close() ends requests in flight: their clients get an error', async () => {
    const server = await serveXmlRpc({ methods: { hang: () => new Observable(() => {}) } });
    const pending = post(server.url, encodeMethodCall('hang', [])).then(
      () => 'answered',
      () => 'failed',
    );
    await vi.waitFor(() => expect(server.requestCount).toBe(1));
    await server.close();
    expect(await pending).toBe('failed');
  });

  describe('options', () => {
    it.each<[Partial<ServeXmlRpcOptions>, Error]>([
      [{ port: 70000 }, new RangeError('`port` must be an integer from 0 to 65535, but got 70000')],
      [{ port: -1 }, new RangeError('`port` must be an integer from 0 to 65535, but got -1')],
      [
        { maxRequestBytes: 0 },
        new RangeError('`maxRequestBytes` must be an integer from 1 to 2147483647, but got 0'),
      ],
      [{ path: 'RPC2' }, new TypeError('`path` must be a string starting with "/", but got "RPC2"')],
      [{ host: '' }, new TypeError('`host` must be a non-empty string, but got ""')],
      [{ onRequest: 1 as never }, new TypeError('`onRequest` must be a function, but got 1')],
      [
        { headersTimeoutMs: 0 },
        new RangeError('`headersTimeoutMs` must be a positive integer or Infinity, but got 0'),
      ],
      [
        { requestTimeoutMs: 1.5 },
        new RangeError('`requestTimeoutMs` must be a positive integer or Infinity, but got 1.5'),
      ],
      [
        { idleTimeoutMs: -1 },
        new RangeError('`idleTimeoutMs` must be a positive integer or Infinity, but got -1'),
      ],
      [
        { maxConnections: 0 },
        new RangeError('`maxConnections` must be a positive integer or Infinity, but got 0'),
      ],
      [
        { headersTimeoutMs: 2000, requestTimeoutMs: 1000 },
        new RangeError('`headersTimeoutMs` must be at most `requestTimeoutMs` (1000), but got 2000'),
      ],
      [
        { methods: { x: 1 as never } },
        new TypeError(
          '`methods.x` must be a function, a describeMethod() or a plain object of methods, but got 1',
        ),
      ],
    ])('throws synchronously for bad options (%#)', (options, error) => {
      expect(() => serveXmlRpc({ methods, ...options })).toThrow(error);
    });

    it('defaults to safe timeouts and a connection cap; Infinity means none (0 for node:http)', () => {
      expect(normalizeServeOptions({ methods })).toMatchObject({
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        idleTimeoutMs: 5_000,
        maxConnections: 512,
      });
      expect(
        normalizeServeOptions({
          methods,
          headersTimeoutMs: Infinity,
          requestTimeoutMs: Infinity,
          idleTimeoutMs: 2 ** 31,
          maxConnections: Infinity,
        }),
      ).toMatchObject({
        headersTimeoutMs: 0,
        requestTimeoutMs: 0,
        idleTimeoutMs: 0,
        maxConnections: Infinity,
      });
      // A shorter request timeout lowers the headers timeout's default to it.
      expect(normalizeServeOptions({ methods, requestTimeoutMs: 3000 })).toMatchObject({
        headersTimeoutMs: 3000,
        requestTimeoutMs: 3000,
      });
    });

    it('throws for missing options', () => {
      expect(() => serveXmlRpc(undefined as never)).toThrow(
        new TypeError('`options` must be an object, but got undefined'),
      );
    });

    it('rejects when the port is in use', async () => {
      const server = await start();
      await expect(serveXmlRpc({ methods, port: server.port })).rejects.toThrow(/EADDRINUSE/);
    });
  });
});
