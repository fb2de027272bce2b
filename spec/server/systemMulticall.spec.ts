import fc from 'fast-check';
import { defer, delay, forkJoin, lastValueFrom, map, Observable, of, queueScheduler, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import type { ClientEvent } from '../../src/client/ClientEvent.js';
import { createXmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { FaultCode } from '../../src/codec/faultCodes.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { describeMethod } from '../../src/server/describeMethod.js';
import { memoryTransport } from '../../src/testing/memoryTransport.js';
import { ManualScheduler } from '../helpers/ManualScheduler.js';
import { callHandler, readAnswer } from './callHandler.js';

const methods = {
  add: (a: number, b: number) => a + b,
  later: async (value: string) => value,
  fail: (code: number) => {
    throw new XmlRpcFault(code, `failed with ${code}`);
  },
  crash: () => {
    throw new Error('crashed');
  },
  nan: () => Number.NaN,
};

const multicall = (handler: (xml: string) => Promise<string>, calls: XmlRpcParam[]) =>
  callHandler(handler, 'system.multicall', [calls]);

describe('system.multicall', () => {
  it('answers [result] for each success and a fault struct in place of each failure, in order', async () => {
    const handler = createXmlRpcHandler(methods);
    const answer = await multicall(handler, [
      { methodName: 'add', params: [1, 2] },
      { methodName: 'fail', params: [7] },
      { methodName: 'later', params: ['x'] },
      { methodName: 'crash', params: [] },
      { methodName: 'missing', params: [] },
    ]);
    expect(answer).toEqual({
      result: [
        [3],
        { faultCode: 7, faultString: 'failed with 7' },
        ['x'],
        { faultCode: FaultCode.ApplicationError, faultString: 'crashed' },
        { faultCode: FaultCode.MethodNotFound, faultString: 'method not found: "missing"' },
      ],
    });
  });

  it('answers an empty array for no calls', async () => {
    expect(await multicall(createXmlRpcHandler(methods), [])).toEqual({ result: [] });
  });

  it.each<[string, XmlRpcParam, string]>([
    ['not a struct', 42, 'system.multicall params[0][1] must be a struct {methodName, params}, but got int'],
    ['an array', [], 'system.multicall params[0][1] must be a struct {methodName, params}, but got array'],
    ['missing methodName', { params: [] }, 'system.multicall params[0][1] has no string methodName'],
    [
      'a methodName not a string',
      { methodName: 3, params: [] },
      'system.multicall params[0][1] has no string methodName',
    ],
    ['missing params', { methodName: 'add' }, 'system.multicall params[0][1] ("add") has no params array'],
    [
      'params not an array',
      { methodName: 'add', params: { 0: 1 } },
      'system.multicall params[0][1] ("add") has no params array',
    ],
    [
      'a nested system.multicall',
      { methodName: 'system.multicall', params: [[{ methodName: 'add', params: [1, 1] }]] },
      'system.multicall params[0][1]: system.multicall cannot be nested',
    ],
  ])('answers -32600 in the entry of a call that is %s, sparing the others', async (_, bad, faultString) => {
    const handler = createXmlRpcHandler(methods);
    const answer = await multicall(handler, [
      { methodName: 'add', params: [1, 1] },
      bad,
      { methodName: 'add', params: [2, 2] },
    ]);
    expect(answer).toEqual({ result: [[2], { faultCode: FaultCode.InvalidRequest, faultString }, [4]] });
  });

  it('does not read methodName or params from the prototype', async () => {
    const handler = createXmlRpcHandler(methods);
    const xml = encodeMethodCall('system.multicall', [
      [{ ['__proto__']: { methodName: 'add', params: [1, 2] } }],
    ]);
    expect(readAnswer(await handler(xml))).toEqual({
      result: [
        {
          faultCode: FaultCode.InvalidRequest,
          faultString: 'system.multicall params[0][0] has no string methodName',
        },
      ],
    });
  });

  it('answers -32603 in the entry of a result that cannot be encoded, sparing the others', async () => {
    const onError = vi.fn();
    const handler = createXmlRpcHandler(methods, { onError });
    const answer = await multicall(handler, [
      { methodName: 'add', params: [1, 1] },
      { methodName: 'nan', params: [] },
      { methodName: 'add', params: [2, 2] },
    ]);
    expect(answer).toEqual({
      result: [
        [2],
        {
          faultCode: FaultCode.InternalError,
          faultString:
            'cannot encode the result: NaN cannot be sent: XML-RPC has no NaN or Infinity at result[1][0]',
        },
        [4],
      ],
    });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('keeps the code of a fault whose message XML cannot carry, the message escaped', async () => {
    const handler = createXmlRpcHandler({
      odd: () => {
        throw new XmlRpcFault(12, 'a\uFFFEb');
      },
      add: methods.add,
    });
    expect(
      await multicall(handler, [
        { methodName: 'odd', params: [] },
        { methodName: 'add', params: [1, 1] },
      ]),
    ).toEqual({ result: [{ faultCode: 12, faultString: '"a\\ufffeb"' }, [2]] });
  });

  it('checks each call against its signatures, -32602 in its entry', async () => {
    const handler = createXmlRpcHandler({
      inc: describeMethod((n: number) => n + 1, { signatures: [['int', 'int']] }),
    });
    expect(
      await multicall(handler, [
        { methodName: 'inc', params: ['1'] },
        { methodName: 'inc', params: [1] },
      ]),
    ).toEqual({
      result: [
        {
          faultCode: FaultCode.InvalidParams,
          faultString: 'invalid params for inc: expected (int), but got (string)',
        },
        [2],
      ],
    });
  });

  it('can call the introspection methods inside a multicall', async () => {
    const handler = createXmlRpcHandler({ add: methods.add });
    expect(await multicall(handler, [{ methodName: 'system.methodSignature', params: ['add'] }])).toEqual({
      result: [['undef']],
    });
  });

  describe('whole-request faults', () => {
    it.each<[string, XmlRpcParam[], string]>([
      ['no param', [], 'invalid params for system.multicall: expected (array), but got ()'],
      [
        'a param that is not an array',
        [{ methodName: 'add' }],
        'invalid params for system.multicall: expected (array), but got (struct)',
      ],
      [
        'two params',
        [[], []],
        'invalid params for system.multicall: expected (array), but got (array, array)',
      ],
    ])('answers -32602 for %s', async (_, params, faultString) => {
      const handler = createXmlRpcHandler(methods);
      expect(await callHandler(handler, 'system.multicall', params)).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString,
      });
    });

    it('answers -32602 for more calls than `maxMulticallEntries`, running none', async () => {
      const add = vi.fn(methods.add);
      const handler = createXmlRpcHandler({ add }, { maxMulticallEntries: 2 });
      const call = { methodName: 'add', params: [1, 1] };
      expect(await multicall(handler, [call, call])).toEqual({ result: [[2], [2]] });
      expect(await multicall(handler, [call, call, call])).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString: 'system.multicall request too large: at most 2 calls per request, but got at least 3',
      });
      expect(add).toHaveBeenCalledTimes(2);
    });

    describe('counting the calls', () => {
      const call =
        '<value><struct><member><name>methodName</name><value>add</value></member><member><name>params</name><value><array><data><value><int>1</int></value><value><int>2</int></value></data></array></value></member></struct></value>';
      // A call whose value cannot be decoded: reading it makes the request -32600.
      const bad = '<value><int>x</int></value>';
      /** A multicall of `calls`, its methodName padded with whitespace to `length` characters or more. */
      const request = (calls: string, length = 0) => {
        const xml = `<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>${calls}</data></array></value></param></params></methodCall>`;
        return xml.replace(
          'system.multicall',
          `system.multicall${' '.repeat(Math.max(0, length - xml.length))}`,
        );
      };
      const badFourth =
        'request is not a valid XML-RPC methodCall: not an integer at methodCall/params/param[1]/value/array/data/value[4]/int: "x"';
      const tooMany = 'system.multicall request too large: at most 2 calls per request, but got at least 3';

      it('stops reading a request over 256 KB at call `maxMulticallEntries` + 1, before decoding the rest', async () => {
        const xml = request(`${call}${call}${call}${bad}`, 300_000);
        expect(xml.length).toBeGreaterThan(256 * 1024);
        const capped = createXmlRpcHandler(methods, { maxMulticallEntries: 2 });
        expect(readAnswer(await capped(xml))).toEqual({
          faultCode: FaultCode.InvalidParams,
          faultString: tooMany,
        });
        const roomy = createXmlRpcHandler(methods, { maxMulticallEntries: 4 });
        expect(readAnswer(await roomy(xml))).toEqual({
          faultCode: FaultCode.InvalidRequest,
          faultString: badFourth,
        });
        expect(readAnswer(await roomy(request(`${call}  <!-- c -->\n${call}`, 300_000)))).toEqual({
          result: [[3], [3]],
        });
      });

      it('decodes a request of up to 256 KB whole, then counts its calls', async () => {
        const capped = createXmlRpcHandler(methods, { maxMulticallEntries: 2 });
        expect(readAnswer(await capped(request(`${call}${call}${call}`)))).toEqual({
          faultCode: FaultCode.InvalidParams,
          faultString: tooMany,
        });
        expect(readAnswer(await capped(request(`${call}${call}${call}${bad}`)))).toEqual({
          faultCode: FaultCode.InvalidRequest,
          faultString: badFourth,
        });
      });

      it('leaves a param that is no array to the signature check, whatever the request length', async () => {
        const handler = createXmlRpcHandler(methods);
        const xml = encodeMethodCall('system.multicall', ['x'.repeat(300_000)]);
        expect(readAnswer(await handler(xml))).toEqual({
          faultCode: FaultCode.InvalidParams,
          faultString: 'invalid params for system.multicall: expected (array), but got (string)',
        });
      });

      it('reads the same calls either way', async () => {
        const handler = createXmlRpcHandler(methods);
        const calls = `${call} <!-- c -->\n${call}<value>text</value><value><struct/></value>${call}`;
        const small = readAnswer(await handler(request(calls)));
        expect(small).toEqual(readAnswer(await handler(request(calls, 300_000))));
        expect((small as { result: unknown[] }).result).toHaveLength(5);
      });
    });

    it('accepts 10,000 calls by default, and refuses 10,001', async () => {
      const add = vi.fn(methods.add);
      const handler = createXmlRpcHandler({ add }, { scheduler: queueScheduler });
      const calls = Array.from({ length: 10_000 }, (_, i) => ({ methodName: 'add', params: [i, 1] }));
      const answer = (await multicall(handler, calls)) as { result: number[][] };
      expect(answer.result).toHaveLength(10_000);
      expect(answer.result[9_999]).toEqual([10_000]);
      add.mockClear();
      expect(await multicall(handler, [...calls, calls[0]!])).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString:
          'system.multicall request too large: at most 10000 calls per request, but got at least 10001',
      });
      expect(add).not.toHaveBeenCalled();
    });

    it("is worded so that the library's own client splits the batch and every call succeeds", async () => {
      const add = vi.fn(methods.add);
      const handler = createXmlRpcHandler({ add }, { maxMulticallEntries: 8 });
      const events: ClientEvent[] = [];
      const client = createXmlRpcClient({
        transport: memoryTransport(handler),
        batch: { maxBatchSize: 20 },
        onEvent: (event) => events.push(event),
      });
      const results = await lastValueFrom(
        forkJoin(Array.from({ length: 20 }, (_, i) => client.call<number>('add', [i, 1]))),
      );
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(add).toHaveBeenCalledTimes(20);
      expect(events.filter((event) => event.type === 'batchSplit').map((event) => event.size)).toEqual([
        20, 10, 10,
      ]);
    });

    it('reads calls one by one only for a served system.multicall', async () => {
      const handler = createXmlRpcHandler(
        { echo: (calls: unknown) => calls },
        { maxMulticallEntries: 1, multicall: false },
      );
      const calls = [{ methodName: 'x', params: [] }, 'y'];
      expect(await callHandler(handler, 'echo', [calls])).toEqual({ result: calls });
      expect(await multicall(handler, calls)).toMatchObject({ faultCode: FaultCode.MethodNotFound });
    });

    it('checks the signature of a param that is no array, or an empty one', async () => {
      const handler = createXmlRpcHandler(methods, { maxMulticallEntries: 1 });
      expect(await callHandler(handler, 'system.multicall', ['calls'])).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString: 'invalid params for system.multicall: expected (array), but got (string)',
      });
      expect(await multicall(handler, [])).toEqual({ result: [] });
    });
  });

  describe('the `maxResponseBytes` bound', () => {
    const sized = { text: (length: number) => 'x'.repeat(length), add: methods.add, fail: methods.fail };
    const text = (length: number) => ({ methodName: 'text', params: [length] });
    const tooLarge = (bytes: number, limit: number) => ({
      faultCode: FaultCode.InternalError,
      faultString: `the result is ${bytes} bytes encoded, more than the response has room for within the \`maxResponseBytes\` limit of ${limit} bytes`,
    });
    /** Bytes of entry `[text(length)]` in a response. */
    const entryBytes = (length: number) =>
      encodeMethodResponse([['x'.repeat(length)]]).length - encodeMethodResponse([]).length;

    it('replaces an entry that does not fit by a fault in its slot; the other calls run and keep their results', async () => {
      const onError = vi.fn();
      const text = vi.fn(sized.text);
      const handler = createXmlRpcHandler({ ...sized, text }, { maxResponseBytes: 4096, onError });
      const xml = await handler(
        encodeMethodCall('system.multicall', [
          [
            { methodName: 'text', params: [10] },
            { methodName: 'text', params: [5000] },
            { methodName: 'fail', params: [4] },
            { methodName: 'text', params: [20] },
          ],
        ]),
      );
      expect(readAnswer(xml)).toEqual({
        result: [
          ['x'.repeat(10)],
          tooLarge(entryBytes(5000), 4096),
          { faultCode: 4, faultString: 'failed with 4' },
          ['x'.repeat(20)],
        ],
      });
      expect(text).toHaveBeenCalledTimes(3);
      expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(4096);
      expect(onError).toHaveBeenCalledExactlyOnceWith(
        new RangeError(`system.multicall params[0][1]: ${tooLarge(entryBytes(5000), 4096).faultString}`),
        'system.multicall',
      );
    });

    it('fills the response in the order calls settle, keeping room for a fault in every later slot', async () => {
      const handler = createXmlRpcHandler(sized, { maxResponseBytes: 8192 });
      const xml = await handler(
        encodeMethodCall('system.multicall', [[text(3000), text(3000), text(3000), text(1)]]),
      );
      expect(readAnswer(xml)).toEqual({
        result: [['x'.repeat(3000)], ['x'.repeat(3000)], tooLarge(entryBytes(3000), 8192), ['x']],
      });
      expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(8192);
    });

    it('keeps every entry of a response of exactly the limit, and drops only the last one a byte under', async () => {
      const lengths = [...Array(10).fill(100), 2500];
      const xml = encodeMethodCall('system.multicall', [lengths.map(text)]);
      const full = encodeMethodResponse(lengths.map((length) => ['x'.repeat(length)]));
      const exact = createXmlRpcHandler(sized, { maxResponseBytes: Buffer.byteLength(full) });
      expect(await exact(xml)).toBe(full);
      const under = createXmlRpcHandler(sized, { maxResponseBytes: Buffer.byteLength(full) - 1 });
      const answer = readAnswer(await under(xml)) as { result: unknown[] };
      expect(answer.result.slice(0, 10)).toEqual(Array(10).fill(['x'.repeat(100)]));
      expect(answer.result[10]).toEqual(tooLarge(entryBytes(2500), Buffer.byteLength(full) - 1));
    });

    it('counts UTF-8 bytes, not characters', async () => {
      const handler = createXmlRpcHandler(
        { text: (length: number) => '€'.repeat(length) },
        { maxResponseBytes: 4096 },
      );
      const xml = await handler(encodeMethodCall('system.multicall', [[text(1000), text(1500)]]));
      const answer = readAnswer(xml) as { result: unknown[] };
      expect(answer.result[0]).toEqual(['€'.repeat(1000)]);
      expect(answer.result[1]).toMatchObject({ faultCode: FaultCode.InternalError });
      expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(4096);
    });

    it('always stays within the bound, whatever the sizes of the results', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.nat({ max: 3000 }), { maxLength: 12 }),
          fc.integer({ min: 1024, max: 20_000 }),
          async (lengths, maxResponseBytes) => {
            const handler = createXmlRpcHandler(sized, { maxResponseBytes });
            const xml = await handler(encodeMethodCall('system.multicall', [lengths.map(text)]));
            expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(maxResponseBytes);
            const answer = readAnswer(xml);
            if ('faultCode' in answer) {
              expect(answer.faultCode).toBe(FaultCode.InvalidParams);
              return;
            }
            const entries = answer.result as unknown[];
            expect(entries).toHaveLength(lengths.length);
            entries.forEach((entry, i) => {
              if (!Array.isArray(entry))
                expect(entry).toEqual(tooLarge(entryBytes(lengths[i]!), maxResponseBytes));
              else expect(entry).toEqual(['x'.repeat(lengths[i]!)]);
            });
          },
        ),
        { numRuns: 200 },
      );
    });

    it('answers -32602 for more calls than the response has room for, running none', async () => {
      const add = vi.fn(methods.add);
      const handler = createXmlRpcHandler({ add }, { maxResponseBytes: 2048 });
      const calls = Array.from({ length: 20 }, () => ({ methodName: 'add', params: [1, 1] }));
      expect(await multicall(handler, calls)).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString:
          'system.multicall request too large: 20 calls cannot be answered within the `maxResponseBytes` limit of 2048 bytes',
      });
      expect(add).not.toHaveBeenCalled();
      expect(await multicall(handler, calls.slice(0, 5))).toEqual({ result: Array(5).fill([2]) });
    });

    it('answers exactly what encodeMethodResponse would encode for the same entries', async () => {
      const handler = createXmlRpcHandler(methods);
      const xml = await handler(
        encodeMethodCall('system.multicall', [
          [
            { methodName: 'add', params: [1, 2] },
            { methodName: 'fail', params: [7] },
          ],
        ]),
      );
      expect(xml).toBe(encodeMethodResponse([[3], { faultCode: 7, faultString: 'failed with 7' }]));
    });
  });

  describe('yielding', () => {
    const add = (a: number, b: number) => a + b;
    const calls = (count: number) =>
      encodeMethodCall('system.multicall', [
        Array.from({ length: count }, (_, i) => ({ methodName: 'add', params: [i, 1] })),
      ]);

    it('runs a multicall of more than 256 calls in chunks of 256, each after an action of `scheduler`', () => {
      const scheduler = new ManualScheduler();
      const method = vi.fn(add);
      const handler = createXmlRpcHandler({ add: method }, { scheduler });
      let answer: string | undefined;
      handler.observe(calls(600)).subscribe((xml) => {
        answer = xml;
      });
      expect(method).toHaveBeenCalledTimes(256);
      scheduler.runNext();
      expect(method).toHaveBeenCalledTimes(512);
      expect(answer).toBeUndefined();
      scheduler.runNext();
      expect(method).toHaveBeenCalledTimes(600);
      expect(scheduler.scheduled).toBe(2);
      const result = (readAnswer(answer!) as { result: number[][] }).result;
      expect(result).toHaveLength(600);
      expect(result[599]).toEqual([600]);
    });

    it('answers a multicall of up to 256 synchronous calls synchronously, never using the scheduler', () => {
      const scheduler = new ManualScheduler();
      const handler = createXmlRpcHandler({ add }, { scheduler });
      let answer: string | undefined;
      handler.observe(calls(256)).subscribe((xml) => {
        answer = xml;
      });
      expect((readAnswer(answer!) as { result: unknown[] }).result).toHaveLength(256);
      expect(scheduler.scheduled).toBe(0);
    });

    it('cancels the waiting chunk when the answer is unsubscribed (a client hanging up)', () => {
      const scheduler = new ManualScheduler();
      const method = vi.fn(add);
      const handler = createXmlRpcHandler({ add: method }, { scheduler });
      handler.observe(calls(600)).subscribe().unsubscribe();
      expect(scheduler.pending).toBe(0);
      expect(method).toHaveBeenCalledTimes(256);
    });

    it('yields through asyncScheduler by default, which TestScheduler.run virtualizes', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ expectObservable }) => {
        const handler = createXmlRpcHandler({ add });
        const answer$ = handler
          .observe(calls(1000))
          .pipe(map((xml) => (readAnswer(xml) as { result: unknown[] }).result.length));
        expectObservable(answer$).toBe('(r|)', { r: 1000 });
      });
    });

    it('must be a scheduler', () => {
      expect(() => createXmlRpcHandler({ add }, { scheduler: {} as never })).toThrow(
        new TypeError(
          '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as `asapScheduler`), but got an object',
        ),
      );
      expect(() => createXmlRpcHandler({ add }, { scheduler: null as never })).toThrow(
        new TypeError(
          '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as `asapScheduler`), but got null',
        ),
      );
    });
  });

  describe('ordering and concurrency', () => {
    /**
     * Sends `work(name, ms)` calls as one multicall under virtual time, expects the answer at frame
     * `answeredAt`, and returns the log of when each call started and ended.
     */
    function runWork(calls: [string, number][], answeredAt: number, multicallConcurrency?: number): string[] {
      const log: string[] = [];
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ expectObservable }) => {
        const at = () => testScheduler.now();
        const work = (name: string, ms: number) =>
          defer(() => {
            log.push(`${at()} start ${name}`);
            return timer(ms).pipe(
              map(() => {
                log.push(`${at()} end ${name}`);
                return name;
              }),
            );
          });
        const handler = createXmlRpcHandler({ work }, { multicallConcurrency });
        const xml = encodeMethodCall('system.multicall', [
          calls.map(([name, ms]) => ({ methodName: 'work', params: [name, ms] })),
        ]);
        expectObservable(handler.observe(xml).pipe(map(readAnswer))).toBe(`${answeredAt}ms (r|)`, {
          r: { result: calls.map(([name]) => [name]) },
        });
      });
      return log;
    }

    it('runs calls one after the other by default', () => {
      expect(
        runWork(
          [
            ['a', 5],
            ['b', 3],
          ],
          8,
        ),
      ).toEqual(['0 start a', '5 end a', '5 start b', '8 end b']);
    });

    it('runs up to `multicallConcurrency` calls at once, results still in request order', () => {
      expect(
        runWork(
          [
            ['a', 20],
            ['b', 3],
            ['c', 3],
          ],
          20,
          2,
        ),
      ).toEqual(['0 start a', '0 start b', '3 end b', '3 start c', '6 end c', '20 end a']);
    });

    it('handles 5,000 synchronous calls after an asynchronous one without overflowing the stack', async () => {
      const handler = createXmlRpcHandler({ ...methods, slow: () => of('slow').pipe(delay(1)) });
      const calls: XmlRpcParam[] = [{ methodName: 'slow', params: [] }];
      for (let i = 0; i < 5_000; i++) calls.push({ methodName: 'add', params: [i, 1] });
      const answer = await multicall(handler, calls);
      const result = (answer as { result: unknown[] }).result;
      expect(result).toHaveLength(5_001);
      expect(result[0]).toEqual(['slow']);
      expect(result[5_000]).toEqual([5_000]);
    });

    it('unsubscribes the running Observable method when the answer is unsubscribed', () => {
      let active = 0;
      const handler = createXmlRpcHandler({
        hang: () =>
          new Observable(() => {
            active++;
            return () => active--;
          }),
      });
      const xml = encodeMethodCall('system.multicall', [
        [
          { methodName: 'hang', params: [] },
          { methodName: 'hang', params: [] },
        ],
      ]);
      const subscription = handler.observe(xml).subscribe();
      expect(active).toBe(1);
      subscription.unsubscribe();
      expect(active).toBe(0);
    });
  });
});

describe('the `multicall: false` option', () => {
  it('answers system.multicall like a server without it, and leaves it out of system.listMethods', async () => {
    const handler = createXmlRpcHandler(methods, { multicall: false });
    const xml = encodeMethodCall('system.multicall', [[{ methodName: 'add', params: [1, 2] }]]);
    expect(readAnswer(await handler(xml))).toMatchObject({ faultCode: FaultCode.MethodNotFound });
    const listed = readAnswer(await handler(encodeMethodCall('system.listMethods', [])));
    expect(listed).toMatchObject({ result: expect.arrayContaining(['add', 'system.listMethods']) });
    expect((listed as { result: string[] }).result).not.toContain('system.multicall');
  });

  it('must be true or false', () => {
    expect(() => createXmlRpcHandler(methods, { multicall: 'no' as never })).toThrow(
      new TypeError('`multicall` must be true or false, but got "no"'),
    );
  });
});
