import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observable } from 'rxjs';
import type { TestProject } from 'vitest/node';
import { encodeMethodResponse } from '../../../src/codec/encodeMethodResponse.js';
import { corsHeaders, PREFLIGHT_HEADERS } from '../../../src/server/corsHeaders.js';
import { serveXmlRpc } from '../../../src/server/serveXmlRpc.js';
import type { CallState, RequestsSeen, StreamSeen, TestEndpoints } from '../testEndpoints.js';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: TestEndpoints;
  }
}

/** The tag a browser test puts in the query string, so that it counts its own requests only. */
function tagOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').searchParams.get('tag') ?? '';
}

/**
 * Starts, in Node, what the browser specs talk to, with CORS for the page's origin:
 * - an XML-RPC endpoint (`serveXmlRpc`), with methods to call and methods that report what the
 *   server saw (requests per tag, calls cancelled by a closed connection, streams cut short);
 * - a streaming endpoint that sends a methodResponse in delayed chunks without `Content-Length`
 *   (serveXmlRpc always declares it), so that size limits are met while the body streams in.
 */
export default async function serveTestEndpoints(project: TestProject): Promise<() => Promise<void>> {
  const { host, port } = project.config.browser.api;
  const origins = new Set([`http://${host}:${port}`]);
  const requests = new Map<string, RequestsSeen>();
  const calls = new Map<string, CallState>();
  const streams = new Map<string, StreamSeen>();

  const rpc = await serveXmlRpc({
    cors: { origins: [...origins] },
    onRequest: (request) => {
      if (request.method !== 'POST') return;
      const tag = tagOf(request);
      requests.set(tag, {
        posts: (requests.get(tag)?.posts ?? 0) + 1,
        authorization: request.headers.authorization ?? null,
      });
    },
    methods: {
      echo: (value: unknown) => value,
      /** Answers `ms` later; a client hanging up before then unsubscribes, which is recorded. */
      slow: (key: string, ms: number) =>
        new Observable<string>((subscriber) => {
          calls.set(key, 'running');
          const timer = setTimeout(() => {
            calls.set(key, 'answered');
            subscriber.next('done');
            subscriber.complete();
          }, ms);
          return () => {
            clearTimeout(timer);
            if (calls.get(key) === 'running') calls.set(key, 'cancelled');
          };
        }),
      callState: (key: string): CallState => calls.get(key) ?? 'unknown',
      big: (unit: string, count: number) => unit.repeat(count),
      requestsSeen: (tag: string): RequestsSeen => requests.get(tag) ?? { posts: 0, authorization: null },
      streamSeen: (tag: string): StreamSeen | string => streams.get(tag) ?? 'unknown',
    },
  });

  // What supervisord and most XML-RPC servers are: no CORS at all.
  const noCors = await serveXmlRpc({ methods: { echo: (value: unknown) => value } });

  const stream = createServer((request, response) => {
    const headers = corsHeaders(origins, request.headers.origin);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...headers, ...PREFLIGHT_HEADERS }).end();
      return;
    }
    request.resume();
    sendInChunks(new URL(request.url ?? '/', 'http://localhost').searchParams, response, headers, streams);
  });
  await new Promise<void>((resolve) => stream.listen(0, '127.0.0.1', resolve));
  // A port that was free a moment ago and that nothing listens on: connections to it are refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const refusedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));

  project.provide('endpoints', {
    rpcUrl: rpc.url,
    streamUrl: `http://127.0.0.1:${(stream.address() as AddressInfo).port}/stream`,
    refusedUrl: `http://127.0.0.1:${refusedPort}/RPC2`,
    noCorsUrl: noCors.url,
  });
  return async () => {
    stream.closeAllConnections();
    await Promise.all([rpc.close(), noCors.close(), new Promise((resolve) => stream.close(resolve))]);
  };
}

/**
 * Sends a methodResponse whose string is `unit` repeated `count` times, in `charset`, `chunk`
 * bytes every 10 ms, and records under `tag` how much was sent and whether the client hung up first.
 */
function sendInChunks(
  query: URLSearchParams,
  response: ServerResponse,
  headers: Record<string, string>,
  streams: Map<string, StreamSeen>,
): void {
  const charset = query.get('charset') ?? 'utf-8';
  const text = encodeMethodResponse((query.get('unit') ?? 'x').repeat(Number(query.get('count') ?? 1)));
  const body = Buffer.from(text, charset === 'iso-8859-1' ? 'latin1' : 'utf8');
  const chunk = Number(query.get('chunk') ?? 16_384);
  const seen = { sentBytes: 0, totalBytes: body.length, closedEarly: false };
  streams.set(query.get('tag') ?? '', seen);
  response.on('close', () => {
    seen.closedEarly = !response.writableFinished;
  });
  response.writeHead(200, { ...headers, 'Content-Type': `text/xml; charset=${charset}` });
  const sendNext = () => {
    if (response.destroyed) return;
    const piece = body.subarray(seen.sentBytes, seen.sentBytes + chunk);
    seen.sentBytes += piece.length;
    if (seen.sentBytes < body.length) response.write(piece, () => setTimeout(sendNext, 10));
    else response.end(piece);
  };
  sendNext();
}
