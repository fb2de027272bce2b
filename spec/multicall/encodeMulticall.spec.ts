import { describe, expect, it } from 'vitest';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { asDouble, asI8 } from '../../src/codec/XmlRpcValue.js';
import {
  encodeCallParts,
  encodeMulticall,
  methodCallDocument,
  multicallDocument,
  multicallEntry,
} from '../../src/multicall/encodeMulticall.js';
import type { XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';

const calls: XmlRpcCall[] = [
  { methodName: 'supervisor.getState', params: [] },
  { methodName: 'supervisor.getProcessInfo', params: ['web <1> & "2"'], id: 7 },
  {
    methodName: 'math.mix',
    params: [asDouble(2), asI8(5), [1, { a: null, b: new Date(0) }], new Uint8Array([1, 2])],
  },
];

describe('encodeMulticall', () => {
  it('encodes each call as a {methodName, params} struct of one system.multicall array, in order', () => {
    const decoded = decodeMethodCall(encodeMulticall(calls));
    expect(decoded).toEqual({
      methodName: 'system.multicall',
      params: [
        [
          { methodName: 'supervisor.getState', params: [] },
          { methodName: 'supervisor.getProcessInfo', params: ['web <1> & "2"'] },
          {
            methodName: 'math.mix',
            params: [2, 5, [1, { a: null, b: new Date(0) }], new Uint8Array([1, 2])],
          },
        ],
      ],
    });
  });

  it('keeps the type wrappers: a forced double and i8 are sent as such', () => {
    const xml = encodeMulticall([calls[2]!]);
    expect(xml).toContain('<double>2.0</double>');
    expect(xml).toContain('<i8>5</i8>');
  });

  it('never writes the self-closed <data/>, even for no calls or no params', () => {
    const empty = encodeMulticall([]);
    const noParams = encodeMulticall([calls[0]!]);
    expect(empty).not.toContain('<data/>');
    expect(noParams).not.toContain('<data/>');
    expect(decodeMethodCall(empty).params).toEqual([[]]);
    expect(decodeMethodCall(noParams).params).toEqual([[{ methodName: 'supervisor.getState', params: [] }]]);
  });

  it('refuses a nested system.multicall, naming where it is', () => {
    const nested = [calls[0]!, { methodName: 'system.multicall', params: [[]] }];
    expect(() => encodeMulticall(nested)).toThrow(XmlRpcEncodeError);
    expect(() => encodeMulticall(nested)).toThrow(
      '`system.multicall` cannot be one of the calls of a batch (servers refuse recursive multicalls); ' +
        'make its calls directly and let the batching combine them at calls[1].methodName',
    );
  });

  it('names the call and the value path of a value XML-RPC cannot carry', () => {
    const bad = [calls[0]!, { methodName: 'set', params: [{ servers: [{ port: Number.NaN }] }] }];
    try {
      encodeMulticall(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(XmlRpcEncodeError);
      expect((error as XmlRpcEncodeError).path).toBe('calls[1].params[0].servers[0].port');
    }
  });

  it('refuses an empty method name and params that are not an array', () => {
    expect(() => encodeMulticall([{ methodName: ' ', params: [] }])).toThrow(
      new XmlRpcEncodeError('the method name must be a non-empty string, but got " "', 'calls[0].methodName'),
    );
    const notArray = { methodName: 'x', params: 'abc' } as unknown as XmlRpcCall;
    expect(() => encodeMulticall([notArray])).toThrow(
      new XmlRpcEncodeError('params must be an array, but got string', 'calls[0].params'),
    );
  });

  it('refuses method names with characters XML cannot carry', () => {
    expect(() => encodeMulticall([{ methodName: 'a\u0000b', params: [] }])).toThrow(XmlRpcEncodeError);
  });
});

describe('encoded call parts', () => {
  it('build the same plain <methodCall> as encodeMethodCall', () => {
    for (const call of calls) {
      expect(methodCallDocument(encodeCallParts(call))).toBe(encodeMethodCall(call.methodName, call.params));
    }
  });

  it('build the same multicall document as encodeMulticall', () => {
    const entries = calls.map((call) => multicallEntry(encodeCallParts(call)));
    expect(multicallDocument(entries)).toBe(encodeMulticall(calls));
  });

  it('use plain-methodCall paths by default', () => {
    expect(() => encodeCallParts({ methodName: 'x', params: [1, Number.POSITIVE_INFINITY] })).toThrow(
      expect.objectContaining({ path: 'params[1]' }),
    );
  });
});
