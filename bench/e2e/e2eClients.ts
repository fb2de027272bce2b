/**
 * The clients the e2e suite times, each making the same `echo` calls, one per value, against a URL and
 * checking every result equals its argument (as JSON: key order and int/double survive every peer's
 * round trip). Each resolves to the wall time of the run, in milliseconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createXmlRpcClient, fetchTransport, type Transport, type XmlRpcValue } from 'rxjs-xmlrpc';
import { nodeHttpTransport } from 'rxjs-xmlrpc/node';
import { runJsonProcess } from '../lib/runJsonProcess.js';

/** One value to echo per call. */
export type EchoValue = {
  readonly id: number;
  readonly name: string;
  readonly ratio: number;
  readonly flags: boolean[];
};

/** Runs `values.length` echo calls against `url`; resolves to the elapsed milliseconds. */
export type E2eClient = (url: string, values: readonly EchoValue[]) => Promise<number>;

/** The values of a run: structs of an int, a string, a double and an array of booleans. */
export function echoValues(count: number): EchoValue[] {
  return Array.from({ length: count }, (_, id) => ({
    id,
    name: `call ${id}`,
    ratio: id + 0.5,
    flags: [id % 2 === 0, true],
  }));
}

/** Fails the run on a result that is not its call's argument. */
function check(index: number, value: EchoValue, result: unknown): void {
  if (JSON.stringify(result) !== JSON.stringify(value)) {
    throw new Error(`call ${index} got ${JSON.stringify(result)}, expected ${JSON.stringify(value)}`);
  }
}

/** rxjs-xmlrpc's default client: every call subscribed at once, `batch: false` to send each alone. */
function viaClient(transportFor: (url: string) => Transport, batch: boolean): E2eClient {
  return (url, values) => {
    const client = createXmlRpcClient({ transport: transportFor(url) });
    const started = performance.now();
    return new Promise((resolve, reject) => {
      let answered = 0;
      values.forEach((value, index) => {
        client.call<XmlRpcValue>('echo', [value], { batch }).subscribe({
          next: (result) => {
            try {
              check(index, value, result);
            } catch (error) {
              reject(error);
            }
            if (++answered === values.length) resolve(performance.now() - started);
          },
          error: reject,
        });
      });
    });
  };
}

export const batchedNode = viaClient((url) => nodeHttpTransport(url), true);
export const batchedFetch = viaClient((url) => fetchTransport(url), true);
/** Single calls, 4 at a time: the client's default `concurrency` bounds the requests in flight. */
export const singleNode = viaClient((url) => nodeHttpTransport(url), false);
export const singleFetch = viaClient((url) => fetchTransport(url), false);

interface XmlrpcClient {
  methodCall(method: string, params: unknown[], callback: (error: unknown, value: unknown) => void): void;
}
const xmlrpc = createRequire(import.meta.url)('xmlrpc') as {
  createClient(options: { url: string }): XmlrpcClient;
};

/** The npm `xmlrpc` client as its README shows it, 4 calls in flight at a time. */
export const xmlrpcSingle: E2eClient = (url, values) => {
  const client = xmlrpc.createClient({ url });
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < values.length) {
      const index = next++;
      const value = values[index]!;
      const result = await new Promise((resolve, reject) =>
        client.methodCall('echo', [value], (error, answer) => (error ? reject(error) : resolve(answer))),
      );
      check(index, value, result);
    }
  };
  return Promise.all([worker(), worker(), worker(), worker()]).then(() => performance.now() - started);
};

const MULTICALL_SCRIPT = fileURLToPath(new URL('../python/e2e_multicall.py', import.meta.url));

/**
 * CPython's `xmlrpc.client.MultiCall`, 100 calls a request, one request at a time, in a `python3`
 * process that times itself (interpreter start-up and a warm-up run are not counted).
 */
export const pythonMultiCall: E2eClient = async (url, values) => {
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-xmlrpc-e2e-'));
  try {
    const file = join(dir, 'values.json');
    writeFileSync(file, JSON.stringify(values));
    const report = (await runJsonProcess('python3', [MULTICALL_SCRIPT, url, file])) as { ms: number };
    return report.ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
