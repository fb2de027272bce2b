import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { firstValueFrom, VirtualTimeScheduler } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchTransport } from '../../src/transport/fetchTransport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { ANSWER, REQUEST } from './exchange.js';

const ERROR_PAGE =
  '<!DOCTYPE html>\n<html>\n  <head><title>500 Internal Server Error</title></head>\n</html>\n';

/** What the server saw of one request. */
interface Seen {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: string;
}

let server: Server;
let base: string;
/** How the server answers the current test's requests. */
let handle: (seen: Seen) => void;
/** Resolves with the next request the server receives. */
let arrival: Promise<Seen>;
let arrived: (seen: Seen) => void;

function expectArrival(): void {
  arrival = new Promise((resolve) => {
    arrived = resolve;
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = { req, res, body: Buffer.concat(chunks).toString('utf8') };
      arrived(seen);
      handle(seen);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  expectArrival();
  handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ANSWER);
});

/** Resolves when the response's connection closes: `true` when the response had been sent in full. */
function closed(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => res.on('close', () => resolve(res.writableFinished)));
}

/** The error a transport call fails with (fails the test if it succeeds). */
async function failure(
  url: string,
  options: Parameters<typeof fetchTransport>[1] = {},
): Promise<XmlRpcTransportError> {
  const outcome = await firstValueFrom(fetchTransport(url, options)(REQUEST)).then(
    (body) => new Error(`expected a failure, got ${body}`),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(XmlRpcTransportError);
  return outcome as XmlRpcTransportError;
}

/** Base64 of `user:password` as UTF-8, as the server should see it. */
function basic(pair: string): string {
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

describe('fetchTransport', () => {
  describe('requests', () => {
    it('POSTs the body as text/xml and emits the response body once', async () => {
      const values: string[] = [];
      await new Promise<void>((resolve, reject) =>
        fetchTransport(`${base}/RPC2`)(REQUEST).subscribe({
          next: (value) => values.push(value),
          error: reject,
          complete: resolve,
        }),
      );
      const { req, body } = await arrival;
      expect(values).toEqual([ANSWER]);
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/RPC2');
      expect(req.headers['content-type']).toBe('text/xml');
      expect(req.headers.authorization).toBeUndefined();
      expect(body).toBe(REQUEST.body);
    });

    it('sends user headers, which replace same-named request headers whatever their case', async () => {
      const transport = fetchTransport(`${base}/RPC2`, {
        headers: { 'content-type': 'text/xml; charset=utf-8', 'X-Trace': 'abc' },
      });
      await firstValueFrom(
        transport({ body: REQUEST.body, headers: { 'Content-Type': 'text/xml', 'X-Lib': '1' } }),
      );
      const { req } = await arrival;
      expect(req.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(req.headers['x-trace']).toBe('abc');
      expect(req.headers['x-lib']).toBe('1');
    });

    it('sends Content-Type text/xml even when the request has no headers', async () => {
      await firstValueFrom(fetchTransport(`${base}/RPC2`)({ body: REQUEST.body, headers: {} }));
      expect((await arrival).req.headers['content-type']).toBe('text/xml');
    });

    it('sends percent-decoded URL credentials as Basic auth and requests the URL without them', async () => {
      const url = `${base.replace('//', '//us%40er:p%C3%A4ss%3Aword@')}/RPC2`;
      await firstValueFrom(fetchTransport(url)(REQUEST));
      const { req } = await arrival;
      expect(req.headers.authorization).toBe(basic('us@er:päss:word'));
      expect(req.url).toBe('/RPC2');
    });

    it('sends the `auth` option as Basic auth, UTF-8 encoded', async () => {
      await firstValueFrom(
        fetchTransport(`${base}/RPC2`, { auth: { username: 'admin', password: 'sécret' } })(REQUEST),
      );
      expect((await arrival).req.headers.authorization).toBe(basic('admin:sécret'));
    });

    it('is cold: each subscription sends its own request', async () => {
      let count = 0;
      handle = ({ res }) => {
        count++;
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ANSWER);
      };
      const request$ = fetchTransport(`${base}/RPC2`)(REQUEST);
      expect(count).toBe(0);
      await firstValueFrom(request$);
      await firstValueFrom(request$);
      expect(count).toBe(2);
    });

    it('calls fetch with the URL stripped of credentials, POST, the body, the headers and an abort signal', async () => {
      const calls: Array<[string, RequestInit]> = [];
      vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
        calls.push([input, init]);
        return new Response(ANSWER, { headers: { 'Content-Type': 'text/xml' } });
      });
      try {
        const transport = fetchTransport('http://u:p@example.test/RPC2');
        expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      } finally {
        vi.unstubAllGlobals();
      }
      const [input, init] = calls[0]!;
      expect(input).toBe('http://example.test/RPC2');
      expect(init.method).toBe('POST');
      expect(init.body).toBe(REQUEST.body);
      expect(init.headers).toEqual({ 'Content-Type': 'text/xml', Authorization: basic('u:p') });
      expect(init.signal).toBeInstanceOf(AbortSignal);
    });
    it('looks the global fetch up when a request is made, not when the transport is created', async () => {
      const transport = fetchTransport('http://example.test/RPC2');
      vi.stubGlobal('fetch', async () => new Response(ANSWER));
      try {
        expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      } finally {
        vi.unstubAllGlobals();
      }
    });
  });

  describe('decoding', () => {
    it('decodes with the Content-Type charset', async () => {
      const text = '<?xml version="1.0" encoding="ISO-8859-1"?><methodResponse>café</methodResponse>';
      handle = ({ res }) =>
        res
          .writeHead(200, { 'Content-Type': 'text/xml; charset=ISO-8859-1' })
          .end(Buffer.from(text, 'latin1'));
      expect(await firstValueFrom(fetchTransport(`${base}/RPC2`)(REQUEST))).toBe(text);
    });

    it('decodes UTF-8 by default, also when a character is split between writes', async () => {
      const bytes = Buffer.from('<methodResponse>naïve ☃ 𝄞</methodResponse>', 'utf8');
      const split = bytes.indexOf(Buffer.from('☃')) + 1;
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.write(bytes.subarray(0, split), () => res.end(bytes.subarray(split)));
      };
      expect(await firstValueFrom(fetchTransport(`${base}/RPC2`)(REQUEST))).toBe(bytes.toString('utf8'));
    });

    it('refuses a charset the runtime cannot decode, but still reports a bad status first', async () => {
      handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/xml; charset=x-klingon' }).end(ANSWER);
      const error = await failure(`${base}/RPC2`);
      expect(error.message).toBe(`POST ${base}/RPC2 failed: response charset "x-klingon" is not supported`);
      expect(error.status).toBe(200);
      handle = ({ res }) =>
        res.writeHead(502, { 'Content-Type': 'text/plain; charset=x-klingon' }).end('down');
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: HTTP 502 Bad Gateway: "down"`,
      );
    });
  });

  describe('failures', () => {
    it('turns a non-2xx status into an error with the status and an excerpt of the body', async () => {
      handle = ({ res }) => res.writeHead(500, { 'Content-Type': 'text/html' }).end(ERROR_PAGE);
      const error = await failure(`${base}/RPC2`);
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: HTTP 500 Internal Server Error: "<!DOCTYPE html> <html> <head><title>500 Internal Server Erro…"`,
      );
      expect(error.status).toBe(500);
      expect(error.name).toBe('XmlRpcTransportError');
    });

    it('says "(empty body)" for a non-2xx status without a body', async () => {
      handle = ({ res }) => res.writeHead(404).end();
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: HTTP 404 Not Found: (empty body)`,
      );
    });

    it('reads only the start of a long error body', async () => {
      handle = ({ res }) => {
        res.writeHead(503, { 'Content-Type': 'text/plain' });
        const chunk = 'overloaded '.repeat(1000);
        const more = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', more);
        };
        more();
      };
      const error = await failure(`${base}/RPC2`);
      expect(error.status).toBe(503);
      expect(error.message).toMatch(/HTTP 503 Service Unavailable: "overloaded overloaded .*…"$/);
      expect(await closed((await arrival).res)).toBe(false);
    });

    it('refuses a 2xx HTML page', async () => {
      handle = ({ res }) =>
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(ERROR_PAGE);
      const error = await failure(`${base}/RPC2`);
      expect(error.message).toMatch(
        new RegExp(
          `^POST ${base}/RPC2 failed: response is an HTML page, not XML \\(Content-Type text/html\\): "<!DOCTYPE html>`,
        ),
      );
      expect(error.status).toBe(200);
    });

    it('refuses a 2xx JSON body', async () => {
      handle = ({ res }) =>
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"error":"wrong API"}');
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: response is JSON, not XML (Content-Type application/json): "{\\"error\\":\\"wrong API\\"}"`,
      );
    });

    it('refuses a 2xx body that does not start with "<", and accepts a BOM and whitespace before it', async () => {
      handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/xml' }).end('OK');
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: response is not XML (Content-Type text/xml): "OK"`,
      );
      handle = ({ res }) => res.writeHead(200).end(`\uFEFF \n${ANSWER}`);
      // The decoder drops the byte-order mark, as XML parsers would.
      expect(await firstValueFrom(fetchTransport(`${base}/RPC2`)(REQUEST))).toBe(` \n${ANSWER}`);
    });

    it('turns a refused connection into an error with the cause', async () => {
      const closedServer = createServer();
      await new Promise<void>((resolve) => closedServer.listen(0, '127.0.0.1', resolve));
      const port = (closedServer.address() as AddressInfo).port;
      await new Promise((resolve) => closedServer.close(resolve));
      const error = await failure(`http://127.0.0.1:${port}/RPC2`);
      expect(error.message).toMatch(
        new RegExp(`^POST http://127.0.0.1:${port}/RPC2 failed: fetch failed \\(.*ECONNREFUSED`),
      );
      expect(error.status).toBeUndefined();
      expect(error.cause).toBeInstanceOf(TypeError);
    });

    it('never puts credentials in error messages', async () => {
      handle = ({ res }) => res.writeHead(401, { 'Content-Type': 'text/plain' }).end('who are you?');
      const withCredentials = `${base.replace('//', '//admin:hunter2@')}/RPC2`;
      const error = await failure(withCredentials);
      expect(error.message).toBe(`POST ${base}/RPC2 failed: HTTP 401 Unauthorized: "who are you?"`);
      const refused = await failure('http://admin:hunter2@127.0.0.1:1/RPC2');
      expect(refused.message).toMatch(/^POST http:\/\/127\.0\.0\.1:1\/RPC2 failed: fetch failed/);
      for (const message of [error.message, refused.message, String(refused.cause)]) {
        expect(message).not.toContain('hunter2');
        expect(message).not.toContain('admin');
      }
    });
  });

  describe('maxResponseBytes', () => {
    it('accepts a body of exactly maxResponseBytes and refuses one byte more', async () => {
      const size = Buffer.byteLength(ANSWER);
      expect(await firstValueFrom(fetchTransport(`${base}/RPC2`, { maxResponseBytes: size })(REQUEST))).toBe(
        ANSWER,
      );
      // The default answer is sent chunked, without Content-Length: the limit is found while reading.
      const error = await failure(`${base}/RPC2`, { maxResponseBytes: size - 1 });
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: response body exceeds maxResponseBytes (${size - 1} bytes): ${JSON.stringify(`${ANSWER.slice(0, 60)}…`)}`,
      );
      expect(error.status).toBe(200);
    });

    it('stops reading a streamed body at the limit and aborts the request', async () => {
      const chunk = Buffer.from(`<${'x'.repeat(16 * 1024 - 1)}`);
      const total = 256 * chunk.length; // 4 MiB, far beyond what socket buffers hold
      let written = 0;
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        const more = () => {
          while (written < total && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          if (!res.destroyed) res.end();
        };
        more();
      };
      const error = await failure(`${base}/RPC2`, { maxResponseBytes: 64 * 1024 });
      expect(error.message).toMatch(/failed: response body exceeds maxResponseBytes \(65536 bytes\): "<xxx/);
      expect(await closed((await arrival).res)).toBe(false);
      expect(written).toBeLessThan(total);
    });

    it('counts decompressed bytes: a small gzip body that inflates past the limit is refused', async () => {
      const inflated = `<methodResponse>${' '.repeat(4 * 1024 * 1024)}</methodResponse>`;
      const compressed = gzipSync(inflated);
      expect(compressed.length).toBeLessThan(64 * 1024);
      handle = ({ res }) =>
        res
          .writeHead(200, {
            'Content-Type': 'text/xml',
            'Content-Encoding': 'gzip',
            'Content-Length': compressed.length,
          })
          .end(compressed);
      const error = await failure(`${base}/RPC2`, { maxResponseBytes: 64 * 1024 });
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: response body exceeds maxResponseBytes (65536 bytes): "<methodResponse>"`,
      );
    });

    it('still reads a gzip body that inflates to less than the limit', async () => {
      const compressed = gzipSync(ANSWER);
      handle = ({ res }) =>
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' }).end(compressed);
      expect(await firstValueFrom(fetchTransport(`${base}/RPC2`)(REQUEST))).toBe(ANSWER);
    });

    it('refuses a Content-Length over the limit before reading the body', async () => {
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': 10_000_000 });
        res.write('<methodResponse>');
      };
      const error = await failure(`${base}/RPC2`, { maxResponseBytes: 1000 });
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: Content-Length 10000000 exceeds maxResponseBytes (1000 bytes)`,
      );
      expect(error.status).toBe(200);
      expect(await closed((await arrival).res)).toBe(false);
    });
  });

  describe('timeout and cancellation', () => {
    it('fails after timeoutMs without an answer, and aborts the request', async () => {
      handle = () => undefined;
      const scheduler = new VirtualTimeScheduler();
      let error: unknown;
      fetchTransport(`${base}/RPC2`, { timeoutMs: 5000, scheduler })(REQUEST).subscribe({
        error: (e: unknown) => {
          error = e;
        },
      });
      const { res } = await arrival;
      const connection = closed(res);
      expect(error).toBeUndefined();
      scheduler.flush();
      expect(scheduler.now()).toBe(5000);
      expect(error).toBeInstanceOf(XmlRpcTransportError);
      expect((error as Error).message).toBe(
        `POST ${base}/RPC2 failed: no response within timeoutMs (5000 ms)`,
      );
      expect(await connection).toBe(false);
    });

    it('cancels its timer when unsubscribed', async () => {
      handle = () => undefined;
      const scheduler = new VirtualTimeScheduler();
      const subscription = fetchTransport(`${base}/RPC2`, { timeoutMs: 5000, scheduler })(
        REQUEST,
      ).subscribe();
      await arrival;
      expect(scheduler.actions).toHaveLength(1);
      subscription.unsubscribe();
      expect(scheduler.actions).toHaveLength(0);
    });

    it('aborts the request when unsubscribed before the response', async () => {
      handle = () => undefined;
      const subscription = fetchTransport(`${base}/RPC2`)(REQUEST).subscribe();
      const { res } = await arrival;
      const connection = closed(res);
      subscription.unsubscribe();
      expect(await connection).toBe(false);
    });

    it('aborts the request when unsubscribed while the body streams in', async () => {
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.write('<methodResponse>');
      };
      let responded: () => void;
      const headersIn = new Promise<void>((resolve) => {
        responded = resolve;
      });
      const realFetch = globalThis.fetch;
      vi.stubGlobal('fetch', (input: string, init: RequestInit) =>
        realFetch(input, init).then((response) => {
          setTimeout(responded, 0); // after the transport has started reading the body
          return response;
        }),
      );
      try {
        const transport = fetchTransport(`${base}/RPC2`);
        const values: string[] = [];
        const subscription = transport(REQUEST).subscribe((value) => values.push(value));
        const { res } = await arrival;
        const connection = closed(res);
        await headersIn;
        subscription.unsubscribe();
        expect(await connection).toBe(false);
        expect(values).toEqual([]);
      } finally {
        vi.unstubAllGlobals();
      }
    });
  });

  describe('creation', () => {
    it('checks its options when created', () => {
      expect(() => fetchTransport('')).toThrow(new TypeError('`url` must be a non-empty string, but got ""'));
      expect(() => fetchTransport(base, { timeoutMs: 0 })).toThrow(
        new RangeError('`timeoutMs` must be a number from 1 to 2147483647 or Infinity, but got 0'),
      );
      expect(() => fetchTransport('http://a:b@host/', { auth: { username: 'c', password: 'd' } })).toThrow(
        new TypeError('Give credentials in `url` or in `auth`, not both'),
      );
      expect(() => fetchTransport('127.0.0.1:9001/RPC2')).toThrow(
        new TypeError(
          '`url` must be an absolute http: or https: URL, or a path starting with "/", "./" or "../", but got ' +
            '"127.0.0.1:9001/RPC2"; did you mean "http://127.0.0.1:9001/RPC2"?',
        ),
      );
    });
  });
});
