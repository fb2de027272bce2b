import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createDemoMethods } from '../../src/cli/demoMethods.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import type { XmlRpcHandlerOptions } from '../../src/server/handlerOptions.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';

/** The moment the test server's demo clock is stuck at. */
export const DEMO_CLOCK = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * Serves the demo methods, with their clock stopped so every answer is known in advance, plus
 * `echo(...params)`, which answers its params as an array. `handlerOptions` as `serveXmlRpc` takes
 * them: `{ multicall: false }` makes it a server without `system.multicall`.
 */
export function startTestServer(handlerOptions?: XmlRpcHandlerOptions): Promise<XmlRpcServerHandle> {
  return serveXmlRpc({
    methods: {
      ...createDemoMethods({ now: () => DEMO_CLOCK }),
      echo: (...params: XmlRpcValue[]) => params,
    },
    handlerOptions,
  });
}

/** A request a {@link RawServer} received. */
export interface RawRequest {
  readonly body: string;
  /** Its `Authorization` header, when it had one. */
  readonly authorization: string | undefined;
}

/** A plain HTTP server answering every POST with what `respond` makes of it. */
export interface RawServer {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: readonly RawRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on a free loopback port whose answers are written by hand: `respond` gets
 * each request and returns the status and XML body to answer, or nothing to never answer (`close`
 * then drops the connection). For servers that behave in ways `serveXmlRpc` never does.
 */
export async function startRawServer(
  respond: (request: RawRequest) => { status?: number; body: string } | undefined,
): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((incoming, response) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => {
      body += chunk;
    });
    incoming.on('end', () => {
      const request = { body, authorization: incoming.headers.authorization };
      requests.push(request);
      const answer = respond(request);
      if (answer === undefined) return;
      response.writeHead(answer.status ?? 200, { 'Content-Type': 'text/xml' });
      response.end(answer.body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/RPC2`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
