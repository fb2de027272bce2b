import { forkJoin, lastValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ClientEvent } from '../../src/client/ClientEvent.js';
import { createXmlRpcClient, type XmlRpcClientOptions } from '../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcParam, XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { fetchTransport } from '../../src/transport/fetchTransport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import type { E2eServer, E2eServerOptions } from './helpers/E2eServer.js';
import { startNodeServer } from './helpers/startNodeServer.js';
import { startPythonServer } from './helpers/startPythonServer.js';
import { waitUntil } from './helpers/waitUntil.js';

/*
 * The client and fetchTransport over real HTTP, against a server nobody here wrote (Python's
 * standard-library SimpleXMLRPCServer, in a child process) and against our own serveXmlRpc: the
 * same suite for both.
 */

interface ServerKind {
  readonly name: string;
  readonly start: (options?: E2eServerOptions) => Promise<E2eServer>;
}

const serverKinds: ServerKind[] = [
  { name: 'Python SimpleXMLRPCServer', start: startPythonServer },
  { name: 'serveXmlRpc', start: startNodeServer },
];

/** One value of every type, each as the client decodes it back (so `toEqual` its own echo). */
const EVERY_TYPE: Readonly<Record<string, XmlRpcValue>> = {
  'empty string': '',
  'string with markup and escapes': `<a href="x?b=1&c=2">it's</a> \\ \t tab\nnew line ]]> &amp;`,
  'non-ASCII string': 'héllo wörld, ünïcödé ✓ 日本語 𝄞 😀',
  'int zero': 0,
  'int max': 2147483647,
  'int min': -2147483648,
  'negative int': -42,
  'boolean true': true,
  'boolean false': false,
  double: 3.5,
  'negative double': -0.25,
  'double without an exact binary form': 0.1,
  'huge double (sent as plain digits, answered in exponent form by Python)': 1e300,
  'tiny double': 1e-7,
  dateTime: new Date('2024-02-29T23:59:58Z'),
  base64: new Uint8Array([0, 1, 2, 127, 128, 253, 254, 255]),
  'empty base64': new Uint8Array([]),
  nil: null,
  array: [1, 'two', 3.5, [4, [5]], null, true],
  'nested struct': {
    name: 'process-1',
    'member with spaces & <markup>': 'ok',
    nested: { deeper: { list: [1, { flag: false, when: new Date('1999-12-31T23:59:59Z') }] } },
    empty: {},
  },
  'empty array': [],
  'empty struct': {},
};

