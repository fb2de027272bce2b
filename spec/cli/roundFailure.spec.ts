import { describe, expect, it } from 'vitest';
import { roundFailure } from '../../src/cli/roundFailure.js';
import type { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { CallOutcome } from '../../src/multicall/XmlRpcCall.js';
import { XmlRpcProtocolError } from '../../src/multicall/XmlRpcProtocolError.js';

const call = { methodName: 'm', params: [] };
const ok: CallOutcome = { call, ok: true, value: 1 };
const failed = (error: XmlRpcError): CallOutcome => ({ call, ok: false, error });
const fault = failed(new XmlRpcFault(10, 'BAD_NAME'));
const wholeMulticallFault = failed(
  new XmlRpcFault(1, 'OverflowError').forCall({ index: 0, methodName: 'm', batchSize: 2, batchLevel: true }),
);

describe('roundFailure', () => {
  it('passes a round where some call was answered and none got an error', () => {
    expect(roundFailure(1, [ok])).toBeUndefined();
    expect(roundFailure(4, [ok, fault, ok])).toBeUndefined();
  });

  it.each<[string, CallOutcome[], string]>([
    [
      'an error beside answers',
      [ok, failed(new XmlRpcProtocolError('x'))],
      '1 of 2 calls ok, 0 faults, 1 errors',
    ],
    ['a fault to the whole multicall', [ok, wholeMulticallFault], '1 of 2 calls ok, 0 faults, 1 errors'],
    ['only faults', [fault, fault], '0 of 2 calls ok, 2 faults, 0 errors'],
    ['no calls answered at all', [], '0 of 0 calls ok, 0 faults, 0 errors'],
  ])('fails a round with %s', (_, outcomes, counts) => {
    expect(roundFailure(3, outcomes)).toBe(`round 3 failed: ${counts}`);
  });

  it('fails when no round was answered', () => {
    expect(roundFailure(0, undefined)).toBe('stopped before any round was answered');
  });
});
