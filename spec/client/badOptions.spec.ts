import { asapScheduler, EMPTY, NEVER, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createXmlRpcClient, type XmlRpcClientOptions } from '../../src/client/createXmlRpcClient.js';
import type { XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { dispatchMulticall } from '../../src/operators/dispatchMulticall.js';
import { poll, pollOn } from '../../src/operators/poll.js';
import { splitOutcomes } from '../../src/operators/splitOutcomes.js';
import type { Transport } from '../../src/transport/Transport.js';

/*
 * Bad options are refused when the client or operator is created, never at the first call, with a
 * TypeError (wrong kind of value) or RangeError (right kind, out of range) that names the option and
 * shows what was given. The casts stand for callers without TypeScript.
 */

const transport: Transport = () => NEVER;
const calls: XmlRpcCall[] = [{ methodName: 'a', params: [] }];
const client = createXmlRpcClient({ transport });

/** Creates a client from options TypeScript would refuse. */
const create = (options: unknown) => () => createXmlRpcClient(options as XmlRpcClientOptions);

describe('createXmlRpcClient refuses at creation', () => {
  it.each<[string, unknown, Error]>([
    ['no options at all', undefined, new TypeError('`options` must be an object, but got undefined')],
    [
      'no transport',
      {},
      new TypeError('`transport` must be a function returning an Observable, but got undefined'),
    ],
    [
      'a URL for a transport',
      { transport: 'http://127.0.0.1:9001/RPC2' },
      new TypeError(
        '`transport` must be a function returning an Observable, but got "http://127.0.0.1:9001/RPC2"',
      ),
    ],
    [
      'an onEvent that is not a function',
      { transport, onEvent: 'log' },
      new TypeError('`onEvent` must be a function, but got "log"'),
    ],
    [
      'a scheduler without schedule()',
      { transport, scheduler: { now: () => 0 } },
      new TypeError(
        '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as ' +
          '`asapScheduler`), but got an object',
      ),
    ],
    [
      'batch options that are not an object',
      { transport, batch: 10 },
      new TypeError('`batch` must be an object, but got 10'),
    ],
    [
      'a batch size given as a string',
      { transport, batch: { maxBatchSize: '10' } },
      new TypeError('`maxBatchSize` must be a positive integer or Infinity, but got "10"'),
    ],
    [
      'a batch size of 0',
      { transport, batch: { maxBatchSize: 0 } },
      new RangeError('`maxBatchSize` must be a positive integer or Infinity, but got 0'),
    ],
    [
      'a negative batch window',
      { transport, batch: { maxWaitMs: -1 } },
      new RangeError('`maxWaitMs` must be a finite number of at least 0, but got -1'),
    ],
    [
      'a byte limit that is not a number',
      { transport, batch: { maxBatchBytes: null } },
      new TypeError('`maxBatchBytes` must be a positive integer or Infinity, but got null'),
    ],
    [
      'a concurrency of 0',
      { transport, concurrency: 0 },
      new RangeError('`concurrency` must be a positive integer or Infinity, but got 0'),
    ],
    [
      'an unknown fallback',
      { transport, fallback: 'sometimes' },
      new RangeError("`fallback` must be 'auto' or 'never', but got \"sometimes\""),
    ],
    [
      'an unknown multicallResults',
      { transport, multicallResults: 'unwrapped' },
      new RangeError("`multicallResults` must be 'auto', 'wrapped' or 'bare', but got \"unwrapped\""),
    ],
    [
      'retrySingly that is not a boolean',
      { transport, retrySingly: 'yes' },
      new TypeError('`retrySingly` must be true or false, but got "yes"'),
    ],
    [
      'decode options that are not an object',
      { transport, decodeOptions: 'strict' },
      new TypeError('`decodeOptions` must be an object, but got "strict"'),
    ],
    [
      'encode options that are not an object',
      { transport, encodeOptions: [] },
      new TypeError('`encodeOptions` must be an object, but got an array'),
    ],
    [
      'allowNil that is not a boolean',
      { transport, encodeOptions: { allowNil: 'false' } },
      new TypeError('`encodeOptions.allowNil` must be true or false, but got "false"'),
    ],
  ])('%s', (_, options, error) => {
    expect(create(options)).toThrow(error);
    expect(create(options)).toThrow(error.constructor as ErrorConstructor);
  });

  it('refuses multicall() calls that are not an array, when called', () => {
    expect(() => client.multicall('supervisor.getState' as never)).toThrow(
      new TypeError('`calls` must be an array of calls, but got "supervisor.getState"'),
    );
  });

  it('accepts every option left out but the transport, and a real scheduler', () => {
    expect(create({ transport })).not.toThrow();
    expect(create({ transport, scheduler: asapScheduler, onEvent: () => undefined })).not.toThrow();
  });
});

describe('the operators refuse at creation', () => {
  it.each<[string, () => unknown, Error]>([
    [
      'batchCalls with a number',
      () => batchCalls(5 as never),
      new TypeError('`config` must be an object, but got 5'),
    ],
    [
      'batchCalls with a bad scheduler',
      () => batchCalls({ scheduler: 'asap' as never }),
      new TypeError(
        '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as ' +
          '`asapScheduler`), but got "asap"',
      ),
    ],
    [
      'batchCalls with allowNil that is not a boolean',
      () => batchCalls({ encodeOptions: { allowNil: 0 as never } }),
      new TypeError('`encodeOptions.allowNil` must be true or false, but got 0'),
    ],
    [
      'dispatchMulticall without a transport',
      () => dispatchMulticall(undefined as never),
      new TypeError('`transport` must be a function returning an Observable, but got undefined'),
    ],
    [
      'dispatchMulticall with a config that is not an object',
      () => dispatchMulticall(transport, 'bare' as never),
      new TypeError('`config` must be an object, but got "bare"'),
    ],
    [
      'poll without a client',
      () => poll(undefined as never, calls, { everyMs: 1000 }),
      new TypeError(
        '`client` must have a `multicall` method (an XmlRpcClient, for example), but got undefined',
      ),
    ],
    [
      'poll with calls that are not an array',
      () => poll(client, calls[0] as never, { everyMs: 1000 }),
      new TypeError('`calls` must be an array of calls, but got an object'),
    ],
    [
      'poll without its config',
      () => poll(client, calls, undefined as never),
      new TypeError('`config` must be an object, but got undefined'),
    ],
    [
      'poll with a bad scheduler',
      () => poll(client, calls, { everyMs: 1000, scheduler: {} as never }),
      new TypeError(
        '`scheduler` must be a scheduler (an object with `now` and `schedule` methods, such as ' +
          '`asapScheduler`), but got an object',
      ),
    ],
    [
      'poll with a period given as a string',
      () => poll(client, calls, { everyMs: '1000' as never }),
      new TypeError('`everyMs` must be a positive number of milliseconds, but got "1000"'),
    ],
    [
      'pollOn without a client',
      () => pollOn({} as never, calls),
      new TypeError(
        '`client` must have a `multicall` method (an XmlRpcClient, for example), but got an object',
      ),
    ],
    [
      'pollOn with calls that are not an array',
      () => pollOn(client, 'a' as never),
      new TypeError('`calls` must be an array of calls, but got "a"'),
    ],
    [
      'splitOutcomes without an Observable',
      () => splitOutcomes([] as never),
      new TypeError('`outcomes` must be an Observable, but got an array'),
    ],
  ])('%s', (_, act, error) => {
    expect(act).toThrow(error);
    expect(act).toThrow(error.constructor as ErrorConstructor);
  });

  it('accept what they should', () => {
    expect(() => batchCalls()).not.toThrow();
    expect(() => dispatchMulticall(transport)).not.toThrow();
    expect(() => poll(client, calls, { everyMs: 1 })).not.toThrow();
    expect(() => pollOn(client, [])).not.toThrow();
    expect(() => splitOutcomes(of())).not.toThrow();
    expect(() => splitOutcomes(EMPTY)).not.toThrow();
  });
});
