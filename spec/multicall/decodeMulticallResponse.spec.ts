import fc from 'fast-check';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { encodeFault, encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import type { XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import {
  decodeMulticallResponse,
  type MulticallDecodeOptions,
} from '../../src/multicall/decodeMulticallResponse.js';
import { encodeMulticall } from '../../src/multicall/encodeMulticall.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { XmlRpcProtocolError } from '../../src/multicall/XmlRpcProtocolError.js';
import { bareResults, testHandler } from '../helpers/testHandler.js';

const a: XmlRpcCall = { methodName: 'a', params: [], id: 'first' };
const b: XmlRpcCall = { methodName: 'b', params: [1] };
const c: XmlRpcCall = { methodName: 'c', params: ['x'] };
const calls = [a, b, c];

/** A multicall response whose array holds these entries, written by the real encoder. */
const respond = (...entries: XmlRpcParam[]) => encodeMethodResponse(entries);

/** Sends `sent` to `answer` (a server's handler) as a real multicall request and returns its answer. */
function roundTrip(answer: (requestXml: string) => Observable<string>, sent: readonly XmlRpcCall[]): string {
  let response = '';
  answer(encodeMulticall(sent)).subscribe((body) => {
    response = body;
  });
  return response;
}

/** The error of an outcome that must have failed. */
function errorOf(outcome: CallOutcome | undefined): Error {
  if (outcome === undefined || outcome.ok)
    throw new Error(`expected a failed outcome, got ${String(outcome)}`);
  return outcome.error;
}

/** Asserts the outcomes are for exactly `calls`, the same objects, in order. */
function expectCalls(outcomes: CallOutcome[], expected: readonly XmlRpcCall[] = calls): void {
  expect(outcomes).toHaveLength(expected.length);
  outcomes.forEach((outcome, i) => {
    expect(outcome.call).toBe(expected[i]);
  });
}

describe('decodeMulticallResponse', () => {
  describe('well-formed responses', () => {
    it('gives each call the result in its position, on the very call object', () => {
      const outcomes = decodeMulticallResponse(respond([1], [{ x: 'y' }], [[2, 3]]), calls);
      expectCalls(outcomes);
      expect(outcomes).toEqual([
        { call: a, ok: true, value: 1 },
        { call: b, ok: true, value: { x: 'y' } },
        { call: c, ok: true, value: [2, 3] },
      ]);
    });

    it('fails only the call whose entry is a fault struct, with its own XmlRpcFault', () => {
      const outcomes = decodeMulticallResponse(
        respond([1], { faultCode: 4, faultString: 'nope' }, ['ok']),
        calls,
      );
      expectCalls(outcomes);
      expect(outcomes[0]).toEqual({ call: a, ok: true, value: 1 });
      expect(outcomes[2]).toEqual({ call: c, ok: true, value: 'ok' });
      const fault = errorOf(outcomes[1]);
      expect(fault).toBeInstanceOf(XmlRpcFault);
      expect(fault).toMatchObject({
        faultCode: 4,
        faultString: 'nope',
        index: 1,
        methodName: 'b',
        batchSize: 3,
      });
      expect(fault.message).toBe('b (call 2 of 3): XML-RPC fault 4: nope');
      expect((fault as XmlRpcFault).batchLevel).toBeUndefined();
    });

    it('decodes what the test server answers to encodeMulticall (both sides real)', () => {
      const sent: XmlRpcCall[] = [
        { methodName: 'add', params: [1, 2] },
        { methodName: 'fail', params: [] },
        { methodName: 'echo', params: ['hi'] },
        { methodName: 'missing', params: [] },
      ];
      const response = roundTrip(testHandler.observe, sent);
      const outcomes = decodeMulticallResponse(response, sent);
      expectCalls(outcomes, sent);
      expect(outcomes.map((o) => (o.ok ? o.value : (o.error as XmlRpcFault).faultCode))).toEqual([
        3,
        4,
        ['hi'],
        -32601,
      ]);
    });

    it('answers no calls with no outcomes', () => {
      expect(decodeMulticallResponse(respond(), [])).toEqual([]);
    });
  });

  describe('entries of the wrong shape', () => {
    const wrapped: MulticallDecodeOptions = { multicallResults: 'wrapped' };

    it('fails only the calls whose entry is not [result] nor a fault, with XmlRpcProtocolError', () => {
      const d: XmlRpcCall = { methodName: 'd', params: [] };
      const e: XmlRpcCall = { methodName: 'e', params: [] };
      const five = [a, b, c, d, e];
      const outcomes = decodeMulticallResponse(
        respond([], [1, 2], 7, ['fine'], { faultCode: 'x', faultString: 3 }),
        five,
        wrapped,
      );
      expectCalls(outcomes, five);
      expect(outcomes[3]).toEqual({ call: d, ok: true, value: 'fine' });
      for (const i of [0, 1, 2, 4]) {
        const error = errorOf(outcomes[i]);
        expect(error).toBeInstanceOf(XmlRpcProtocolError);
        expect(error).toMatchObject({ index: i, methodName: five[i]!.methodName, batchSize: 5 });
      }
      expect(errorOf(outcomes[1]).message).toBe(
        'b (call 2 of 5): a system.multicall entry must be [result] (a one-element array) or a ' +
          '{faultCode, faultString} struct, but got [1,2]; if this server returns each result bare, ' +
          "as supervisord does, use `multicallResults: 'bare'`",
      );
      expect(errorOf(outcomes[0]).message).toContain('but got []');
      expect(errorOf(outcomes[2]).message).toContain('but got 7;');
      expect(errorOf(outcomes[4]).message).toContain('but got {"faultCode":"x","faultString":3}');
    });

    it("suggests `multicallResults: 'bare'` for a supervisord-style response read as wrapped", () => {
      const outcomes = decodeMulticallResponse(respond('RUNNING', { statecode: 1 }, true), calls, wrapped);
      expectCalls(outcomes);
      for (const outcome of outcomes) {
        expect(errorOf(outcome).message).toContain("use `multicallResults: 'bare'`");
      }
    });

    it('shortens a long offending value in the message', () => {
      const outcomes = decodeMulticallResponse(respond(['x'], 'y'.repeat(500), [1]), calls, wrapped);
      const message = errorOf(outcomes[1]).message;
      expect(message).toContain(`but got "${'y'.repeat(59)}…;`);
      expect(message.length).toBeLessThan(400);
    });

    it('fails only the call whose entry cannot be decoded, with its XmlRpcParseError', () => {
      const body = respond([1], [2], [3]).replace('<int>2</int>', '<int>two</int>');
      const outcomes = decodeMulticallResponse(body, calls);
      expectCalls(outcomes);
      expect(outcomes[0]).toEqual({ call: a, ok: true, value: 1 });
      expect(outcomes[2]).toEqual({ call: c, ok: true, value: 3 });
      const error = errorOf(outcomes[1]);
      expect(error).toBeInstanceOf(XmlRpcParseError);
      expect(error).toMatchObject({ index: 1, methodName: 'b', batchSize: 3 });
      expect(error.message.startsWith('b (call 2 of 3): ')).toBe(true);
      expect((error as XmlRpcParseError).batchLevel).toBeUndefined();
    });
  });

  describe('responses that break the whole batch', () => {
    it('fails every call when the response is short, never shifting results onto other calls', () => {
      const outcomes = decodeMulticallResponse(respond([1], [2]), calls);
      expectCalls(outcomes);
      outcomes.forEach((outcome, i) => {
        const error = errorOf(outcome);
        expect(error).toBeInstanceOf(XmlRpcProtocolError);
        expect(error).toMatchObject({
          index: i,
          methodName: calls[i]!.methodName,
          batchSize: 3,
          batchLevel: true,
        });
      });
      expect(errorOf(outcomes[0]).message).toBe(
        'a (call 1 of 3): system.multicall must answer 3 calls with exactly 3 entries, but got 2 entries; ' +
          'results are matched to calls by position, so none can be trusted. Methods: a, b, c',
      );
    });

    it('fails every call when the response is long', () => {
      const outcomes = decodeMulticallResponse(respond([1], [2], [3], [4]), calls);
      expectCalls(outcomes);
      expect(outcomes.every((outcome) => !outcome.ok)).toBe(true);
      expect(errorOf(outcomes[2]).message).toContain('with exactly 3 entries, but got 4 entries;');
    });

    it('lists at most 20 methods in a count mismatch', () => {
      const many = Array.from({ length: 25 }, (_, i) => ({ methodName: `m${i}`, params: [] }));
      const outcomes = decodeMulticallResponse(respond([1]), many);
      expect(errorOf(outcomes[0]).message).toMatch(
        /but got 1 entry; .* Methods: m0, m1, .*, m19 and 5 more$/,
      );
    });

    it('fails every call when the result is not an array', () => {
      const outcomes = decodeMulticallResponse(encodeMethodResponse(5), calls);
      expectCalls(outcomes);
      for (const outcome of outcomes) {
        expect(errorOf(outcome)).toBeInstanceOf(XmlRpcProtocolError);
        expect(errorOf(outcome)).toMatchObject({ batchLevel: true });
      }
      expect(errorOf(outcomes[2]).message).toBe(
        'c (call 3 of 3): system.multicall must answer 3 calls with an array of 3 entries, but got 5',
      );
    });

    it('gives every call the fault answered to system.multicall itself, each its own copy', () => {
      const outcomes = decodeMulticallResponse(
        encodeFault(-32601, 'no such method: system.multicall'),
        calls,
      );
      expectCalls(outcomes);
      const errors = outcomes.map(errorOf);
      errors.forEach((error, i) => {
        expect(error).toBeInstanceOf(XmlRpcFault);
        expect(error).toMatchObject({ faultCode: -32601, index: i, batchSize: 3, batchLevel: true });
        expect(error.message).toBe(
          `${calls[i]!.methodName} (call ${i + 1} of 3): XML-RPC fault -32601: no such method: system.multicall`,
        );
      });
      expect(new Set(errors).size).toBe(3);
    });

    it.each([
      ['garbage', 'this is not XML'],
      ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
      ['a truncated body', respond([1], [2], [3]).slice(0, 80)],
      ['an empty body', ''],
    ])('gives every call the parse error of %s', (_name, body) => {
      const outcomes = decodeMulticallResponse(body, calls);
      expectCalls(outcomes);
      outcomes.forEach((outcome, i) => {
        const error = errorOf(outcome);
        expect(error).toBeInstanceOf(XmlRpcParseError);
        expect(error).toMatchObject({ index: i, methodName: calls[i]!.methodName, batchLevel: true });
      });
    });
  });

  describe("multicallResults: 'bare'", () => {
    const bare: MulticallDecodeOptions = { multicallResults: 'bare' };

    it('takes each non-fault entry as the result itself, arrays included', () => {
      const outcomes = decodeMulticallResponse(respond('RUNNING', [1, 2], []), calls, bare);
      expect(outcomes).toEqual([
        { call: a, ok: true, value: 'RUNNING' },
        { call: b, ok: true, value: [1, 2] },
        { call: c, ok: true, value: [] },
      ]);
    });

    it('still reads fault structs as faults, and still checks the count', () => {
      const outcomes = decodeMulticallResponse(
        respond('x', { faultCode: 10, faultString: 'BAD_NAME' }, 1),
        calls,
        bare,
      );
      expect(outcomes[0]).toEqual({ call: a, ok: true, value: 'x' });
      expect(errorOf(outcomes[1])).toMatchObject({ faultCode: 10, faultString: 'BAD_NAME', index: 1 });
      const short = decodeMulticallResponse(respond('x'), calls, bare);
      expect(short.every((outcome) => !outcome.ok && outcome.error instanceof XmlRpcProtocolError)).toBe(
        true,
      );
    });

    it('decodes a supervisord-style server through the test server', () => {
      const sent = [
        { methodName: 'echo', params: [1] },
        { methodName: 'fail', params: [] },
      ];
      const response = roundTrip(bareResults(testHandler), sent);
      const outcomes = decodeMulticallResponse(response, sent, bare);
      expect(outcomes[0]).toEqual({ call: sent[0], ok: true, value: [1] });
      expect(errorOf(outcomes[1])).toBeInstanceOf(XmlRpcFault);
      // Read as wrapped (or by 'auto', as every success entry is a one-element array), the same
      // response would misread `[1]` as the result 1: the option matters.
      for (const multicallResults of ['wrapped', 'auto'] as const) {
        expect(decodeMulticallResponse(response, sent, { multicallResults })[0]).toEqual({
          call: sent[0],
          ok: true,
          value: 1,
        });
      }
    });
  });

  describe("multicallResults: 'auto' (the default)", () => {
    it('reads a response whose every success entry is [result] as wrapped; faults and undecodable entries do not count', () => {
      const body = respond([1], { faultCode: 4, faultString: 'no' }, [[2, 3]]).replace(
        '<int>1</int>',
        '<int>one</int>',
      );
      const outcomes = decodeMulticallResponse(body, calls);
      expect(errorOf(outcomes[0])).toBeInstanceOf(XmlRpcParseError);
      expect(errorOf(outcomes[1])).toBeInstanceOf(XmlRpcFault);
      expect(outcomes[2]).toEqual({ call: c, ok: true, value: [2, 3] });
    });

    it('reads the whole response bare as soon as one success entry is not a one-element array', () => {
      const outcomes = decodeMulticallResponse(respond(['a'], 'RUNNING', [[1]]), calls);
      expect(outcomes).toEqual([
        { call: a, ok: true, value: ['a'] },
        { call: b, ok: true, value: 'RUNNING' },
        { call: c, ok: true, value: [[1]] },
      ]);
    });

    it("decodes supervisord's bare answers right, a one-element-array result next to others included", () => {
      // system.methodSignature answers a list of signatures: here one, so a one-element array.
      const signature = [['string', 'string']];
      const state = { statecode: 1, statename: 'RUNNING' };
      const sent = [
        { methodName: 'system.methodSignature', params: ['supervisor.getState'] },
        { methodName: 'supervisor.getState', params: [] },
        { methodName: 'supervisor.getProcessInfo', params: ['nope'] },
      ];
      const body = respond(signature, state, { faultCode: 10, faultString: 'BAD_NAME: nope' });
      const outcomes = decodeMulticallResponse(body, sent);
      expect(outcomes[0]).toEqual({ call: sent[0], ok: true, value: signature });
      expect(outcomes[1]).toEqual({ call: sent[1], ok: true, value: state });
      expect(errorOf(outcomes[2])).toMatchObject({ faultCode: 10 });
      // 'wrapped' refuses the bare entry (with the hint) and would misread the signature.
      const strict = decodeMulticallResponse(body, sent, { multicallResults: 'wrapped' });
      expect(strict[0]).toEqual({ call: sent[0], ok: true, value: ['string', 'string'] });
      expect(errorOf(strict[1])).toBeInstanceOf(XmlRpcProtocolError);
    });

    it('reads the one ambiguous response, every success a one-element array, as wrapped', () => {
      // From supervisord, these would be the arrays [1] and ["x"]: only 'bare' says so.
      const body = respond([1], ['x']);
      expect(decodeMulticallResponse(body, [a, b]).map((o) => o.ok && o.value)).toEqual([1, 'x']);
      expect(
        decodeMulticallResponse(body, [a, b], { multicallResults: 'bare' }).map((o) => o.ok && o.value),
      ).toEqual([[1], ['x']]);
    });

    it('decodes a supervisord-style server through the test server without being told', () => {
      const sent = [
        { methodName: 'echo', params: [1, 2] },
        { methodName: 'add', params: [2, 3] },
        { methodName: 'fail', params: [] },
      ];
      const outcomes = decodeMulticallResponse(roundTrip(bareResults(testHandler), sent), sent);
      expect(outcomes[0]).toEqual({ call: sent[0], ok: true, value: [1, 2] });
      expect(outcomes[1]).toEqual({ call: sent[1], ok: true, value: 5 });
      expect(errorOf(outcomes[2])).toBeInstanceOf(XmlRpcFault);
    });

    it('property: a response is read one way as a whole, the only way its success entries allow', () => {
      const value = fc.oneof(
        fc.integer(),
        fc.string({ maxLength: 4 }),
        fc.boolean(),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.array(fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }), { maxLength: 2 }),
        fc.dictionary(fc.constantFrom('x', 'y'), fc.integer()),
      );
      const entry = fc.oneof(
        { weight: 4, arbitrary: value.map((result) => ({ ok: true as const, result })) },
        { weight: 1, arbitrary: fc.integer().map((faultCode) => ({ ok: false as const, faultCode })) },
      );
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 8 }), fc.boolean(), (results, wrappedServer) => {
          const sent = results.map((_, i) => ({ methodName: `m${i}`, params: [] }));
          const body = respond(
            ...results.map((r) =>
              r.ok ? (wrappedServer ? [r.result] : r.result) : { faultCode: r.faultCode, faultString: 'f' },
            ),
          );
          const outcomes = decodeMulticallResponse(body, sent);
          const successes = results.flatMap((r) => (r.ok ? [r.result] : []));
          const ambiguous = successes.every((result) => Array.isArray(result) && result.length === 1);
          results.forEach((r, i) => {
            const outcome = outcomes[i]!;
            expect(outcome.call).toBe(sent[i]);
            if (!r.ok) {
              expect(errorOf(outcome)).toMatchObject({ faultCode: r.faultCode });
              return;
            }
            // A wrapped server is always read right; a bare one too, but for the ambiguous case.
            const expected = wrappedServer || !ambiguous ? r.result : (r.result as XmlRpcParam[])[0];
            expect(outcome).toEqual({ call: sent[i], ok: true, value: expected });
          });
          // Never two readings: the outcomes are those of 'wrapped' if it reads every entry, else 'bare'.
          const strict = decodeMulticallResponse(body, sent, { multicallResults: 'wrapped' });
          const strictReadsAll = strict.every((o) => o.ok || !(o.error instanceof XmlRpcProtocolError));
          const whole = strictReadsAll
            ? strict
            : decodeMulticallResponse(body, sent, { multicallResults: 'bare' });
          expect(outcomes).toEqual(whole);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('options', () => {
    it('rejects an unknown multicallResults value and bad decode limits', () => {
      const wrong = { multicallResults: 'unwrapped' } as unknown as MulticallDecodeOptions;
      expect(() => decodeMulticallResponse(respond(), [], wrong)).toThrow(
        new RangeError("`multicallResults` must be 'auto', 'wrapped' or 'bare', but got \"unwrapped\""),
      );
      expect(() => decodeMulticallResponse(respond(), [], { maxDepth: 0 })).toThrow(RangeError);
    });

    it('applies decode limits to the response', () => {
      const outcomes = decodeMulticallResponse(respond([1], [2], [3]), calls, { maxLength: 20 });
      expect(outcomes.every((outcome) => !outcome.ok && outcome.error instanceof XmlRpcParseError)).toBe(
        true,
      );
    });
  });
});
