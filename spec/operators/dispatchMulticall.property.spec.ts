import fc from 'fast-check';
import { map, merge, tap, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type DecodedMethodCall, decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { decodeMethodResponse } from '../../src/codec/decodeMethodResponse.js';
import { encodeFault, encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import type { XmlRpcParam, XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import type { MulticallResults } from '../../src/multicall/decodeMulticallResponse.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { batchCalls } from '../../src/operators/batchCalls.js';
import { dispatchMulticall } from '../../src/operators/dispatchMulticall.js';
import { memoryTransport } from '../../src/testing/index.js';
import type { Transport } from '../../src/transport/Transport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { testHandler } from '../helpers/testHandler.js';

/*
 * Whatever the server does to a response, every call gets exactly one outcome, and a success is
 * only ever the call's own result. Each `echo` call carries a unique token, and echo answers its
 * params (two of them, so even a bare result cannot pass for a wrapped one).
 */

/** What a call asks for: a working echo, or one of the ways a call fails on its own. */
type CallKind = 'echo' | 'fault' | 'missing' | 'unencodable' | 'nested';

/** What the network or server does to one response. */
type Corruption =
  | 'none'
  | 'truncate'
  | 'garbage'
  | 'fault'
  | 'transportError'
  | 'dropEntry'
  | 'extraEntry'
  | 'brokenEntry'
  | 'wrongShape'
  | 'unwrap';

const KINDS: readonly CallKind[] = ['echo', 'echo', 'echo', 'fault', 'missing', 'unencodable', 'nested'];
const CORRUPTIONS: readonly Corruption[] = [
  'none',
  'truncate',
  'garbage',
  'fault',
  'transportError',
  'dropEntry',
  'extraEntry',
  'brokenEntry',
  'wrongShape',
  'unwrap',
];

function makeCall(kind: CallKind, index: number): XmlRpcCall {
  const token = `call-${index}`;
  switch (kind) {
    case 'echo':
      return { methodName: 'echo', params: [token, index] };
    case 'fault':
      return { methodName: 'fail', params: [token] };
    case 'missing':
      return { methodName: 'no.such.method', params: [token] };
    case 'unencodable':
      return { methodName: 'echo', params: [token, Number.NaN] };
    case 'nested':
      return { methodName: 'system.multicall', params: [[]] };
  }
}

/** Marks an entry to be replaced by XML that does not decode. */
const BROKEN = '__broken_entry__';

/** Applies a corruption to a response body; `pick` is a random number for positions. */
function corrupt(body: string, request: DecodedMethodCall, corruption: Corruption, pick: number): string {
  const entries =
    request.methodName === 'system.multicall' ? (decodeMethodResponse(body) as XmlRpcValue[]) : null;
  const at = entries ? pick % entries.length : 0;
  const rebuilt = (values: XmlRpcParam[]) => encodeMethodResponse(values);
  switch (corruption) {
    case 'truncate':
      return body.slice(0, Math.floor((body.length * (pick % 100)) / 100));
    case 'garbage':
      return '<html><body>502 Bad Gateway</body></html>';
    case 'fault':
      return encodeFault(-32601, 'method not found: system.multicall');
    case 'dropEntry':
      return entries && entries.length > 0 ? rebuilt(entries.filter((_, i) => i !== at)) : body.slice(0, 10);
    case 'extraEntry':
      return entries ? rebuilt([...entries, ['extra']]) : body.slice(0, 10);
    case 'brokenEntry':
      if (!entries || entries.length === 0) return body.slice(0, 10);
      return rebuilt(entries.map((entry, i) => (i === at ? BROKEN : entry))).replace(
        `<value><string>${BROKEN}</string></value>`,
        '<value><int>not a number</int></value>',
      );
    case 'wrongShape':
      if (!entries || entries.length === 0) return body.slice(0, 10);
      return rebuilt(entries.map((entry, i) => (i === at ? [[1, 2], [], 7][pick % 3]! : entry)));
    case 'unwrap':
      return entries
        ? rebuilt(entries.map((entry) => (Array.isArray(entry) && entry.length === 1 ? entry[0]! : entry)))
        : body;
    default:
      return body;
  }
}

interface Scenario {
  kinds: CallKind[];
  arrivals: number[];
  corruptions: Corruption[];
  picks: number[];
  latencies: number[];
  maxBatchSize: number;
  maxWaitMs: number;
  maxBatchBytes: number | undefined;
  concurrency: number;
  multicallResults: MulticallResults;
}

const scenarios = fc
  .record({
    kinds: fc.array(fc.constantFrom(...KINDS), { maxLength: 30 }),
    arrivals: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 30, maxLength: 30 }),
    corruptions: fc.array(fc.constantFrom(...CORRUPTIONS), { minLength: 1, maxLength: 8 }),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    latencies: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 8 }),
    maxBatchSize: fc.integer({ min: 1, max: 12 }),
    maxWaitMs: fc.integer({ min: 0, max: 4 }),
    maxBatchBytes: fc.option(fc.integer({ min: 100, max: 2000 }), { nil: undefined }),
    concurrency: fc.integer({ min: 1, max: 4 }),
    multicallResults: fc.constantFrom<MulticallResults>('auto', 'wrapped'),
  })
  .map((scenario): Scenario => scenario);

