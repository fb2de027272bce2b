import { FaultCode } from '../codec/faultCodes.js';
import { excerpt } from '../codec/messageParts.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { MethodEntry, MethodTable } from './addMethods.js';
import { describeMethod } from './describeMethod.js';
import type { XmlRpcMethods } from './XmlRpcMethods.js';

/** What `system.methodSignature` answers for a method without declared signatures (introspection spec). */
const UNKNOWN_SIGNATURE = 'undef';

function entryOf(table: MethodTable, methodName: string, asker: string): MethodEntry {
  const entry = table.get(methodName);
  if (entry === undefined) {
    throw new XmlRpcFault(FaultCode.MethodNotFound, `${asker}: method not found: ${excerpt(methodName)}`);
  }
  return entry;
}

/**
 * The XML-RPC introspection methods (xmlrpc-c's "XML-RPC Introspection" de facto standard) over
 * `table`, read at call time so they see every method added after them, themselves included.
 */
export function systemIntrospection(table: MethodTable): XmlRpcMethods {
  return {
    'system.listMethods': describeMethod(() => [...table.keys()].sort(), {
      help: 'Lists the names of the methods this server answers, system methods included, sorted.',
      signatures: [['array']],
    }),
    'system.methodHelp': describeMethod(
      (methodName: string) => entryOf(table, methodName, 'system.methodHelp').help,
      {
        help: 'Returns the help text of the named method, or an empty string when it has none.',
        signatures: [['string', 'string']],
      },
    ),
    'system.methodSignature': describeMethod(
      (methodName: string) =>
        entryOf(table, methodName, 'system.methodSignature').signatures ?? UNKNOWN_SIGNATURE,
      {
        help: `Returns the signatures of the named method, each [returnType, ...paramTypes], or the string "${UNKNOWN_SIGNATURE}" when it declares none.`,
        signatures: [['array', 'string']],
      },
    ),
  };
}
