import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorJson, isOwnFault, oneLine } from '../../src/cli/errorJson.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcError } from '../../src/codec/XmlRpcError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../../src/codec/XmlRpcParseError.js';
import { XmlRpcProtocolError } from '../../src/multicall/XmlRpcProtocolError.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';

describe('errorJson', () => {
  it('gives a fault its code, and its fault string as the message, even for a per-call copy', () => {
    const fault = new XmlRpcFault(10, 'BAD_NAME: x').forCall({ index: 2, methodName: 'm', batchSize: 5 });
    expect(errorJson(fault)).toEqual({ type: 'fault', faultCode: 10, message: 'BAD_NAME: x' });
  });

  it('marks a fault to the whole system.multicall request, which no call can take as its own answer', () => {
    const context = { index: 0, methodName: 'm', batchSize: 2 };
    const fault = new XmlRpcFault(1, 'OverflowError').forCall({ ...context, batchLevel: true });
    const json = errorJson(fault);
    expect(json).toEqual({ type: 'fault', faultCode: 1, batchLevel: true, message: 'OverflowError' });
    expect(isOwnFault(json)).toBe(false);
    expect(isOwnFault(errorJson(new XmlRpcFault(1, 'x').forCall(context)))).toBe(true);
    expect(isOwnFault(errorJson(new XmlRpcTransportError('down')))).toBe(false);
  });

  it('gives a transport error its HTTP status when there was one', () => {
    expect(errorJson(new XmlRpcTransportError('down'))).toEqual({ type: 'transport', message: 'down' });
    expect(errorJson(new XmlRpcTransportError('HTTP 401', { status: 401 }))).toEqual({
      type: 'transport',
      status: 401,
      message: 'HTTP 401',
    });
  });

  it('classifies parse, encode, protocol and other errors', () => {
    expect(errorJson(new XmlRpcParseError('bad')).type).toBe('parse');
    expect(errorJson(new XmlRpcEncodeError('U+0000', 'params[0]')).type).toBe('parse');
    expect(errorJson(new XmlRpcProtocolError('3 entries for 2 calls')).type).toBe('protocol');
    expect(errorJson(new XmlRpcError('too large')).type).toBe('protocol');
    expect(errorJson(new Error('?'))).toEqual({ type: 'protocol', message: '?' });
  });
});

describe('oneLine', () => {
  it('turns each line break and the whitespace around it into one space', () => {
    expect(oneLine('POST x failed:\r\n  <html>\n\n   <body>  \n')).toBe('POST x failed: <html> <body> ');
    expect(oneLine('no break  here ')).toBe('no break  here ');
  });

  it('reads as the regular expression it replaces, on any text of spaces, breaks and letters', () => {
    const text = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', 'a', '\u00a0') });
    fc.assert(fc.property(text, (t) => oneLine(t) === t.replace(/\s*[\r\n]+\s*/g, ' ')));
  });

  it('handles a long run of spaces from a server without backtracking over it (quadratic before)', () => {
    const message = `fault:${' '.repeat(400_000)}x\ny`;
    expect(oneLine(message)).toBe(`fault:${' '.repeat(400_000)}x y`);
  });
});
