import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { firstValueFrom, lastValueFrom, merge, toArray, VirtualTimeScheduler } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CookieJar } from '../../src/transport/CookieJar.js';
import { type NodeHttpTransportOptions, nodeHttpTransport } from '../../src/transport/nodeHttpTransport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { ANSWER, REQUEST } from './exchange.js';

const ERROR_PAGE =
  '<!DOCTYPE html>\n<html>\n  <head><title>500 Internal Server Error</title></head>\n</html>\n';

/** What the server saw of one request. */
interface Seen {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: string;
  /** 1 for the first request on its connection, 2 for the next, … */
  readonly onConnection: number;
}

let server: Server;
let base: string;
/** How the server answers the current test's requests. */
let handle: (seen: Seen) => void;
/** Every request the current test sent, in order of arrival. */
let requests: Seen[];
/** Every connection the current test opened. */
let connections: Socket[];
let arrival: Promise<Seen>;
let arrived: (seen: Seen) => void;

function expectArrival(): void {
  arrival = new Promise((resolve) => {
    arrived = resolve;
  });
}

/** Counts connections and requests per connection, then hands each complete request to `handle`. */
function listener(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as Socket & { served?: number };
  socket.served = (socket.served ?? 0) + 1;
  const onConnection = socket.served;
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const seen = { req, res, body: Buffer.concat(chunks).toString('utf8'), onConnection };
    requests.push(seen);
    arrived(seen);
    handle(seen);
  });
}

async function listen(target: Server): Promise<number> {
  target.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return (target.address() as AddressInfo).port;
}

async function stop(target: Server): Promise<void> {
  target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
}

beforeAll(async () => {
  server = createServer(listener);
  base = `http://127.0.0.1:${await listen(server)}`;
});

afterAll(() => stop(server));

beforeEach(() => {
  requests = [];
  connections = [];
  expectArrival();
  handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ANSWER);
});

/** Resolves when the response's connection closes: `true` when the response had been sent in full. */
function closed(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => res.on('close', () => resolve(res.writableFinished)));
}

