import { describe, expect, it } from 'vitest';
import { FaultCode } from '../../src/codec/faultCodes.js';
import type { XmlRpcParam } from '../../src/codec/XmlRpcValue.js';
import { asI8 } from '../../src/codec/XmlRpcValue.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { DescribedMethod, describeMethod, type XmlRpcTypeName } from '../../src/server/describeMethod.js';
import { callHandler } from './callHandler.js';

const identity = (value: unknown) => value ?? 'nil';

describe('describeMethod', () => {
  it('keeps the method, help and signatures; help defaults to an empty string', () => {
    const described = describeMethod(identity, { signatures: [['string', 'string']] });
    expect(described).toBeInstanceOf(DescribedMethod);
    expect(described.method).toBe(identity);
    expect(described.help).toBe('');
    expect(described.signatures).toEqual([['string', 'string']]);
  });

  it.each<[unknown, unknown, Error]>([
    ['f', {}, new TypeError('`method` must be a function, but got "f"')],
    [identity, { help: 3 }, new TypeError('`help` must be a string, but got 3')],
    [
      identity,
      { signatures: 'int' },
      new TypeError('`signatures` must be an array of signatures, but got "int"'),
    ],
    [
      identity,
      { signatures: [[]] },
      new TypeError(
        '`signatures[0]` must be a non-empty array [returnType, ...paramTypes], but got an array',
      ),
    ],
    [
      identity,
      { signatures: [['int'], ['int', 'integer']] },
      new TypeError(
        '`signatures[1][1]` must be one of int, i4, i8, double, boolean, string, dateTime.iso8601, base64, struct, array, nil: integer',
      ),
    ],
  ])('throws at creation for bad arguments (%#)', (method, info, error) => {
    expect(() => describeMethod(method as never, info as never)).toThrow(error);
  });

  describe('param types, checked on the decoded value', () => {
    const cases: [XmlRpcTypeName, XmlRpcParam, XmlRpcParam][] = [
      ['int', 2 ** 31 - 1, 2 ** 31],
      ['i4', -(2 ** 31), 1.5],
      ['i8', asI8(2n ** 62n), 'x'],
      ['i8', 2 ** 40, 1.5],
      ['double', 1.5, '1.5'],
      ['double', 3, true],
      ['boolean', false, 0],
      ['string', '', 1],
      ['dateTime.iso8601', new Date(0), '19700101T00:00:00'],
      ['base64', new Uint8Array([1]), 'AQ=='],
      ['struct', { a: 1 }, [1]],
      ['struct', {}, null],
      ['array', [], {}],
      ['nil', null, ''],
    ];
    it.each(cases)('%s accepts one value and refuses another (case %#)', async (type, good, bad) => {
      const handler = createXmlRpcHandler({
        m: describeMethod(identity, { signatures: [['string', type]] }),
      });
      expect(await callHandler(handler, 'm', [good])).toHaveProperty('result');
      expect(await callHandler(handler, 'm', [bad])).toMatchObject({ faultCode: FaultCode.InvalidParams });
    });

    it('names the received types in the fault', async () => {
      const handler = createXmlRpcHandler({ m: describeMethod(identity, { signatures: [['nil']] }) });
      expect(
        await callHandler(handler, 'm', [
          1,
          1.5,
          asI8(2n ** 60n),
          null,
          new Date(0),
          new Uint8Array(),
          [],
          {},
          's',
          true,
        ]),
      ).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString:
          'invalid params for m: expected (), but got (int, double, i8, nil, dateTime.iso8601, base64, array, struct, string, boolean)',
      });
    });
  });
});
