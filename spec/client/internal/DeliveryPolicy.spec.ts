import { defer, delay, type Observable, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/client/ClientEvent.js';
import {
  DeliveryPolicy,
  type DeliveryPolicyOptions,
  type Exchange,
} from '../../../src/client/internal/DeliveryPolicy.js';
import type { XmlRpcError } from '../../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../../src/codec/XmlRpcParseError.js';
import { batchFailed, callFailed } from '../../../src/multicall/failedOutcomes.js';
import type { CallOutcome, XmlRpcCall } from '../../../src/multicall/XmlRpcCall.js';
import { XmlRpcProtocolError } from '../../../src/multicall/XmlRpcProtocolError.js';
import { XmlRpcTransportError } from '../../../src/transport/XmlRpcTransportError.js';

/*
 * The delivery policy against a fake exchange: each request is logged (its calls, and the time it
 * left) and answered after 10 frames by `answer`, which sees the calls of the request.
 */

const call = (methodName: string): XmlRpcCall => ({ methodName, params: [] });
const calls = (...names: string[]) => names.map(call);

/** Every call of a request answered with its own name. */
const echoAll = (sent: readonly XmlRpcCall[]): CallOutcome[] =>
  sent.map((c) => ({ call: c, ok: true, value: c.methodName }));

/** A multicall failed as a whole with `error`; single calls answered. */
const multicallFails =
  (error: XmlRpcError) =>
  (sent: readonly XmlRpcCall[]): CallOutcome[] =>
    sent.length > 1 ? batchFailed(sent, error) : echoAll(sent);

interface Setup {
  answer?: (sent: readonly XmlRpcCall[]) => CallOutcome[];
  /** How many of the calls leave: all by default (fewer stands for calls that could not be sent). */
  leaving?: (sent: readonly XmlRpcCall[]) => number;
  options?: Partial<DeliveryPolicyOptions>;
}

function withPolicy(
  setup: Setup,
  body: (helpers: {
    policy: DeliveryPolicy;
    scheduler: TestScheduler;
    requests: Array<{ at: number; methods: string[] }>;
    events: ClientEvent[];
    deliver: (batch: readonly XmlRpcCall[]) => { outcomes: CallOutcome[] };
  }) => void,
): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => {
    const requests: Array<{ at: number; methods: string[] }> = [];
    const events: ClientEvent[] = [];
    const { answer = echoAll, leaving = (sent) => sent.length } = setup;
    const exchange: Exchange = <C extends XmlRpcCall>(sent: readonly C[], sending: (count: number) => void) =>
      defer(() => {
        requests.push({ at: scheduler.now(), methods: sent.map((c) => c.methodName) });
        sending(leaving(sent));
        return of(answer(sent) as CallOutcome<C>[]).pipe(delay(10, scheduler));
      }) as Observable<CallOutcome<C>[]>;
    const policy = new DeliveryPolicy(exchange, {
      fallback: 'auto',
      retrySingly: true,
      emit: (event) => events.push(event),
      scheduler,
      ...setup.options,
    });
    const deliver = (batch: readonly XmlRpcCall[]) => {
      const seen = { outcomes: [] as CallOutcome[] };
      policy.deliver(batch).subscribe((outcomes) => seen.outcomes.push(...outcomes));
      return seen;
    };
    body({ policy, scheduler, requests, events, deliver });
  });
}

