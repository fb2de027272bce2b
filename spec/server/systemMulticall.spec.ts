import { defer, delay, map, Observable, of, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { FaultCode } from '../../src/codec/faultCodes.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { describeMethod } from '../../src/server/describeMethod.js';
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
        faultString: 'system.multicall accepts at most 2 calls per request, but got 3',
      });
      expect(add).toHaveBeenCalledTimes(2);
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

  it('must be a boolean', () => {
    expect(() => createXmlRpcHandler(methods, { multicall: 'no' as never })).toThrow(
      new TypeError('`multicall` must be a boolean: no'),
    );
  });
});
