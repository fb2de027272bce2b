import { map } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, it } from 'vitest';
import type { XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { dispatchMulticall } from '../../src/operators/dispatchMulticall.js';
import { memoryTransport } from '../../src/testing/index.js';
import { testHandler } from '../helpers/testHandler.js';

/** The two operators together, as a user would compose them, written with rxjs-marbles. */
describe('batchCalls + dispatchMulticall', () => {
  const calls: Record<string, XmlRpcCall> = {
    a: { methodName: 'echo', params: ['a'] },
    b: { methodName: 'fail', params: ['b'] },
    c: { methodName: 'echo', params: ['c'] },
  };

  it(
    'answers each call of a time window from one request, and flushes the last window on completion',
    marbles((m) => {
      const transport = memoryTransport(testHandler, { scheduler: m.scheduler, latencyMs: 3 });
      const source = m.cold('  -a-b------c|', calls);
      //                        window 1..3 -> request at 3, answered at 6; c flushed at 11, answered at 14
      const expected = '       ------(xy)----(z|)';
      const outcomes = source.pipe(
        batchCalls({ maxWaitMs: 2, scheduler: m.scheduler }),
        dispatchMulticall(transport),
        map((outcome) =>
          outcome.ok
            ? `${outcome.call.params[0]}:${String(outcome.value)}`
            : `${outcome.call.params[0]}:fault`,
        ),
      );
      m.expect(outcomes).toBeObservable(expected, { x: 'a:a', y: 'b:fault', z: 'c:c' });
      m.expect(source).toHaveSubscriptions('^----------!');
    }),
  );
});
