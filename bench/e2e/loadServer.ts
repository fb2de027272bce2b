import { Agent, request } from 'node:http';
import {
  decodeMethodResponse,
  decodeMulticallResponse,
  encodeMethodCall,
  encodeMulticall,
} from 'rxjs-xmlrpc';
import type { EchoValue } from './e2eClients.js';

/** One kind of request the server benchmark sends over and over, and how its answer is checked. */
export interface Load {
  readonly body: string;
  /** Calls the request carries. */
  readonly calls: number;
  /** Throws when the answer is not the expected one. */
  check(answer: string): void;
}

/** A single `echo` call of `value`. */
export function singleLoad(value: EchoValue): Load {
  const expected = JSON.stringify(value);
  return {
    body: encodeMethodCall('echo', [value]),
    calls: 1,
    check(answer) {
      const result = JSON.stringify(decodeMethodResponse(answer));
      if (result !== expected) throw new Error(`echo answered ${result}, expected ${expected}`);
    },
  };
}

/** A `system.multicall` of one `echo` per value. */
export function multicallLoad(values: readonly EchoValue[]): Load {
  const calls = values.map((value) => ({ methodName: 'echo', params: [value] }));
  return {
    body: encodeMulticall(calls),
    calls: calls.length,
    check(answer) {
      decodeMulticallResponse(answer, calls).forEach((outcome, index) => {
        const result = JSON.stringify(outcome.ok ? outcome.value : outcome.error.message);
        if (result !== JSON.stringify(values[index])) throw new Error(`entry ${index} answered ${result}`);
      });
    },
  };
}

/**
 * Sends `load` `requests` times to `url`, `concurrency` requests in flight on as many kept-alive
 * connections, checking every answer; resolves to the elapsed milliseconds. A bare `node:http`
 * client, the same for every server, so what differs is the server.
 */
export async function loadServer(
  url: string,
  load: Load,
  requests: number,
  concurrency = 4,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const body = Buffer.from(load.body);
  const post = () =>
    new Promise<string>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'text/xml', 'Content-Length': body.length },
      });
      req.on('error', reject);
      req.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      });
      req.end(body);
    });
  let sent = 0;
  const worker = async () => {
    while (sent < requests) {
      sent++;
      load.check(await post());
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    return performance.now() - started;
  } finally {
    agent.destroy();
  }
}
