import type { TNode } from 'txml/txml';
import { type DecodeOptions, type NormalizedDecodeOptions, normalizeDecodeOptions } from './codecOptions.js';
import { findTextFault, textOf } from './decodeValue.js';
import { decodeAt, EnvelopeReader, toParseError } from './internal/EnvelopeReader.js';
import { notWellFormedFirst, prepareDocument } from './internal/prepareDocument.js';
import { isFaultStruct } from './isFaultStruct.js';
import { XmlRpcFault } from './XmlRpcFault.js';
import { XmlRpcParseError } from './XmlRpcParseError.js';
import type { XmlRpcValue } from './XmlRpcValue.js';
import { skipXmlWhitespace } from './xmlText.js';

/**
 * A `<methodResponse>` read for `system.multicall`: when its param is an array, each entry is decoded
 * on its own, so a malformed entry becomes an `XmlRpcParseError` in its slot and spares the others.
 */
export type ResponseEntries =
  | { readonly kind: 'array'; readonly entries: Array<XmlRpcValue | XmlRpcParseError> }
  | { readonly kind: 'value'; readonly value: XmlRpcValue };

const PARAM = 'methodResponse/params/param';
/**
 * Documents up to this length have their array entries (of a multicall response here, of a multicall
 * request in the server) parsed by one txml call: a tree of at most a few MB, and one call instead of
 * one per entry, whose set-up cost dominates entries of a few hundred bytes (reading them one by one
 * made small multicalls about 40% slower). Longer documents are read entry by entry, which bounds
 * memory whatever the size.
 */
export const WHOLE_TREE_MAX_LENGTH = 256 * 1024;
const FAULT = 'methodResponse/fault';

/**
 * Decodes a `<methodResponse>` entry by entry (one small parse tree at a time, never the whole
 * document). Throws `XmlRpcFault` for a fault response and `XmlRpcParseError` when the document
 * itself is malformed (not well-formed, wrong envelope, over a limit).
 *
 * `wholeTreeMaxLength` is for tests, which read one document both ways (`Infinity`: one txml call
 * for the array; `0`: entry by entry) and expect the same answer.
 */
export function decodeResponseEntries(
  xml: string,
  options?: DecodeOptions,
  wholeTreeMaxLength = WHOLE_TREE_MAX_LENGTH,
): ResponseEntries {
  const normalized = normalizeDecodeOptions(options);
  try {
    return readResponse(xml, normalized, xml.length <= wholeTreeMaxLength);
  } catch (error) {
    throw notWellFormedFirst(error, xml, normalized);
  }
}

/** The body of `decodeResponseEntries`; `small` reads an array param with one txml call. */
function readResponse(xml: string, normalized: NormalizedDecodeOptions, small: boolean): ResponseEntries {
  const reader = new EnvelopeReader(prepareDocument(xml, normalized), normalized);
  reader.open('methodResponse', 'methodResponse');
  reader.skip('methodResponse');
  const body = reader.peek();
  if (body === 'fault') throw readFault(reader, normalized);
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
  const result = readParam(reader, normalized, small);
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
function readParam(
  reader: EnvelopeReader,
  options: NormalizedDecodeOptions,
  small: boolean,
): ResponseEntries {
  const path = `${PARAM}/value`;
  if (!reader.enterArray(path)) {
    const value = reader.value(path, 0);
    // An array read whole (`<data/>`, a comment before `<array>`) is still an array of entries.
    return Array.isArray(value) ? { kind: 'array', entries: value } : { kind: 'value', value };
  }
  const data = `${path}/array/data`;
  const entries: Array<XmlRpcValue | XmlRpcParseError> = [];
  if (small) {
    // One txml call for the whole list: its set-up cost dominates entries of a few hundred bytes.
    for (const child of reader.node().children) {
      if (typeof child !== 'string') {
        entries.push(decodeEntry(child, entries.length, data, options));
        continue;
      }
      // Quoted from its first character that is not whitespace, as `EnvelopeReader.skip` quotes it.
      const text = skipXmlWhitespace(child, 0);
      if (text < child.length)
        throw new XmlRpcParseError('unexpected text', { path: data, text: child.slice(text) });
    }
  } else {
    // Entry by entry, so only one entry's tree is alive at a time.
    reader.open('data', data);
    for (;;) {
      reader.skip(data);
      if (reader.peek() === undefined) break;
      entries.push(decodeEntry(reader.node(), entries.length, data, options));
    }
    reader.close(data);
  }
  reader.close(`${path}/array`);
  reader.close(path);
  return { kind: 'array', entries };
}

/** Entry `index` of the array, or the parse error that spoils it alone. */
function decodeEntry(
  node: TNode,
  index: number,
  data: string,
  options: NormalizedDecodeOptions,
): XmlRpcValue | XmlRpcParseError {
  const entryPath = `${data}/value[${index + 1}]`;
  try {
    if (node.tagName !== 'value') {
      throw new XmlRpcParseError(`<data> may hold only <value>, not <${node.tagName}>`, { path: entryPath });
    }
    return decodeAt(node, options, entryPath, 1);
  } catch (error) {
    if (!(error instanceof XmlRpcParseError)) throw toParseError(error, entryPath);
    // Not valid XML-RPC, and maybe not even well-formed further on: the breach of XML is the answer.
    const fault = error.wellFormed ? findTextFault(node) : undefined;
    return fault === undefined ? error : (toParseError(fault, entryPath) as XmlRpcParseError);
  }
}

/** The spec's `<int>` for `faultCode`; a `<double>` or `<string>` that decodes to an integer is not one. */
const INT_TYPES: ReadonlySet<string> = new Set(['int', 'i4']);

/**
 * The type element of struct member `name` in a `<value><struct>` tree (`undefined` for an untyped
 * string), found as the struct decoder finds members: names decoded, the last of a repeated name.
 */
function memberType(value: TNode, name: string): string | undefined {
  const struct = value.children.find((child): child is TNode => typeof child !== 'string');
  let type: string | undefined;
  for (const member of struct?.children ?? []) {
    if (typeof member === 'string') continue;
    const [nameNode, valueNode] = member.children.filter(
      (child): child is TNode => typeof child !== 'string',
    );
    if (nameNode === undefined || textOf(nameNode.children) !== name) continue;
    type = valueNode?.children.find((child): child is TNode => typeof child !== 'string')?.tagName;
  }
  return type;
}

/** The `XmlRpcFault` a `<fault>` response carries; a fault of the wrong shape is a parse error. */
function readFault(reader: EnvelopeReader, options: NormalizedDecodeOptions): XmlRpcFault {
  reader.open('fault', FAULT);
  reader.skip(FAULT);
  if (reader.peek() !== 'value') reader.open('value', `${FAULT}/value`);
  const node = reader.node();
  const fault = decodeAt(node, options, `${FAULT}/value`, 0);
  reader.close(FAULT);
  reader.skip('methodResponse');
  const extra = reader.peek();
  if (extra !== undefined)
    throw new XmlRpcParseError(`unexpected element <${extra}> after <fault>`, { path: 'methodResponse' });
  reader.close('methodResponse');
  if (!isFaultStruct(fault) || !INT_TYPES.has(memberType(node, 'faultCode') ?? '')) {
    throw new XmlRpcParseError('fault must be a struct with an int faultCode and a string faultString', {
      path: `${FAULT}/value`,
    });
  }
  return new XmlRpcFault(fault.faultCode, fault.faultString);
}