/** What one run saw: the calls, the batches they were grouped in, and the outcomes in arrival order. */
interface Run {
  calls: XmlRpcCall[];
  batches: XmlRpcCall[][];
  outcomes: CallOutcome[];
  failure?: unknown;
}

/** Runs the calls through batchCalls and dispatchMulticall against a corrupting server, in virtual time. */
function run(scenario: Scenario): Run {
  const scheduler = new TestScheduler(() => {});
  const calls = scenario.kinds.map(makeCall);
  let requestCount = 0;
  const cycle = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
  const server = memoryTransport(testHandler, {
    scheduler,
    latencyMs: () => cycle(scenario.latencies, requestCount),
  });
  const transport: Transport = (request) => {
    requestCount++;
    const corruption = cycle(scenario.corruptions, requestCount);
    if (corruption === 'transportError') {
      return throwError(() => new XmlRpcTransportError('connection reset'));
    }
    const pick = cycle(scenario.picks, requestCount);
    return server(request).pipe(
      map((body) => corrupt(body, decodeMethodCall(request.body), corruption, pick)),
    );
  };
  const batches: XmlRpcCall[][] = [];
  const outcomes: CallOutcome[] = [];
  let failure: unknown;
  merge(...calls.map((call, i) => timer(scenario.arrivals[i]!, scheduler).pipe(map(() => call))))
    .pipe(
      batchCalls({
        maxBatchSize: scenario.maxBatchSize,
        maxWaitMs: scenario.maxWaitMs,
        maxBatchBytes: scenario.maxBatchBytes,
        scheduler,
      }),
      tap((batch) => batches.push(batch)),
      dispatchMulticall(transport, {
        concurrency: scenario.concurrency,
        maxBatchBytes: scenario.maxBatchBytes,
        multicallResults: scenario.multicallResults,
      }),
    )
    .subscribe({
      next: (outcome) => outcomes.push(outcome),
      error: (error: unknown) => {
        failure = error;
      },
    });
  scheduler.flush();
  return { calls, batches, outcomes, failure };
}

/** Orders calls as they stand in `calls`. */
function byIndexIn(calls: readonly XmlRpcCall[]): (a: XmlRpcCall, b: XmlRpcCall) => number {
  return (a, b) => calls.indexOf(a) - calls.indexOf(b);
}

describe('batchCalls + dispatchMulticall (property)', () => {
  it('gives every call exactly one outcome, and a success is only ever its own result', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const { calls, outcomes, failure } = run(scenario);
        expect(failure).toBeUndefined();
        expect(outcomes).toHaveLength(calls.length);
        const seen = new Map<XmlRpcCall, number>();
        for (const outcome of outcomes) seen.set(outcome.call, (seen.get(outcome.call) ?? 0) + 1);
        for (const call of calls) expect(seen.get(call)).toBe(1);
        for (const outcome of outcomes) {
          if (!outcome.ok) {
            expect(outcome.error).toBeInstanceOf(Error);
            continue;
          }
          const { call } = outcome;
          if (scenario.multicallResults === 'wrapped') {
            expect(call.methodName).toBe('echo');
            expect(outcome.value).toEqual(call.params); // echo answers its own params, token included
            continue;
          }
          // 'auto' reads a wrapped response with a broken entry bare, as a whole: the results keep
          // their wrapping array, and whatever stands in a call's position (the broken entry) is read
          // as that call's result. It is never another call's.
          const tokens = JSON.stringify(outcome.value).match(/call-\d+/g) ?? [];
          expect(tokens.filter((token) => token !== call.params[0])).toEqual([]);
          if (tokens.length > 0) expect([call.params, [call.params]]).toContainEqual(outcome.value);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('without corruption, every call gets one outcome, in its batch order: echo calls succeed, the others fail', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const clean = { ...scenario, corruptions: ['none' as const], maxBatchBytes: undefined };
        const { calls, batches, outcomes, failure } = run(clean);
        expect(failure).toBeUndefined();
        const kindOf = new Map(calls.map((call, i) => [call, scenario.kinds[i]]));
        // The calls that go out, in a batch's order; the others fail before it is sent.
        const sent = (call: XmlRpcCall) => !['unencodable', 'nested'].includes(kindOf.get(call)!);
        for (const batch of batches) {
          const answered = outcomes.filter((outcome) => batch.includes(outcome.call)).map((o) => o.call);
          expect(answered.filter(sent)).toEqual(batch.filter(sent));
          expect(answered.filter((call) => !sent(call))).toEqual(batch.filter((call) => !sent(call)));
        }
        expect(outcomes.map((outcome) => outcome.call).sort(byIndexIn(calls))).toEqual(calls);
        for (const outcome of outcomes) expect(outcome.ok).toBe(kindOf.get(outcome.call) === 'echo');
      }),
      { numRuns: 100 },
    );
  });
});
