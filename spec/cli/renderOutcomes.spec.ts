import { describe, expect, it } from 'vitest';
import { formatValue, renderOutcomes } from '../../src/cli/renderOutcomes.js';
import type { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';

const ok = (label: string, value: XmlRpcValue) => ({
  label,
  outcome: { call: { methodName: label, params: [] }, ok: true as const, value },
});
const failed = (label: string, error: XmlRpcError) => ({
  label,
  outcome: { call: { methodName: label, params: [] }, ok: false as const, error },
});

describe('renderOutcomes', () => {
  it('aligns one line per call, with a sub-table for a list of structs', () => {
    expect(
      renderOutcomes([
        ok('getState', { statecode: 1, statename: 'RUNNING' }),
        failed('getProcessInfo("x")', new XmlRpcFault(10, 'BAD_NAME: x')),
        failed('m', new XmlRpcTransportError('POST http://h/RPC2 failed:\n  HTTP 502')),
        ok('list', [
          { name: 'web', pid: 42 },
          { name: 'worker', pid: 1234, extra: true },
        ]),
        ok('uptime', 12),
      ]),
    ).toEqual([
      'getState             statecode=1  statename=RUNNING',
      'getProcessInfo("x")  FAULT 10: BAD_NAME: x',
      'm                    TRANSPORT ERROR: POST http://h/RPC2 failed: HTTP 502',
      'list',
      '  name    pid   extra',
      '  web     42',
      '  worker  1234  true',
      'uptime               12',
    ]);
  });

  it('shows an empty list, a list of scalars and a mixed list inline', () => {
    expect(renderOutcomes([ok('a', []), ok('b', [1, 'x']), ok('c', [{ x: 1 }, 2])])).toEqual([
      'a  []',
      'b  [1,"x"]',
      'c  [{"x":1},2]',
    ]);
  });

  it('says when a fault answered the whole multicall rather than the call', () => {
    const fault = new XmlRpcFault(1, 'boom').forCall({
      index: 0,
      methodName: 'm',
      batchSize: 2,
      batchLevel: true,
    });
    expect(renderOutcomes([failed('m', fault)])).toEqual([
      'm  FAULT 1 (to the whole system.multicall): boom',
    ]);
  });

  it('shows the chosen columns of each sub-table, in the order given, empty where a struct lacks one', () => {
    const list = ok('list', [
      { name: 'web', pid: 42, statename: 'RUNNING' },
      { name: 'worker', pid: 1234, extra: true },
    ]);
    expect(renderOutcomes([list, ok('state', { statecode: 1 })], ['statename', 'name', 'nosuch'])).toEqual([
      'list',
      '  statename  name    nosuch',
      '  RUNNING    web',
      '             worker',
      'state  statecode=1',
    ]);
  });

  it('renders no rows as no lines', () => {
    expect(renderOutcomes([])).toEqual([]);
  });
});

describe('formatValue', () => {
  it.each<[XmlRpcValue, string]>([
    ['plain text', 'plain text'],
    ['two\nlines', '"two\\nlines"'],
    [null, 'null'],
    [false, 'false'],
    [2.5, '2.5'],
    [2n ** 62n, '{"$i8":"4611686018427387904"}'],
    [new Date(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00Z'],
    [new Uint8Array([1, 2]), '{"$base64":"AQI="}'],
    [{ a: { b: 1 }, c: 'x y' }, 'a={"b":1}  c=x y'],
    [{}, ''],
  ])('shows %o as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});
