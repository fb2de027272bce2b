import { afterEach, describe, expect, it } from 'vitest';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import type { ServeCorsOptions } from '../../src/server/corsHeaders.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';
import { readAnswer } from './callHandler.js';

const PAGE = 'http://localhost:4200';
const OTHER_PAGE = 'http://evil.example';
const methods = { echo: (text: string) => text };

const servers: XmlRpcServerHandle[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(cors?: ServeCorsOptions, maxRequestBytes?: number): Promise<XmlRpcServerHandle> {
  const server = await serveXmlRpc({
    methods,
    ...(cors && { cors }),
    ...(maxRequestBytes && { maxRequestBytes }),
  });
  servers.push(server);
  return server;
}

/** A preflight as a browser sends it before POSTing XML with Basic auth. */
function preflight(url: string, origin: string): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  });
}

function post(url: string, origin: string, body = encodeMethodCall('echo', ['hi'])): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/xml', Origin: origin } });
}

/** The CORS-related headers of a response, by lower-case name. */
function corsHeadersOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
  );
}

describe('serveXmlRpc `cors`', () => {
  it('answers a preflight from an allowed origin 204, allowing POST with Content-Type and Authorization', async () => {
    const server = await start({ origins: ['http://other.example', PAGE] });
    const response = await preflight(server.url, PAGE);
    expect(response.status).toBe(204);
    expect(corsHeadersOf(response)).toEqual({
      'access-control-allow-origin': PAGE,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Content-Type, Authorization',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await response.text()).toBe('');
  });

  it('gives a preflight from another origin no Access-Control-* header, so the browser refuses', async () => {
    const server = await start({ origins: [PAGE] });
    const response = await preflight(server.url, OTHER_PAGE);
    expect(response.status).toBe(204);
    expect(corsHeadersOf(response)).toEqual({ vary: 'Origin' });
  });

  it('adds Access-Control-Allow-Origin and Vary: Origin to answers for an allowed origin only', async () => {
    const server = await start({ origins: [PAGE] });
    const allowed = await post(server.url, PAGE);
    expect(corsHeadersOf(allowed)).toEqual({ 'access-control-allow-origin': PAGE, vary: 'Origin' });
    expect(readAnswer(await allowed.text())).toEqual({ result: 'hi' });
    const other = await post(server.url, OTHER_PAGE);
    expect(corsHeadersOf(other)).toEqual({ vary: 'Origin' });
    // Same-origin pages and non-browser clients send no Origin, and are answered as ever.
    const noOrigin = await fetch(server.url, { method: 'POST', body: encodeMethodCall('echo', ['hi']) });
    expect(readAnswer(await noOrigin.text())).toEqual({ result: 'hi' });
  });

  it('lets an allowed page read error answers too (a 413, for the client to split its batch)', async () => {
    const server = await start({ origins: [PAGE] }, 200);
    const response = await post(server.url, PAGE, encodeMethodCall('echo', ['x'.repeat(500)]));
    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('is off by default: OPTIONS gets 405 and answers carry no CORS header', async () => {
    const server = await start();
    const response = await preflight(server.url, PAGE);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(corsHeadersOf(response)).toEqual({});
    expect(corsHeadersOf(await post(server.url, PAGE))).toEqual({});
  });

  it('names OPTIONS in the 405 answer to other methods when on', async () => {
    const server = await start({ origins: [PAGE] });
    const response = await fetch(server.url, { headers: { Origin: PAGE } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it.each<[unknown, string]>([
    [null, '`cors` must be an object, but got null'],
    [
      {},
      '`cors.origins` must be a non-empty array of origins such as "http://localhost:4200", but got undefined',
    ],
    [{ origins: [] }, '`cors.origins` must be a non-empty array of origins'],
    [{ origins: 'http://localhost:4200' }, 'but got "http://localhost:4200"'],
    [{ origins: ['http://localhost:4200/'] }, 'but got "http://localhost:4200/"'],
    [{ origins: ['http://localhost:4200/app'] }, 'but got "http://localhost:4200/app"'],
    [{ origins: ['localhost:4200'] }, 'but got "localhost:4200"'],
    [{ origins: ['*'] }, 'but got "*"'],
    [{ origins: [4200] }, 'but got 4200'],
  ])('refuses `cors: %j` at creation with a TypeError', (cors, message) => {
    expect(() => serveXmlRpc({ methods, cors: cors as ServeCorsOptions })).toThrow(TypeError);
    expect(() => serveXmlRpc({ methods, cors: cors as ServeCorsOptions })).toThrow(message);
  });
});