/** The error a transport call fails with (fails the test if it succeeds). */
async function failure(url: string, options: NodeHttpTransportOptions = {}): Promise<XmlRpcTransportError> {
  const outcome = await firstValueFrom(nodeHttpTransport(url, options)(REQUEST)).then(
    (body) => new Error(`expected a failure, got ${body}`),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(XmlRpcTransportError);
  return outcome as XmlRpcTransportError;
}

function basic(pair: string): string {
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

describe('nodeHttpTransport', () => {
  describe('requests', () => {
    it('POSTs the body as text/xml with its length and emits the response body once', async () => {
      const values: string[] = [];
      await new Promise<void>((resolve, reject) =>
        nodeHttpTransport(`${base}/RPC2`)(REQUEST).subscribe({
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
      expect(req.headers['content-length']).toBe(String(Buffer.byteLength(REQUEST.body)));
      expect(req.headers['accept-encoding']).toBe('gzip, deflate');
      expect(req.headers.connection).toBe('keep-alive');
      expect(req.headers.authorization).toBeUndefined();
      expect(req.headers.cookie).toBeUndefined();
      expect(body).toBe(REQUEST.body);
    });

    it('sends a body with non-ASCII characters with its length in bytes', async () => {
      const body = REQUEST.body.replace('ping', 'pïng☃');
      await firstValueFrom(nodeHttpTransport(`${base}/RPC2`)({ ...REQUEST, body }));
      const seen = await arrival;
      expect(seen.body).toBe(body);
      expect(seen.req.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    });

    it('sends user headers, which replace same-named ones whatever their case', async () => {
      const transport = nodeHttpTransport(`${base}/RPC2`, {
        headers: { 'content-type': 'text/xml; charset=utf-8', 'accept-encoding': 'identity', 'X-Trace': 'a' },
      });
      await firstValueFrom(transport({ body: REQUEST.body, headers: { 'Content-Type': 'text/xml' } }));
      const { req } = await arrival;
      expect(req.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(req.headers['accept-encoding']).toBe('identity');
      expect(req.headers['x-trace']).toBe('a');
    });

    it('sends URL or `auth` credentials as Basic auth and requests the URL without them', async () => {
      await firstValueFrom(nodeHttpTransport(`${base.replace('//', '//us%40er:p%C3%A4ss@')}/RPC2`)(REQUEST));
      const { req } = await arrival;
      expect(req.headers.authorization).toBe(basic('us@er:päss'));
      expect(req.url).toBe('/RPC2');
      expectArrival();
      const auth = { username: 'admin', password: 'sécret' };
      await firstValueFrom(nodeHttpTransport(`${base}/RPC2`, { auth })(REQUEST));
      expect((await arrival).req.headers.authorization).toBe(basic('admin:sécret'));
    });

    it('is cold: each subscription sends its own request', async () => {
      const request$ = nodeHttpTransport(`${base}/RPC2`)(REQUEST);
      expect(requests).toHaveLength(0);
      await firstValueFrom(request$);
      await firstValueFrom(request$);
      expect(requests).toHaveLength(2);
    });
  });

  describe('connections', () => {
    it('keeps its connection alive and reuses it for the next requests', async () => {
      const transport = nodeHttpTransport(`${base}/RPC2`);
      for (let i = 0; i < 3; i++) expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      expect(connections).toHaveLength(1);
      expect(requests.map((seen) => seen.onConnection)).toEqual([1, 2, 3]);
    });

    it('opens at most `maxSockets` connections, queueing the other requests', async () => {
      const transport = nodeHttpTransport(`${base}/RPC2`, { maxSockets: 1 });
      const answers = await lastValueFrom(
        merge(transport(REQUEST), transport(REQUEST), transport(REQUEST)).pipe(toArray()),
      );
      expect(answers).toEqual([ANSWER, ANSWER, ANSWER]);
      expect(connections).toHaveLength(1);
      expect(requests).toHaveLength(3);
    });

    it('sends through the given `agent`', async () => {
      const agent = new Agent({ keepAlive: false });
      await firstValueFrom(nodeHttpTransport(`${base}/RPC2`, { agent })(REQUEST));
      expect((await arrival).req.headers.connection).toBe('close');
    });
  });

  describe('cookies', () => {
    beforeEach(() => {
      handle = ({ req, res }) => {
        const headers: Record<string, string | string[]> = { 'Content-Type': 'text/xml' };
        if (req.headers.cookie === undefined)
          headers['Set-Cookie'] = ['session=abc; Path=/; HttpOnly', 'lang=fr'];
        res.writeHead(200, headers).end(ANSWER);
      };
    });

    it('sends back the cookies the server set, with `cookies: true`', async () => {
      const transport = nodeHttpTransport(`${base}/RPC2`, { cookies: true });
      await firstValueFrom(transport(REQUEST));
      await firstValueFrom(transport(REQUEST));
      expect(requests.map((seen) => seen.req.headers.cookie)).toEqual([undefined, 'session=abc; lang=fr']);
    });

    it('keeps no cookies by default', async () => {
      const transport = nodeHttpTransport(`${base}/RPC2`);
      await firstValueFrom(transport(REQUEST));
      await firstValueFrom(transport(REQUEST));
      expect(requests.map((seen) => seen.req.headers.cookie)).toEqual([undefined, undefined]);
    });

    it('shares a given jar between transports', async () => {
      const jar = new CookieJar();
      await firstValueFrom(nodeHttpTransport(`${base}/RPC2`, { cookies: jar })(REQUEST));
      await firstValueFrom(nodeHttpTransport(`${base}/other`, { cookies: jar })(REQUEST));
      expect(requests[1]!.req.headers.cookie).toBe('session=abc; lang=fr');
    });

    it('keeps cookies set by an error response (a failed login may still open a session)', async () => {
      handle = ({ req, res }) =>
        req.headers.cookie === undefined
          ? res.writeHead(401, { 'Set-Cookie': 'tries=1' }).end()
          : res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ANSWER);
      const transport = nodeHttpTransport(`${base}/RPC2`, { cookies: true });
      await expect(firstValueFrom(transport(REQUEST))).rejects.toThrow(/HTTP 401/);
      expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      expect(requests[1]!.req.headers.cookie).toBe('tries=1');
    });
  });

  describe('decoding', () => {
    it('decodes with the Content-Type charset, and UTF-8 by default', async () => {
      const latin = '<?xml version="1.0" encoding="ISO-8859-1"?><methodResponse>café</methodResponse>';
      handle = ({ res }) =>
        res
          .writeHead(200, { 'Content-Type': 'text/xml; charset=ISO-8859-1' })
          .end(Buffer.from(latin, 'latin1'));
      expect(await firstValueFrom(nodeHttpTransport(`${base}/RPC2`)(REQUEST))).toBe(latin);
      const bytes = Buffer.from('<methodResponse>naïve ☃ 𝄞</methodResponse>', 'utf8');
      const split = bytes.indexOf(Buffer.from('☃')) + 1;
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.write(bytes.subarray(0, split), () => res.end(bytes.subarray(split)));
      };
      expect(await firstValueFrom(nodeHttpTransport(`${base}/RPC2`)(REQUEST))).toBe(bytes.toString('utf8'));
    });

    it('drops a UTF-8 byte-order mark, as fetch does', async () => {
      handle = ({ res }) => res.writeHead(200).end(`\uFEFF \n${ANSWER}`);
      expect(await firstValueFrom(nodeHttpTransport(`${base}/RPC2`)(REQUEST))).toBe(` \n${ANSWER}`);
    });

    it('inflates gzip and deflate bodies', async () => {
      for (const [coding, compress] of [
        ['gzip', gzipSync],
        ['deflate', deflateSync],
      ] as const) {
        handle = ({ res }) =>
          res
            .writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': coding })
            .end(compress(ANSWER));
        expect(await firstValueFrom(nodeHttpTransport(`${base}/RPC2`)(REQUEST))).toBe(ANSWER);
      }
    });

    it('refuses a charset it cannot decode and a coding it did not ask for', async () => {
      handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/xml; charset=x-klingon' }).end(ANSWER);
      const charset = await failure(`${base}/RPC2`);
      expect(charset.message).toBe(`POST ${base}/RPC2 failed: response charset "x-klingon" is not supported`);
      expect(charset.status).toBe(200);
      handle = ({ res }) =>
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'br' }).end('x');
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: response Content-Encoding "br" is not supported`,
      );
    });

    it('fails on a corrupt gzip body', async () => {
      handle = ({ res }) =>
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Encoding': 'gzip' }).end('not gzip');
      expect((await failure(`${base}/RPC2`)).message).toMatch(/^POST .* failed: incorrect header check/);
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
      handle = ({ res }) => res.writeHead(404).end();
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: HTTP 404 Not Found: (empty body)`,
      );
    });

    it('reads only the start of a long error body, then closes the connection', async () => {
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
      expect(error.message).toMatch(/HTTP 503 Service Unavailable: "overloaded overloaded .*…"$/);
      expect(await closed((await arrival).res)).toBe(false);
    });

    it('does not follow a redirect: the error names the Location', async () => {
      handle = ({ res }) => res.writeHead(301, { Location: 'https://example.test/RPC2' }).end();
      const error = await failure(`${base}/RPC2`);
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: HTTP 301 Moved Permanently, redirect to https://example.test/RPC2 not followed (give that URL instead)`,
      );
      expect(error.status).toBe(301);
      handle = ({ res }) => res.writeHead(307).end();
      expect((await failure(`${base}/RPC2`)).message).toMatch(
        /HTTP 307 Temporary Redirect, redirect without a Location/,
      );
      expect(requests).toHaveLength(2);
    });

    it('refuses a 2xx HTML page, JSON, and a body that is not XML', async () => {
      handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(ERROR_PAGE);
      expect((await failure(`${base}/RPC2`)).message).toMatch(/failed: response is an HTML page, not XML/);
      handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      expect((await failure(`${base}/RPC2`)).message).toMatch(/failed: response is JSON, not XML/);
      handle = ({ res }) => res.writeHead(200, { 'Content-Type': 'text/xml' }).end('OK');
      expect((await failure(`${base}/RPC2`)).message).toBe(
        `POST ${base}/RPC2 failed: response is not XML (Content-Type text/xml): "OK"`,
      );
    });

    it('turns a refused connection into an error with the cause, and never shows credentials', async () => {
      const closedServer = createServer();
      await new Promise<void>((resolve) => closedServer.listen(0, '127.0.0.1', resolve));
      const port = (closedServer.address() as AddressInfo).port;
      await new Promise((resolve) => closedServer.close(resolve));
      const error = await failure(`http://admin:hunter2@127.0.0.1:${port}/RPC2`);
      expect(error.message).toBe(
        `POST http://127.0.0.1:${port}/RPC2 failed: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
      expect(error.status).toBeUndefined();
      expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
      expect(`${error.message} ${String(error.cause)}`).not.toMatch(/admin|hunter2/);
    });

    it('fails when the connection closes in the middle of the body', async () => {
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': 1000 });
        res.write('<methodResponse>', () => res.destroy());
      };
      expect((await failure(`${base}/RPC2`)).message).toMatch(
        /^POST .* failed: (aborted|the connection closed)/,
      );
    });
  });

  describe('maxResponseBytes', () => {
    it('accepts a body of exactly maxResponseBytes and refuses one byte more', async () => {
      const size = Buffer.byteLength(ANSWER);
      const exact = nodeHttpTransport(`${base}/RPC2`, { maxResponseBytes: size });
      expect(await firstValueFrom(exact(REQUEST))).toBe(ANSWER);
      const error = await failure(`${base}/RPC2`, { maxResponseBytes: size - 1 });
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: response body exceeds maxResponseBytes (${size - 1} bytes): ${JSON.stringify(`${ANSWER.slice(0, 60)}…`)}`,
      );
      expect(error.status).toBe(200);
    });

    it('stops reading a streamed body at the limit and closes the connection', async () => {
      const chunk = Buffer.from(`<${'x'.repeat(16 * 1024 - 1)}`);
      const total = 256 * chunk.length;
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

    it('counts inflated bytes: a small gzip body that inflates past the limit is refused', async () => {
      const compressed = gzipSync(`<methodResponse>${' '.repeat(4 * 1024 * 1024)}</methodResponse>`);
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

    it('refuses a Content-Length over the limit before reading the body', async () => {
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': 10_000_000 });
        res.write('<methodResponse>');
      };
      const error = await failure(`${base}/RPC2`, { maxResponseBytes: 1000 });
      expect(error.message).toBe(
        `POST ${base}/RPC2 failed: Content-Length 10000000 exceeds maxResponseBytes (1000 bytes)`,
      );
      expect(await closed((await arrival).res)).toBe(false);
    });
  });

  describe('timeout and cancellation', () => {
    it('fails after timeoutMs without an answer, and closes the connection', async () => {
      handle = () => undefined;
      const scheduler = new VirtualTimeScheduler();
      let error: unknown;
      nodeHttpTransport(`${base}/RPC2`, { timeoutMs: 5000, scheduler })(REQUEST).subscribe({
        error: (e: unknown) => {
          error = e;
        },
      });
      const { res } = await arrival;
      const connection = closed(res);
      expect(error).toBeUndefined();
      scheduler.flush();
      expect(scheduler.now()).toBe(5000);
      expect((error as Error).message).toBe(
        `POST ${base}/RPC2 failed: no response within timeoutMs (5000 ms)`,
      );
      expect(await connection).toBe(false);
    });

    it('closes the connection when unsubscribed before the response', async () => {
      handle = () => undefined;
      const subscription = nodeHttpTransport(`${base}/RPC2`)(REQUEST).subscribe();
      const { req, res } = await arrival;
      const socketClosed = new Promise((resolve) => req.socket.on('close', resolve));
      const connection = closed(res);
      subscription.unsubscribe();
      expect(await connection).toBe(false);
      await socketClosed;
      expect(req.socket.destroyed).toBe(true);
    });

    it('closes the connection when unsubscribed while the body streams in', async () => {
      let headersSent: () => void;
      const sent = new Promise<void>((resolve) => {
        headersSent = resolve;
      });
      handle = ({ res }) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.write('<methodResponse>', () => setTimeout(headersSent, 20));
      };
      const values: string[] = [];
      const subscription = nodeHttpTransport(`${base}/RPC2`)(REQUEST).subscribe((v) => values.push(v));
      const connection = closed((await arrival).res);
      await sent;
      subscription.unsubscribe();
      expect(await connection).toBe(false);
      expect(values).toEqual([]);
    });

    it('leaves a finished connection open for the next request', async () => {
      const transport = nodeHttpTransport(`${base}/RPC2`);
      const subscription = transport(REQUEST).subscribe();
      await new Promise((resolve) => setTimeout(resolve, 50));
      subscription.unsubscribe();
      await firstValueFrom(transport(REQUEST));
      expect(connections).toHaveLength(1);
    });
  });

  describe('stale kept-alive connections', () => {
    it('sends a request again, once, when a reused connection resets before any answer', async () => {
      // The second request is the first on a reused connection: the server drops it unanswered.
      handle = ({ req, res, onConnection }) =>
        onConnection === 2
          ? req.socket.destroy()
          : res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ANSWER);
      const transport = nodeHttpTransport(`${base}/RPC2`);
      await firstValueFrom(transport(REQUEST));
      expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      expect(requests.map((seen) => seen.onConnection)).toEqual([1, 2, 1]);
      expect(connections).toHaveLength(2);
    });

    it('does not send again when the connection was new', async () => {
      handle = ({ req }) => req.socket.destroy();
      expect((await failure(`${base}/RPC2`)).message).toBe(`POST ${base}/RPC2 failed: socket hang up`);
      expect(requests).toHaveLength(1);
    });

    it('does not send again once part of the answer arrived', async () => {
      handle = ({ res, onConnection }) => {
        if (onConnection === 1) return void res.writeHead(200, { 'Content-Type': 'text/xml' }).end(ANSWER);
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': 1000 });
        res.write('<methodResponse>', () => res.destroy());
      };
      const transport = nodeHttpTransport(`${base}/RPC2`);
      await firstValueFrom(transport(REQUEST));
      await expect(firstValueFrom(transport(REQUEST))).rejects.toThrow(XmlRpcTransportError);
      expect(requests).toHaveLength(2);
    });
  });

  describe('https', () => {
    let directory: string;
    let secure: Server;
    let secureBase: string;
    let ca: string;

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'rxjs-xmlrpc-tls-'));
      const [key, cert] = [join(directory, 'key.pem'), join(directory, 'cert.pem')];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      ca = readFileSync(cert, 'utf8');
      secure = createHttpsServer({ key: readFileSync(key), cert: ca }, listener);
      secureBase = `https://127.0.0.1:${await listen(secure)}`;
    });

    afterAll(async () => {
      await stop(secure);
      rmSync(directory, { recursive: true, force: true });
    });

    it('trusts the given `ca`, over a kept-alive connection', async () => {
      const transport = nodeHttpTransport(`${secureBase}/RPC2`, { ca });
      expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      expect(await firstValueFrom(transport(REQUEST))).toBe(ANSWER);
      expect(connections).toHaveLength(1);
    });

    it('refuses a self-signed certificate by default, and accepts it with `rejectUnauthorized: false`', async () => {
      expect((await failure(`${secureBase}/RPC2`)).message).toBe(
        `POST ${secureBase}/RPC2 failed: self-signed certificate`,
      );
      expect(requests).toHaveLength(0);
      const lax = nodeHttpTransport(`${secureBase}/RPC2`, { rejectUnauthorized: false });
      expect(await firstValueFrom(lax(REQUEST))).toBe(ANSWER);
    });
  });

  describe('creation', () => {
    it('checks its options when created', () => {
      expect(() => nodeHttpTransport('')).toThrow(
        new TypeError('`url` must be a non-empty string, but got ""'),
      );
      expect(() => nodeHttpTransport('/RPC2')).toThrow(
        new TypeError('`url` must be an absolute http: or https: URL for nodeHttpTransport, but got "/RPC2"'),
      );
      expect(() => nodeHttpTransport(base, { timeoutMs: 0 })).toThrow(
        new RangeError('`timeoutMs` must be a number from 1 to 2147483647 or Infinity, but got 0'),
      );
      expect(() => nodeHttpTransport(base, { maxSockets: 0 })).toThrow(
        new RangeError('`maxSockets` must be a positive integer or Infinity, but got 0'),
      );
      expect(() => nodeHttpTransport(base, { agent: new Agent(), maxSockets: 2 })).toThrow(
        new TypeError('Give `maxSockets` or your own `agent`, not both (set it on the agent)'),
      );
      expect(() => nodeHttpTransport(base, { agent: {} as Agent })).toThrow(
        new TypeError('`agent` must be an http.Agent or https.Agent, but got an object'),
      );
      expect(() => nodeHttpTransport(base, { cookies: 'yes' as never })).toThrow(
        new TypeError('`cookies` must be a boolean or a CookieJar, but got "yes"'),
      );
      expect(() => nodeHttpTransport(base, { rejectUnauthorized: false })).toThrow(
        new TypeError('`ca` and `rejectUnauthorized` apply to https: URLs only'),
      );
      expect(() => nodeHttpTransport('https://h/', { ca: 42 as never })).toThrow(
        new TypeError('`ca` must be a PEM string or Buffer, or an array of them, but got 42'),
      );
      expect(() => nodeHttpTransport('https://h/', { rejectUnauthorized: 'no' as never })).toThrow(
        new TypeError('`rejectUnauthorized` must be a boolean, but got "no"'),
      );
    });
  });
});