describe('DeliveryPolicy', () => {
  describe('the probe', () => {
    it('holds later multicalls until the first is answered; single calls are never held', () => {
      withPolicy({}, ({ scheduler, requests, deliver }) => {
        deliver(calls('a', 'b'));
        deliver(calls('c', 'd'));
        deliver(calls('e'));
        scheduler.flush();
        expect(requests).toEqual([
          { at: 0, methods: ['a', 'b'] },
          { at: 0, methods: ['e'] },
          { at: 10, methods: ['c', 'd'] },
        ]);
      });
    });

    it('learns nothing from a probe that left as one call (the others could not be sent): the next batch probes', () => {
      withPolicy({ leaving: () => 1 }, ({ scheduler, requests, deliver }) => {
        deliver(calls('a', 'b'));
        deliver(calls('c', 'd'));
        deliver(calls('e', 'f'));
        scheduler.flush();
        expect(requests.map((r) => r.at)).toEqual([0, 10, 20]);
      });
    });

    it('never holds with fallback: never (there is nothing to learn)', () => {
      withPolicy({ options: { fallback: 'never' } }, ({ scheduler, requests, deliver }) => {
        deliver(calls('a', 'b'));
        deliver(calls('c', 'd'));
        scheduler.flush();
        expect(requests.map((r) => r.at)).toEqual([0, 0]);
      });
    });

    it('after "no such method", sends every batch, held or later, one call at a time, with one fallback event', () => {
      const refusal = new XmlRpcFault(-32601, 'method "system.multicall" is not supported');
      withPolicy({ answer: multicallFails(refusal) }, ({ scheduler, requests, events, deliver }) => {
        const first = deliver(calls('a', 'b'));
        const held = deliver(calls('c', 'd'));
        scheduler.flush();
        const later = deliver(calls('e', 'f'));
        scheduler.flush();
        expect(requests.map((r) => r.methods)).toEqual([
          ['a', 'b'],
          ['a'],
          ['b'],
          ['c'],
          ['d'],
          ['e'],
          ['f'],
        ]);
        expect([first, held, later].map((seen) => seen.outcomes.map((o) => o.ok && o.value))).toEqual([
          ['a', 'b'],
          ['c', 'd'],
          ['e', 'f'],
        ]);
        expect(events.map((e) => e.type)).toEqual(['fallback']);
      });
    });
  });

  describe('retrySingly', () => {
    const overflow = new XmlRpcFault(1, "<class 'OverflowError'>:int exceeds XML-RPC limits");

    it('re-sends one by one the calls of a multicall faulted as a whole, and reports it', () => {
      withPolicy({ answer: multicallFails(overflow) }, ({ scheduler, requests, events, deliver }) => {
        const seen = deliver(calls('a', 'b', 'c'));
        scheduler.flush();
        expect(requests.map((r) => r.methods)).toEqual([['a', 'b', 'c'], ['a'], ['b'], ['c']]);
        expect(seen.outcomes.map((o) => o.ok && o.value)).toEqual(['a', 'b', 'c']);
        expect(events).toEqual([
          { type: 'batchRetriedSingly', at: 10, size: 3, faultCode: 1, faultString: overflow.faultString },
        ]);
      });
    });

    it('gives every call the fault when turned off', () => {
      withPolicy(
        { answer: multicallFails(overflow), options: { retrySingly: false } },
        ({ scheduler, requests, events, deliver }) => {
          const seen = deliver(calls('a', 'b'));
          scheduler.flush();
          expect(requests).toHaveLength(1);
          expect(seen.outcomes.map((o) => !o.ok && o.error)).toEqual([
            expect.objectContaining({ faultCode: 1, batchLevel: true, index: 0 }),
            expect.objectContaining({ faultCode: 1, batchLevel: true, index: 1 }),
          ]);
          expect(events).toEqual([]);
        },
      );
    });

    it.each<[string, XmlRpcError]>([
      ['a transport error', new XmlRpcTransportError('connection reset')],
      ['a parse error', new XmlRpcParseError('not well-formed', { path: '', text: '<', wellFormed: false })],
      [
        'a protocol error',
        new XmlRpcProtocolError('system.multicall must answer 2 calls with exactly 2 entries'),
      ],
    ])('does not retry %s: the calls may have run, and nothing singles one out', (_, error) => {
      withPolicy(
        { answer: multicallFails(error), options: { fallback: 'never' } },
        ({ scheduler, requests, deliver }) => {
          const seen = deliver(calls('a', 'b'));
          scheduler.flush();
          expect(requests).toHaveLength(1);
          expect(seen.outcomes.every((o) => !o.ok && o.error.batchLevel)).toBe(true);
        },
      );
    });

    it('does not retry "no such method" with fallback: never', () => {
      const refusal = new XmlRpcFault(-32601, 'no such method: system.multicall');
      withPolicy(
        { answer: multicallFails(refusal), options: { fallback: 'never' } },
        ({ scheduler, requests, deliver }) => {
          const seen = deliver(calls('a', 'b'));
          scheduler.flush();
          expect(requests).toHaveLength(1);
          expect(seen.outcomes.map((o) => !o.ok && (o.error as XmlRpcFault).faultString)).toEqual([
            refusal.faultString,
            refusal.faultString,
          ]);
        },
      );
    });

    it("keeps a fault of a single call: it is that call's own answer", () => {
      const own = (sent: readonly XmlRpcCall[]) =>
        sent.map((c, i) => callFailed(c, i, sent.length, overflow));
      withPolicy({ answer: own }, ({ scheduler, requests, deliver }) => {
        const seen = deliver(calls('a'));
        scheduler.flush();
        expect(requests).toHaveLength(1);
        expect(seen.outcomes).toHaveLength(1);
      });
    });
  });
});
