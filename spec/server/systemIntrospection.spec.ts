import { describe, expect, it } from 'vitest';
import { FaultCode } from '../../src/codec/faultCodes.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { describeMethod } from '../../src/server/describeMethod.js';
import { callHandler } from './callHandler.js';

const handler = createXmlRpcHandler({
  add: describeMethod((a: number, b: number) => a + b, {
    help: 'Adds two integers.',
    signatures: [
      ['int', 'int', 'int'],
      ['double', 'double', 'double'],
    ],
  }),
  supervisor: { getState: () => 'RUNNING' },
});

describe('introspection', () => {
  it('system.listMethods lists every method, system ones included, sorted', async () => {
    expect(await callHandler(handler, 'system.listMethods')).toEqual({
      result: [
        'add',
        'supervisor.getState',
        'system.listMethods',
        'system.methodHelp',
        'system.methodSignature',
        'system.multicall',
      ],
    });
  });

  it('system.methodHelp answers the help text, or an empty string when there is none', async () => {
    expect(await callHandler(handler, 'system.methodHelp', ['add'])).toEqual({
      result: 'Adds two integers.',
    });
    expect(await callHandler(handler, 'system.methodHelp', ['supervisor.getState'])).toEqual({ result: '' });
    expect(await callHandler(handler, 'system.methodHelp', ['system.multicall'])).toMatchObject({
      result: expect.stringContaining('[result] or a fault struct'),
    });
  });

  it('system.methodSignature answers the signatures, or "undef" when none are declared', async () => {
    expect(await callHandler(handler, 'system.methodSignature', ['add'])).toEqual({
      result: [
        ['int', 'int', 'int'],
        ['double', 'double', 'double'],
      ],
    });
    expect(await callHandler(handler, 'system.methodSignature', ['supervisor.getState'])).toEqual({
      result: 'undef',
    });
    expect(await callHandler(handler, 'system.methodSignature', ['system.listMethods'])).toEqual({
      result: [['array']],
    });
  });

  it.each(['system.methodHelp', 'system.methodSignature'])(
    '%s answers -32601 for an unknown method',
    async (name) => {
      expect(await callHandler(handler, name, ['nope'])).toEqual({
        faultCode: FaultCode.MethodNotFound,
        faultString: `${name}: method not found: "nope"`,
      });
      expect(await callHandler(handler, name, ['toString'])).toMatchObject({
        faultCode: FaultCode.MethodNotFound,
      });
    },
  );

  it.each<[string, (string | number)[]]>([
    ['system.methodHelp', []],
    ['system.methodHelp', [1]],
    ['system.methodSignature', ['add', 'extra']],
    ['system.listMethods', ['x']],
  ])('%s answers -32602 for params %j', async (name, params) => {
    expect(await callHandler(handler, name, params)).toMatchObject({ faultCode: FaultCode.InvalidParams });
  });
});
