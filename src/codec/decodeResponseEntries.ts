import { type DecodeOptions, type NormalizedDecodeOptions, normalizeDecodeOptions } from './codecOptions.js';
import { decodeAt, EnvelopeReader, toParseError } from './internal/EnvelopeReader.js';
import { prepareDocument } from './internal/prepareDocument.js';
import { isFaultStruct } from './isFaultStruct.js';
import { XmlRpcFault } from './XmlRpcFault.js';
import { XmlRpcParseError } from './XmlRpcParseError.js';
import type { XmlRpcValue } from './XmlRpcValue.js';

/**
 * A `<methodResponse>` read for `system.multicall`: when its param is an array, each entry is decoded
 * on its own, so a malformed entry becomes an `XmlRpcParseError` in its slot and spares the others.
 */
export type ResponseEntries =
  | { readonly kind: 'array'; readonly entries: Array<XmlRpcValue | XmlRpcParseError> }
  | { readonly kind: 'value'; readonly value: XmlRpcValue };

const PARAM = 'methodResponse/params/param';
const FAULT = 'methodResponse/fault';

/**
 * Decodes a `<methodResponse>` entry by entry (one small parse tree at a time, never the whole
 * document). Throws `XmlRpcFault` for a fault response and `XmlRpcParseError` when the document
 * itself is malformed (not well-formed, wrong envelope, over a limit).
 */
export function decodeResponseEntries(xml: string, options?: DecodeOptions): ResponseEntries {
  const normalized = normalizeDecodeOptions(options);
  const reader = new EnvelopeReader(prepareDocument(xml, normalized), normalized);
  reader.open('methodResponse', 'methodResponse');
  reader.skip('methodResponse');
  const body = reader.peek();
  if (body === 'fault') throw readFault(reader);
  if (body !== 'params') {
    throw new XmlRpcParseError(
      body === undefined ? 'methodResponse is empty' : `unexpected element <${body}>`,
      {
        path: 'methodResponse',
      },
    );
  }
  if (!reader.open('params', 'methodResponse/params')) {
    throw new XmlRpcParseError('methodResponse has no param', { path: 'methodResponse/params' });
  }
  reader.skip('methodResponse/params');
  if (reader.peek() !== 'param') {
    throw new XmlRpcParseError('methodResponse has no param', { path: 'methodResponse/params' });
  }
  reader.open('param', PARAM);
  reader.skip(PARAM);
  const result = readParam(reader, normalized);
  reader.close(PARAM);
  reader.skip('methodResponse/params');
  if (reader.peek() === 'param') {
    throw new XmlRpcParseError('methodResponse has more than one param', {
      path: 'methodResponse/params/param[2]',
    });
  }
  reader.close('methodResponse/params');
  reader.close('methodResponse');
  return result;
}

/** The single param: streamed entry by entry when it is an array. */
function readParam(reader: EnvelopeReader, options: NormalizedDecodeOptions): ResponseEntries {
  const path = `${PARAM}/value`;
  if (!reader.enterArray(path)) {
    const value = reader.value(path, 0);
    // An array read whole (`<data/>`, a comment before `<array>`) is still an array of entries.
    return Array.isArray(value) ? { kind: 'array', entries: value } : { kind: 'value', value };
  }
  const data = `${path}/array/data`;
  const entries: Array<XmlRpcValue | XmlRpcParseError> = [];
  for (;;) {
    reader.skip(data);
    const name = reader.peek();
    if (name === undefined) break;
    const entryPath = `${data}/value[${entries.length + 1}]`;
    const node = reader.node();
    try {
      if (name !== 'value')
        throw new XmlRpcParseError(`<data> may hold only <value>, not <${name}>`, { path: entryPath });
      entries.push(decodeAt(node, options, entryPath, 1));
    } catch (error) {
      if (!(error instanceof XmlRpcParseError)) throw toParseError(error, entryPath);
      entries.push(error);
    }
  }
  reader.close(data);
  reader.close(`${path}/array`);
  reader.close(path);
  return { kind: 'array', entries };
}

/** The `XmlRpcFault` a `<fault>` response carries; a fault of the wrong shape is a parse error. */
function readFault(reader: EnvelopeReader): XmlRpcFault {
  reader.open('fault', FAULT);
  reader.skip(FAULT);
  const fault = reader.value(`${FAULT}/value`, 0);
  reader.close(FAULT);
  reader.skip('methodResponse');
  const extra = reader.peek();
  if (extra !== undefined)
    throw new XmlRpcParseError(`unexpected element <${extra}> after <fault>`, { path: 'methodResponse' });
  reader.close('methodResponse');
  if (!isFaultStruct(fault)) {
    throw new XmlRpcParseError('fault must be a struct with an int faultCode and a string faultString', {
      path: `${FAULT}/value`,
    });
  }
  return new XmlRpcFault(fault.faultCode, fault.faultString);
}
