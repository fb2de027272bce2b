import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

/** What came back for one POST: status, size, and the start of the body. */
export interface PostResult {
  readonly status: number;
  readonly bytes: number;
  /** The first 2,000 characters of the body. */
  readonly head: string;
  readonly wallMs: number;
}

/** POSTs `body` on a connection of its own and reads the whole answer, keeping only its start. */
export function post(url: string, body: string): Promise<PostResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'text/xml' } },
      (res) => {
        let bytes = 0;
        let head = '';
        res.on('data', (chunk: Buffer) => {
          if (head.length < 2000) head += chunk.toString('utf8', 0, Math.min(chunk.length, 2000));
          bytes += chunk.length;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, bytes, head, wallMs: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** How small requests sent alongside other work fared. */
export interface ProbeResult {
  readonly sent: number;
  readonly answered: number;
  /** Longest wait for an answer, in milliseconds. */
  readonly maxWaitMs: number;
}

const ADD =
  '<methodCall><methodName>add</methodName><params><param><value><int>1</int></value></param><param><value><int>2</int></value></param></params></methodCall>';

/**
 * Sends a small `add` call every `everyMs` (each on a fresh connection, one at a time) until `stop()`,
 * which resolves to how they fared: what another client of the server saw meanwhile.
 */
export function startProbes(url: string, everyMs: number): { stop(): Promise<ProbeResult> } {
  let stopping = false;
  let sent = 0;
  let answered = 0;
  let maxWaitMs = 0;
  const loop = (async () => {
    while (!stopping) {
      sent++;
      const result = await post(url, ADD).catch(() => undefined);
      if (result?.status === 200 && result.head.includes('<int>3</int>')) answered++;
      maxWaitMs = Math.max(maxWaitMs, result?.wallMs ?? 0);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return { sent, answered, maxWaitMs };
    },
  };
}

/** Slowloris: what to send first, then a piece at a time, never finishing the request. */
export type Trickle = 'headers' | 'body';

const OPENINGS: Record<Trickle, { first: string; next: string }> = {
  headers: { first: 'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n', next: 'X-Trickle: 1\r\n' },
  body: {
    first: 'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n<',
    next: 'x',
  },
};

/**
 * Opens `count` connections that each send a request a piece every `everyMs` and never finish it;
 * `held()` counts those the server has not closed yet, `close()` ends them all.
 */
export async function startSlowloris(
  port: number,
  trickle: Trickle,
  count: number,
  everyMs: number,
): Promise<{ held(): number; close(): void }> {
  const sockets: { socket: Socket; closed: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const entry = { socket: connect(port, '127.0.0.1'), closed: false };
    entry.socket.on('close', () => {
      entry.closed = true;
    });
    entry.socket.on('error', () => {}); // a reset is one more closed socket
    entry.socket.on('data', () => {}); // a 408 is read and dropped
    await new Promise<void>((resolve) => entry.socket.once('connect', resolve).once('close', resolve));
    entry.socket.write(OPENINGS[trickle].first);
    sockets.push(entry);
  }
  const timer = setInterval(() => {
    for (const { socket, closed } of sockets) if (!closed) socket.write(OPENINGS[trickle].next);
  }, everyMs);
  return {
    held: () => sockets.filter((entry) => !entry.closed).length,
    close() {
      clearInterval(timer);
      for (const { socket } of sockets) socket.destroy();
    },
  };
}
