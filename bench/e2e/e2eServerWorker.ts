/**
 * A Node server of the e2e suite, in a process of its own (so client and server do not share an event
 * loop): `serve` for `serveXmlRpc` with its defaults, `xmlrpc` for the npm `xmlrpc` package's server,
 * which has no `system.multicall` and gets one written the obvious way. Both answer `echo`. Prints
 * `{"url":…}` once listening; exits when stdin closes.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serveXmlRpc } from 'rxjs-xmlrpc/server';

type Callback = (error: unknown, value?: unknown) => void;
interface XmlrpcServer {
  on(method: string, handler: (error: unknown, params: unknown[], callback: Callback) => void): void;
  httpServer: import('node:http').Server;
  close(done: () => void): void;
}

const require = createRequire(import.meta.url);
const xmlrpc = require('xmlrpc') as { createServer(options: object, ready?: () => void): XmlrpcServer };

const kind = process.argv[2];
let close: () => Promise<void>;
if (kind === 'serve') {
  const server = await serveXmlRpc({ methods: { echo: (value: unknown) => value } });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  close = () => server.close();
} else if (kind === 'xmlrpc') {
  const server = await new Promise<XmlrpcServer>((resolve) => {
    const created = xmlrpc.createServer({ host: '127.0.0.1', port: 0 }, () => resolve(created));
  });
  const echo = (params: unknown[]) => params[0];
  server.on('echo', (_error, params, callback) => callback(null, echo(params)));
  server.on('system.multicall', (_error, params, callback) => {
    const calls = params[0] as { methodName: string; params: unknown[] }[];
    callback(
      null,
      calls.map((call) =>
        call.methodName === 'echo'
          ? [echo(call.params)]
          : { faultCode: 1, faultString: `no such method ${call.methodName}` },
      ),
    );
  });
  const { port } = server.httpServer.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/RPC2` })}\n`);
  close = () => new Promise((resolve) => server.close(resolve));
} else {
  throw new Error(`unknown server ${kind}: choose serve or xmlrpc`);
}
process.stdin.resume();
process.stdin.on('end', () => void close().then(() => process.exit(0)));
