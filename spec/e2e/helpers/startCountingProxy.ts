import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A proxy of {@link startCountingProxy}. */
export interface CountingProxy {
  /** The proxy's URL, with the target's path and credentials: what the dashboard is given. */
  readonly url: string;
  /** Requests forwarded so far, by the `<methodName>` of their body (`system.multicall`…). */
  readonly counts: ReadonlyMap<string, number>;
  /** Closes it and every connection: from then on, connections to its port are refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
}

/**
 * An HTTP proxy on a free loopback port in front of the XML-RPC endpoint `target`, counting the
 * requests it forwards by method name, so a test sees exactly what reached the endpoint.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const current = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const method = /<methodName>([^<]*)<\/methodName>/.exec(body.toString('utf8'))?.[1] ?? '(none)';
        counts.set(method, (counts.get(method) ?? 0) + 1);
        const forwarded = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: request.url,
            method: request.method,
            headers: request.headers,
          },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        forwarded.on('error', () => response.destroy());
        forwarded.end(body);
      });
    });
    await new Promise<void>((resolve) => current.listen(port, '127.0.0.1', resolve));
    port = (current.address() as AddressInfo).port;
    server = current;
  };
  await listen();
  const url = new URL(target);
  url.port = String(port);
  return {
    url: url.href,
    counts,
    async stop() {
      const current = server;
      server = undefined;
      await new Promise<void>((resolve) => {
        current?.close(() => resolve());
        current?.closeAllConnections();
        if (current === undefined) resolve();
      });
    },
    restart: listen,
  };
}
