import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { batchFailed, callFailed } from '../../src/multicall/failedOutcomes.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { type CallState, pollState } from '../../src/operators/pollState.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';

const state: XmlRpcCall = { methodName: 'supervisor.getState', params: [] };
const pid: XmlRpcCall = { methodName: 'supervisor.getProcessInfo', params: ['web'] };

const ok = (call: XmlRpcCall, value: XmlRpcValue): CallOutcome => ({ call, ok: true, value });
const refused = (calls: XmlRpcCall[]) => batchFailed(calls, new XmlRpcTransportError('connection refused'));

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('pollState', () => {
  it('keeps the last value while the call fails, and says since when it is stale', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const a = [ok(state, 1)];
      const b = refused([state]);
      const c = refused([state]);
      const d = [ok(state, 2)];
      const rounds = cold(' -a---b---c---d-|', { a, b, c, d });
      const expected = '    -A---B---C---D-|';
      expectObservable(rounds.pipe(pollState({ scheduler }))).toBe(expected, {
        A: [{ outcome: a[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1 }],
        B: [{ outcome: b[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1, staleSince: 5 }],
        C: [{ outcome: c[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1, staleSince: 5 }],
        D: [{ outcome: d[0]!, hasLastValue: true, lastValue: 2, lastGoodAt: 13 }],
      } satisfies Record<string, CallState[]>);
    });
  });

  it('follows each call by its index, a fault making its call stale too', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const fault = callFailed(pid, 1, 2, new XmlRpcFault(10, 'BAD_NAME'));
      const a = [ok(state, 'RUNNING'), ok(pid, 42)];
      const b = [ok(state, 'RUNNING'), fault];
      const rounds = cold(' -a-b-|', { a, b });
      const expected = '    -A-B-|';
      expectObservable(rounds.pipe(pollState({ scheduler }))).toBe(expected, {
        A: [
          { outcome: a[0]!, hasLastValue: true, lastValue: 'RUNNING', lastGoodAt: 1 },
          { outcome: a[1]!, hasLastValue: true, lastValue: 42, lastGoodAt: 1 },
        ],
        B: [
          { outcome: b[0]!, hasLastValue: true, lastValue: 'RUNNING', lastGoodAt: 3 },
          { outcome: fault, hasLastValue: true, lastValue: 42, lastGoodAt: 1, staleSince: 3 },
        ],
      } satisfies Record<string, CallState[]>);
    });
  });

  it('tells a falsy last value from no value at all', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const calls = [0, false, '', null].map(
        (value): XmlRpcCall => ({ methodName: 'echo', params: [value] }),
      );
      const never: XmlRpcCall = { methodName: 'down', params: [] };
      const a = [...calls.map((call) => ok(call, call.params[0] as XmlRpcValue)), ...refused([never])];
      const b = refused([...calls, never]);
      const states = cold('-a-b|', { a, b }).pipe(pollState({ scheduler }));
      expectObservable(states).toBe('-x-y|', {
        x: expect.anything(),
        y: [
          ...calls.map((call, index) => ({
            outcome: b[index],
            hasLastValue: true,
            lastValue: call.params[0],
            lastGoodAt: 1,
            staleSince: 3,
          })),
          { outcome: b[4]!, hasLastValue: false, staleSince: 1 },
        ],
      });
      const seen: CallState[][] = [];
      states.subscribe((round) => seen.push(round));
      scheduler.flush();
      expect(seen[1]?.map((call) => 'lastValue' in call)).toEqual([true, true, true, true, false]);
    });
  });

  it('keeps the state of each subscription apart: a late subscriber starts from nothing', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const a = [ok(state, 1)];
      const b = refused([state]);
      const rounds = hot('-a---b---|', { a, b });
      const states = rounds.pipe(pollState({ scheduler }));
      expectObservable(states).toBe('-A---B---|', {
        A: [{ outcome: a[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1 }],
        B: [{ outcome: b[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1, staleSince: 5 }],
      });
      expectObservable(states, '---^').toBe('-----L---|', {
        L: [{ outcome: b[0]!, hasLastValue: false, staleSince: 5 }],
      });
    });
  });

  it('passes errors and completion through, and unsubscribes from its source', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = [ok(state, 1)];
      const failing = cold('-a-#', { a });
      expectObservable(failing.pipe(pollState({ scheduler }))).toBe('-A-#', {
        A: [{ outcome: a[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1 }],
      });
      const endless = cold('-a-a-a-', { a });
      expectObservable(endless.pipe(pollState({ scheduler })), '^---!').toBe('-A-B', {
        A: [{ outcome: a[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 1 }],
        B: [{ outcome: a[0]!, hasLastValue: true, lastValue: 1, lastGoodAt: 3 }],
      });
      expectSubscriptions(endless.subscriptions).toBe('^---!');
      expectObservable(cold<CallOutcome[]>('|').pipe(pollState({ scheduler }))).toBe('|');
    });
  });

  it('refuses options of the wrong kind at creation', () => {
    expect(() => pollState(5 as never)).toThrow(new TypeError('`options` must be an object, but got 5'));
    expect(() => pollState({ scheduler: {} as never })).toThrow(
      /^`scheduler` must be a scheduler \(an object with `now` and `schedule` methods.*, but got an object$/,
    );
    expect(() => pollState()).not.toThrow();
  });
});
