import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type DashboardServer, serveDashboard } from '../../../src/cli/dashboard/serveDashboard.js';
import type { DashboardConfig } from '../../../src/dashboard/DashboardConfig.js';
import type { FetchTransportOptions } from '../../../src/transport/fetchTransport.js';
import { fetchTransport } from '../../../src/transport/fetchTransport.js';
import { closedPort } from '../cliProcess.js';

const PAGE = '<!doctype html><title>test page</title>';
const CONFIG: DashboardConfig = {
  everyMs: 1000,
  hosts: [{ path: 'rpc/0', label: 'http://127.0.0.1:1/RPC2' }],
  calls: [],
  timeoutMs: 15_000,
  maxInFlight: 2,
};
const ANSWER =
  '<?xml version="1.0"?><methodResponse><params><param><value>ok</value></param></params></methodResponse>';
const CALL = '<?xml version="1.0"?><methodCall><methodName>x</methodName><params/></methodCall>';

/** What the fake upstream saw of each request. */
interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * An upstream endpoint that records requests and answers with `answer` (default: the XML answer);
 * `hungUp` counts the requests whose connection closed before they were answered.
 */
async function upstream(answer?: (respond: (status: number, body: string) => void) => void) {
  const seen: Seen[] = [];
  const hungUp = { count: 0 };
  const server: Server = createServer((request, response) => {
    response.on('close', () => {
      if (!response.writableFinished) hungUp.count++;
    });
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ headers: request.headers, body });
      const respond = (status: number, text: string) => {
        response.writeHead(status, { 'Content-Type': status === 200 ? 'text/xml' : 'text/plain' });
        response.end(text);
      };
      (answer ?? ((reply) => reply(200, ANSWER)))(respond);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`, seen, hungUp };
}

async function dashboard(urls: string[], options: FetchTransportOptions = {}, maxRequestBytes?: number) {
  const transports = urls.map((url) => fetchTransport(url, options));
  const server: DashboardServer = await serveDashboard({
    page: PAGE,
    config: CONFIG,
    transports,
    maxInFlight: CONFIG.maxInFlight,
    maxRequestBytes,
  });
  closers.push(() => server.close());
  return server;
}

function post(url: string, body = CALL, contentType = 'text/xml') {
  return fetch(url, { method: 'POST', body, headers: { 'Content-Type': contentType } });
}

describe('serveDashboard', () => {
  it('serves the page and its config, and nothing else by GET', async () => {
    const server = await dashboard([]);
    const page = await fetch(server.url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe(PAGE);
    expect(await (await fetch(`${server.url}config.json`)).json()).toEqual(CONFIG);
    expect((await fetch(`${server.url}secrets`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses, on loopback, a Host that is not a loopback name (DNS rebinding), before forwarding anything', async () => {
    const target = await upstream();
    const server = await dashboard([target.url]);
    const { port } = new URL(server.url);
    const statusWithHost = (host: string, path: string, method = 'GET') =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, path, method, headers: { Host: host } },
          (response) => {
            response.resume();
            resolve(response.statusCode!);
          },
        );
        request.on('error', reject);
        request.end(method === 'POST' ? CALL : undefined);
      });
    expect(await statusWithHost(`evil.example:${port}`, '/')).toBe(403);
    expect(await statusWithHost(`evil.example:${port}`, '/rpc/0', 'POST')).toBe(403);
    expect(target.seen).toHaveLength(0);
    expect(await statusWithHost(`localhost:${port}`, '/')).toBe(200);
    expect(await statusWithHost(`[::1]:${port}`, '/config.json')).toBe(200);
  });

  it('forwards POST /rpc/<n> to endpoint n with its credentials, and answers its XML', async () => {
    const first = await upstream();
    const second = await upstream();
    const server = await dashboard([first.url, second.url], { auth: { username: 'user', password: 'pass' } });
    const response = await post(`${server.url}rpc/1`, CALL, 'text/xml; charset=utf-8');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await response.text()).toBe(ANSWER);
    expect(first.seen).toEqual([]);
    expect(second.seen).toHaveLength(1);
    expect(second.seen[0]!.body).toBe(CALL);
    expect(second.seen[0]!.headers.authorization).toBe(`Basic ${btoa('user:pass')}`);
    expect(server.forwarded).toEqual([0, 1]);
  });

  it.each([
    ['GET', 'text/xml', 405, /only POST/],
    ['POST', 'application/json', 415, /only text\/xml or application\/xml/],
    ['POST', 'text/plain', 415, /only text\/xml/],
  ])('refuses %s of %s with %i, forwarding nothing', async (method, contentType, status, message) => {
    const endpoint = await upstream();
    const server = await dashboard([endpoint.url]);
    const body = method === 'GET' ? undefined : CALL;
    const response = await fetch(`${server.url}rpc/0`, {
      method,
      body,
      headers: { 'Content-Type': contentType },
    });
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(message);
    expect(endpoint.seen).toEqual([]);
  });

  it('answers 404 for a host that does not exist, and 413 for a body over the limit', async () => {
    const endpoint = await upstream();
    const server = await dashboard([endpoint.url], {}, 100);
    expect((await post(`${server.url}rpc/1`)).status).toBe(404);
    const large = await post(`${server.url}rpc/0`, CALL.replace('<params/>', `<!--${'x'.repeat(200)}-->`));
    expect(large.status).toBe(413);
    expect(endpoint.seen).toEqual([]);
  });

  it('answers 502 with one clear line when the endpoint is down, refuses, or is too slow', async () => {
    const refused = `http://127.0.0.1:${await closedPort()}/RPC2`;
    const unauthorized = await upstream((reply) => reply(401, 'Unauthorized'));
    const slow = await upstream(() => {});
    const server = await dashboard([refused, unauthorized.url, slow.url], { timeoutMs: 300 });
    const answers = await Promise.all([0, 1, 2].map((index) => post(`${server.url}rpc/${index}`)));
    expect(answers.map((answer) => answer.status)).toEqual([502, 502, 502]);
    const [down, refusing, late] = await Promise.all(answers.map((answer) => answer.text()));
    expect(down).toBe('connection refused');
    expect(refusing).toMatch(/HTTP 401 Unauthorized/);
    expect(late).toMatch(/no response within timeoutMs \(300 ms\)/);
    // The transport quotes the URL without credentials, so the page never sees them.
    expect(refusing).toContain(unauthorized.url);
  });

  it('aborts the upstream request when the page hangs up, and frees its place in flight', async () => {
    const endpoint = await upstream(() => {}); // never answers
    // A time limit far beyond the test's: only the page hanging up can end the upstream request.
    const server = await dashboard([endpoint.url], { timeoutMs: 60_000 });
    const pages = [new AbortController(), new AbortController()];
    const requests = pages.map(({ signal }) =>
      fetch(`${server.url}rpc/0`, {
        method: 'POST',
        body: CALL,
        headers: { 'Content-Type': 'text/xml' },
        signal,
      }),
    );
    await expect.poll(() => endpoint.seen.length).toBe(2);
    expect(endpoint.hungUp.count).toBe(0);
    for (const page of pages) page.abort();
    await Promise.allSettled(requests);
    await expect.poll(() => endpoint.hungUp.count).toBe(2);
    // Both places in flight (maxInFlight 2) are free again: a third request is forwarded, not refused.
    const third = fetch(`${server.url}rpc/0`, {
      method: 'POST',
      body: CALL,
      headers: { 'Content-Type': 'text/xml' },
    });
    await expect.poll(() => endpoint.seen.length).toBe(3);
    void third.catch(() => {}); // ended by the server's close in afterEach
  });

  it('answers 503 at once past maxInFlight requests, and takes requests again once they are answered', async () => {
    const pending: (() => void)[] = [];
    const endpoint = await upstream((reply) => pending.push(() => reply(200, ANSWER)));
    const server = await dashboard([endpoint.url]);
    const inFlight = [post(`${server.url}rpc/0`), post(`${server.url}rpc/0`)];
    await expect.poll(() => endpoint.seen.length).toBe(2);
    const refused = await post(`${server.url}rpc/0`);
    expect(refused.status).toBe(503);
    expect(await refused.text()).toBe('2 requests in flight already');
    for (const answer of pending.splice(0)) answer();
    expect((await Promise.all(inFlight)).map((response) => response.status)).toEqual([200, 200]);
    const again = post(`${server.url}rpc/0`);
    await expect.poll(() => pending.length).toBe(1);
    pending[0]!();
    expect((await again).status).toBe(200);
  });
});
