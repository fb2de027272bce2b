import { XmlRpcEncodeError } from '../codec/XmlRpcEncodeError.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import { XmlRpcParseError } from '../codec/XmlRpcParseError.js';
import { XmlRpcTransportError } from '../transport/XmlRpcTransportError.js';
import { cliMessage } from './cliMessage.js';

/**
 * What went wrong with a call, as the CLI reports it:
 * - `fault`: the server answered with a fault (`faultCode`, and `message` is the fault string);
 *   `batchLevel: true` when the fault answered the whole `system.multicall` request rather than
 *   this call, which then was not answered at all;
 * - `transport`: no XML-RPC answer came back (network, timeout, HTTP status, a body that is not XML);
 *   `status` is the HTTP status when there was one;
 * - `parse`: something could not be read or written: the input line, a param that cannot be sent,
 *   or the response;
 * - `protocol`: the answer broke the `system.multicall` contract, or any other failure.
 *
 * Messages other than fault strings are the library's, put in the CLI's words by `cliMessage`.
 */
export interface ErrorJson {
  readonly type: 'fault' | 'transport' | 'protocol' | 'parse';
  readonly faultCode?: number;
  readonly batchLevel?: true;
  readonly status?: number;
  readonly message: string;
}

/** Classifies an error delivered for a call (see {@link ErrorJson}). */
export function errorJson(error: Error): ErrorJson {
  if (error instanceof XmlRpcFault) {
    const { faultCode, faultString: message } = error;
    return error.batchLevel === true
      ? { type: 'fault', faultCode, batchLevel: true, message }
      : { type: 'fault', faultCode, message };
  }
  // The library's own words, which may name its options: said with the CLI's flags.
  const message = cliMessage(error.message);
  if (error instanceof XmlRpcTransportError) {
    return error.status === undefined
      ? { type: 'transport', message }
      : { type: 'transport', status: error.status, message };
  }
  if (error instanceof XmlRpcParseError || error instanceof XmlRpcEncodeError) {
    return { type: 'parse', message };
  }
  return { type: 'protocol', message };
}

/** An error of {@link errorJson} as one line for stderr: `fault CODE: STRING`, or `TYPE error: MESSAGE`. */
export function errorLine(error: Error): string {
  const { type, faultCode, message } = errorJson(error);
  return type === 'fault' ? `fault ${faultCode}: ${message}` : `${type} error: ${oneLine(message)}`;
}

/**
 * Whether the call itself was answered, with its own fault: the one failure that is the server's
 * answer to the call rather than an error (which makes `batch` exit 1).
 */
export function isOwnFault(error: ErrorJson): boolean {
  return error.type === 'fault' && error.batchLevel !== true;
}

/**
 * `text` on one line: each line break, with the whitespace around it, becomes one space, so an error
 * quoting a multi-line body still reads as one line. Split rather than matched with `\s*[\r\n]+\s*`,
 * which backtracks quadratically over a long run of spaces in a server's message.
 */
export function oneLine(text: string): string {
  const lines = text.split(/[\r\n]+/);
  const last = lines.length - 1;
  return lines
    .map((line, i) => (i === 0 ? line : line.trimStart()))
    .map((line, i) => (i === last ? line : line.trimEnd()))
    .filter((line, i) => line !== '' || i === 0 || i === last)
    .join(' ');
}
