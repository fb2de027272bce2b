import { FaultCode } from '../codec/faultCodes.js';
import type { XmlRpcError } from '../codec/XmlRpcError.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import { XmlRpcTransportError } from '../transport/XmlRpcTransportError.js';

/*
 * The two batch-wide refusals the client recovers from. Servers word them differently, so each test
 * knows the forms real servers send.
 */

/**
 * What servers say when they have no `system.multicall`: Python's `method "system.multicall" is not
 * supported`, Apache's `No such handler: system.multicall`, PHP's `requested method not found`…
 */
const NO_SUCH_METHOD =
  /not supported|not found|no such (?:method|handler|function)|unknown method|not (?:defined|implemented|exported)|unsupported method/i;

/** Whether a batch-wide failure says the server has no `system.multicall` (so single calls may work). */
export function isMulticallUnsupported(error: XmlRpcError): error is XmlRpcFault {
  if (!(error instanceof XmlRpcFault) || error.batchLevel !== true) return false;
  if (error.faultCode === FaultCode.MethodNotFound) return true;
  return NO_SUCH_METHOD.test(error.faultString) && /system\.multicall|method/i.test(error.faultString);
}

/**
 * "Request too large" in words servers use, for servers that answer a fault instead of HTTP 413:
 * by size, or by number of calls (`serveXmlRpc`'s `maxMulticallEntries`: "accepts at most 100 calls").
 */
const TOO_LARGE =
  /too (?:large|big|long|many)|entity too large|exceeds? (?:the )?(?:maximum|max|limit|size)|size limit|at most \d+ (?:calls|entries)/i;

/** Whether a batch-wide failure says the request was refused for its size or length (HTTP 413 or a fault saying so). */
export function isTooLarge(error: XmlRpcError): boolean {
  if (error.batchLevel !== true) return false;
  if (error instanceof XmlRpcTransportError) return error.status === 413;
  return error instanceof XmlRpcFault && TOO_LARGE.test(error.faultString);
}
