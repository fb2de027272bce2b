import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src/client/ClientEvent.js';
import { createXmlRpcClient, type XmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { asBase64, asDouble, asI8, asInt, type XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { fetchTransport } from '../../src/transport/fetchTransport.js';
import { type PythonServer, startPythonServer } from './helpers/startPythonServer.js';

/*
 * What Python's own unmarshaller makes of what the client sends (its `repr`), and the limits of
 * Python's marshaller that clients of real Python servers meet. The behaviour both servers share is
 * in servers.spec.ts.
 */

/** True while a process with this id exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Python SimpleXMLRPCServer', () => {
  let server: PythonServer;
  let client: XmlRpcClient;
  beforeAll(async () => {
    server = await startPythonServer();
    client = createXmlRpcClient({ transport: fetchTransport(server.url, { timeoutMs: 10_000 }) });
  });
  afterAll(() => server?.stop());

  it.each<[string, XmlRpcParam, string]>([
    ['an integral number as int', 42, '42'],
    ['a number past 32 bits as i8', 2 ** 40, '1099511627776'],
    ['a bigint past 2^53 exactly', 9007199254740993n, '9007199254740993'],
    ['asI8 of a small number', asI8(5), '5'],
    ['asInt', asInt(-7), '-7'],
    ['asDouble of an integral number as a float', asDouble(1), '1.0'],
    ['a fraction', 0.1, '0.1'],
    [
      'a dateTime as a naive datetime in UTC',
      new Date('2024-02-29T23:59:58Z'),
      'datetime.datetime(2024, 2, 29, 23, 59, 58)',
    ],
    ['base64 as bytes', new Uint8Array([0, 255, 65]), "b'\\x00\\xffA'"],
    ['asBase64 of text as its UTF-8 bytes', asBase64('é'), "b'\\xc3\\xa9'"],
    ['null as None', null, 'None'],
    ['a string with markup and non-ASCII', '<&> "é"', `'<&> "é"'`],
    ['carriage returns, sent as &#13; so XML keeps them', 'a\r\nb\rc', "'a\\r\\nb\\rc'"],
    ['booleans', [true, false], '[True, False]'],
    ['a struct as a dict', { a: 1, 'b c': [] }, "{'a': 1, 'b c': []}"],
  ])('decodes %s', async (_, param, expected) => {
    expect(await lastValueFrom(client.call('repr', [param]))).toBe(expected);
  });

  it('answers carriage returns as line feeds: Python sends them unescaped, and XML normalizes line ends', async () => {
    expect(await lastValueFrom(client.call('echo', ['a\r\nb\rc']))).toBe('a\nb\nc');
  });

  it('faults a plain call whose int result is past 32 bits: Python cannot send <i8>', async () => {
    const call = lastValueFrom(client.call('echo', [2 ** 31], { batch: false }));
    await expect(call).rejects.toBeInstanceOf(XmlRpcFault);
    await expect(call).rejects.toMatchObject({
      faultCode: 1,
      faultString: expect.stringMatching(/OverflowError/),
    });
  });

  it('retries one by one a multicall Python faulted as a whole (OverflowError): only the call past 32 bits fails', async () => {
    const events: ClientEvent[] = [];
    const retrying = createXmlRpcClient({
      transport: fetchTransport(server.url, { timeoutMs: 10_000 }),
      onEvent: (event) => events.push(event),
    });
    const before = await server.requestCount();
    const outcomes = await Promise.allSettled([
      lastValueFrom(retrying.call('echo', ['fine'])),
      lastValueFrom(retrying.call('echo', [2 ** 31])),
    ]);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'fine' });
    expect(outcomes[1]).toMatchObject({
      status: 'rejected',
      reason: { faultCode: 1, faultString: expect.stringMatching(/OverflowError/), batchSize: 1 },
    });
    expect((outcomes[1] as PromiseRejectedResult).reason.batchLevel).toBeUndefined();
    // The multicall Python faulted, then each call alone.
    expect((await server.requestCount()) - before).toBe(3);
    expect(events.filter((event) => event.type === 'batchRetriedSingly')).toEqual([
      expect.objectContaining({ size: 2, faultCode: 1, faultString: expect.stringMatching(/OverflowError/) }),
    ]);
  });

  it('faults every call of such a multicall with retrySingly: false: Python marshals the response in one piece', async () => {
    const strict = createXmlRpcClient({
      transport: fetchTransport(server.url, { timeoutMs: 10_000 }),
      retrySingly: false,
    });
    const before = await server.requestCount();
    const outcomes = await Promise.allSettled([
      lastValueFrom(strict.call('echo', ['fine'])),
      lastValueFrom(strict.call('echo', [2 ** 31])),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({
        faultCode: 1,
        faultString: expect.stringMatching(/OverflowError/),
        batchLevel: true,
      });
    }
    expect((await server.requestCount()) - before).toBe(1);
  });

  it('leaves no process behind once stopped', async () => {
    const own = await startPythonServer();
    const pid = own.pid!;
    expect(isAlive(pid)).toBe(true);
    await own.stop();
    expect(isAlive(pid)).toBe(false);
    await own.stop(); // idempotent
  });
});