/** The outcome of one call, subscribed at once (so calls made together share a batch). */
function settle<T>(call: Observable<T>): Promise<PromiseSettledResult<T>> {
  return lastValueFrom(call).then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

/** The error a settled call failed with; fails the test if it succeeded. */
function errorOf(outcome: PromiseSettledResult<unknown> | undefined): unknown {
  if (outcome?.status !== 'rejected') throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome.reason;
}

describe.each(serverKinds)('client through fetchTransport against $name', ({ start }) => {
  /** A client of `server` whose events are recorded; options override the defaults. */
  const clientOf = (server: E2eServer, options: Partial<XmlRpcClientOptions> = {}) => {
    const events: ClientEvent[] = [];
    const client = createXmlRpcClient({
      transport: fetchTransport(server.url, { timeoutMs: 10_000 }),
      onEvent: (event) => events.push(event),
      ...options,
    });
    return { client, events };
  };

  /** A server of its own for one test, stopped when the test ends, passed or failed. */
  const startForTest = async (options?: E2eServerOptions): Promise<E2eServer> => {
    const server = await start(options);
    onTestFinished(() => server.stop());
    return server;
  };

  describe('with system.multicall', () => {
    let server: E2eServer;
    beforeAll(async () => {
      server = await start();
    });
    afterAll(() => server?.stop());

    it('round-trips every value type in one multicall, each value as its own call', async () => {
      const { client, events } = clientOf(server);
      const names = Object.keys(EVERY_TYPE);
      const echoes = await lastValueFrom(
        forkJoin(names.map((name) => client.call('echo', [EVERY_TYPE[name]!]))),
      );

      expect(Object.fromEntries(names.map((name, i) => [name, echoes[i]]))).toEqual(EVERY_TYPE);
      const sent = events.filter((event) => event.type === 'batchSent');
      expect(sent).toEqual([expect.objectContaining({ size: names.length, methodName: 'system.multicall' })]);
    });

    it('round-trips every value type nested in one plain methodCall', async () => {
      const { client, events } = clientOf(server);
      const everything = { ...EVERY_TYPE, list: Object.values(EVERY_TYPE) };

      expect(await lastValueFrom(client.call('echo', [everything], { batch: false }))).toEqual(everything);
      expect(events.filter((event) => event.type === 'batchSent')).toEqual([
        expect.objectContaining({ size: 1, methodName: 'echo' }),
      ]);
    });

    it('sends dateTime as UTC wall-clock time, and reads the naive answer in the zone the client names', async () => {
      const sent = new Date('2024-06-01T12:00:00Z');
      // The wire form has no zone and whole seconds only: what was sent comes back at 12:00:00 UTC.
      expect(
        await lastValueFrom(clientOf(server).client.call('echo', [new Date('2024-06-01T12:00:00.999Z')])),
      ).toEqual(sent);
      const { client } = clientOf(server, { decodeOptions: { timezone: '+02:00' } });
      expect(await lastValueFrom(client.call('echo', [sent]))).toEqual(new Date('2024-06-01T10:00:00Z'));
    });

    it('sends 1,000 calls made together as ceil(1000 / maxBatchSize) requests, each answer to its caller', async () => {
      const { client, events } = clientOf(server, { batch: { maxBatchSize: 100, maxWaitMs: 0 } });
      const before = await server.requestCount();
      // Distinct values of mixed types, so an answer delivered to the wrong caller cannot pass.
      const params: XmlRpcParam[] = Array.from({ length: 1000 }, (_, i) =>
        i % 2 === 0 ? `call #${i}` : { call: i, tags: [i, `t${i}`] },
      );

      // forkJoin subscribes every call in the same tick.
      const answers = await lastValueFrom(forkJoin(params.map((param) => client.call('echo', [param]))));

      expect(answers).toEqual(params);
      expect((await server.requestCount()) - before).toBe(10);
      const sent = events.filter((event) => event.type === 'batchSent');
      expect(sent.map((event) => [event.size, event.methodName])).toEqual(
        Array.from({ length: 10 }, () => [100, 'system.multicall']),
      );
      expect(events.filter((event) => event.type === 'batchSettled')).toEqual(
        Array.from({ length: 10 }, () => expect.objectContaining({ ok: 100, faults: 0, errors: 0 })),
      );
    });

    it('fails only the faulting calls of a batch, with their own code and message', async () => {
      const { client, events } = clientOf(server);
      const before = await server.requestCount();

      const outcomes = await Promise.all([
        settle(client.call('echo', ['first'])),
        settle(client.call('fault', [4, 'no such <process> & ü'])),
        settle(client.call('echo', ['third'])),
        settle(client.call('fault', [-32000, 'second fault'])),
        settle(client.call('echo', [{ last: true }])),
      ]);

      expect((await server.requestCount()) - before).toBe(1);
      expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'first' });
      expect(outcomes[2]).toEqual({ status: 'fulfilled', value: 'third' });
      expect(outcomes[4]).toEqual({ status: 'fulfilled', value: { last: true } });
      const fault = errorOf(outcomes[1]);
      expect(fault).toBeInstanceOf(XmlRpcFault);
      expect(fault).toMatchObject({
        faultCode: 4,
        faultString: 'no such <process> & ü',
        index: 1,
        methodName: 'fault',
        batchSize: 5,
      });
      expect((fault as XmlRpcFault).batchLevel).not.toBe(true);
      expect(errorOf(outcomes[3])).toMatchObject({
        faultCode: -32000,
        faultString: 'second fault',
        index: 3,
      });
      expect(events.filter((event) => event.type === 'batchSettled')).toEqual([
        expect.objectContaining({ size: 5, ok: 3, faults: 2, errors: 0 }),
      ]);
    });

    it('faults only a call to an unknown method, first in its batch, and does not fall back', async () => {
      const { client, events } = clientOf(server);
      const before = await server.requestCount();

      // Python says `method "no.such.method" is not supported`, which reads like "no system.multicall"
      // if the client mistook this call's fault for the batch's.
      const outcomes = await Promise.all([
        settle(client.call('no.such.method', [1])),
        settle(client.call('echo', ['neighbour'])),
      ]);

      expect(errorOf(outcomes[0])).toBeInstanceOf(XmlRpcFault);
      expect(errorOf(outcomes[0])).toMatchObject({
        faultString: expect.stringContaining('no.such.method'),
        index: 0,
      });
      expect(outcomes[1]).toEqual({ status: 'fulfilled', value: 'neighbour' });
      expect(events.filter((event) => event.type === 'fallback')).toEqual([]);
      expect((await server.requestCount()) - before).toBe(1);
    });

    it('gives a fault answered to a plain methodCall to its call', async () => {
      const { client } = clientOf(server);
      const outcome = await settle(client.call('fault', [17, 'alone'], { batch: false }));
      expect(errorOf(outcome)).toBeInstanceOf(XmlRpcFault);
      expect(errorOf(outcome)).toMatchObject({ faultCode: 17, faultString: 'alone' });
    });
  });

  it('falls back to single calls, once, when the server has no system.multicall', async () => {
    const server = await startForTest({ multicall: false });
    const { client, events } = clientOf(server);
    const requestsBefore = await server.requestCount();

    const first = await lastValueFrom(forkJoin([0, 1, 2, 3, 4].map((i) => client.call('echo', [`a${i}`]))));

    expect(first).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    const fallbacks = events.filter((event) => event.type === 'fallback');
    expect(fallbacks).toEqual([expect.objectContaining({ size: 5 })]);
    // The refused multicall, then one request per call.
    expect((await server.requestCount()) - requestsBefore).toBe(1 + 5);

    const sentBefore = events.filter((event) => event.type === 'batchSent').length;
    const later = await Promise.all([
      settle(client.call('echo', ['b0'])),
      settle(client.call('fault', [7, 'refused'])),
      settle(client.call('echo', ['b2'])),
    ]);

    expect(later[0]).toEqual({ status: 'fulfilled', value: 'b0' });
    expect(errorOf(later[1])).toMatchObject({ faultCode: 7, faultString: 'refused' });
    expect(later[2]).toEqual({ status: 'fulfilled', value: 'b2' });
    // No second attempt at system.multicall: the later batch goes straight out as single calls.
    expect((await server.requestCount()) - requestsBefore).toBe(1 + 5 + 3);
    expect(events.filter((event) => event.type === 'fallback')).toHaveLength(1);
    const laterSent = events.filter((event) => event.type === 'batchSent').slice(sentBefore);
    expect(laterSent.map((event) => [event.size, event.methodName]).sort()).toEqual([
      [1, 'echo'],
      [1, 'echo'],
      [1, 'fault'],
    ]);
  });

  it('gives transport errors to exactly the calls in flight when the server dies, and works again after its restart', async () => {
    const server = await startForTest();
    const { client } = clientOf(server);
    expect(await lastValueFrom(client.call('echo', ['before']))).toBe('before');
    const requestsBefore = await server.requestCount();

    // Two requests in flight: a multicall of three sleeps and one plain call.
    const inFlight = [
      settle(client.call('sleep', [5])),
      settle(client.call('sleep', [5])),
      settle(client.call('sleep', [5])),
      settle(client.call('sleep', [5], { batch: false })),
    ];
    await waitUntil(
      'both requests to reach the server',
      async () => (await server.requestCount()) === requestsBefore + 2,
    );
    await server.crash();

    const outcomes = await Promise.all(inFlight);
    for (const [index, outcome] of outcomes.entries()) {
      const error = errorOf(outcome) as XmlRpcTransportError;
      expect(error, `call ${index}`).toBeInstanceOf(XmlRpcTransportError);
      // The connection dropped: no HTTP status, and not the transport's own timeout either.
      expect(error.status, `call ${index}`).toBeUndefined();
      expect(error.message, `call ${index}`).not.toMatch(/no response within/);
    }
    expect(outcomes.slice(0, 3).map((outcome) => errorOf(outcome))).toEqual([
      expect.objectContaining({ batchLevel: true, batchSize: 3, index: 0 }),
      expect.objectContaining({ batchLevel: true, batchSize: 3, index: 1 }),
      expect.objectContaining({ batchLevel: true, batchSize: 3, index: 2 }),
    ]);

    await server.restart();
    // The same client (and port): a plain call, then a multicall.
    expect(await lastValueFrom(client.call('echo', ['after'], { batch: false }))).toBe('after');
    expect(await lastValueFrom(forkJoin([client.call('echo', [1]), client.call('sleep', [0])]))).toEqual([
      1, 0,
    ]);
  });
});
