import { shownValue } from '../codec/messageParts.js';
import type { XmlRpcMethod } from './XmlRpcMethods.js';

/** The type names XML-RPC introspection uses in method signatures. */
export type XmlRpcTypeName =
  | 'int'
  | 'i4'
  | 'i8'
  | 'double'
  | 'boolean'
  | 'string'
  | 'dateTime.iso8601'
  | 'base64'
  | 'struct'
  | 'array'
  | 'nil';

/** One way to call a method: its return type, then the type of each param. */
export type XmlRpcSignature = readonly [returnType: XmlRpcTypeName, ...paramTypes: XmlRpcTypeName[]];

/** What introspection says about a method; every field is optional. */
export interface XmlRpcMethodInfo {
  /** Text answered by `system.methodHelp` (default `''`). */
  readonly help?: string;
  /**
   * The accepted signatures, answered by `system.methodSignature`. When given, a call whose params
   * match none of them (count or type) is answered with fault -32602 before the method runs.
   */
  readonly signatures?: readonly XmlRpcSignature[];
}

const TYPE_NAMES: ReadonlySet<string> = new Set<XmlRpcTypeName>([
  'int',
  'i4',
  'i8',
  'double',
  'boolean',
  'string',
  'dateTime.iso8601',
  'base64',
  'struct',
  'array',
  'nil',
]);

/** A method with its introspection data; create it with {@link describeMethod}. */
export class DescribedMethod {
  /** @internal Use {@link describeMethod}, which checks its arguments. */
  constructor(
    /** The method itself. */
    readonly method: XmlRpcMethod,
    /** Its `system.methodHelp` text. */
    readonly help: string,
    /** Its `system.methodSignature` signatures; when given, params are checked against them. */
    readonly signatures: readonly XmlRpcSignature[] | undefined,
  ) {}
}

/**
 * Attaches help text and signatures to a server method, for `system.methodHelp`,
 * `system.methodSignature` and param checking. Signature types are checked on the decoded value:
 * `int`/`i4` accept an integer in 32 bits, `i8` one in 64 bits, `double` any number (so an integral
 * `<double>` passes as `int`), `struct` a plain object, `nil` `null`.
 *
 * @example Describe a method where the method table is written
 * ```ts
 * import { createXmlRpcHandler, describeMethod } from 'rxjs-xmlrpc/server';
 * const handler = createXmlRpcHandler({
 *   add: describeMethod((a: number, b: number) => a + b, {
 *     help: 'Adds two integers.',
 *     signatures: [['int', 'int', 'int']],
 *   }),
 * });
 * // add('1', 2) is now answered with fault -32602 instead of '12'.
 * ```
 * @param method The implementation, as in a plain method table.
 * @param info Help text and signatures; each signature is `[returnType, ...paramTypes]`.
 * @returns A value to put in the method table in place of `method`.
 */
export function describeMethod(method: XmlRpcMethod, info: XmlRpcMethodInfo): DescribedMethod {
  if (typeof method !== 'function')
    throw new TypeError(`\`method\` must be a function, but got ${shownValue(method)}`);
  const { help = '', signatures } = info;
  if (typeof help !== 'string') throw new TypeError(`\`help\` must be a string, but got ${shownValue(help)}`);
  if (signatures !== undefined) {
    if (!Array.isArray(signatures))
      throw new TypeError(`\`signatures\` must be an array of signatures, but got ${shownValue(signatures)}`);
    signatures.forEach((signature: unknown, i) => {
      if (!Array.isArray(signature) || signature.length === 0) {
        throw new TypeError(
          `\`signatures[${i}]\` must be a non-empty array [returnType, ...paramTypes], but got ${shownValue(signature)}`,
        );
      }
      signature.forEach((type: unknown, j) => {
        if (typeof type !== 'string' || !TYPE_NAMES.has(type)) {
          throw new TypeError(
            `\`signatures[${i}][${j}]\` must be one of ${[...TYPE_NAMES].join(', ')}: ${String(type)}`,
          );
        }
      });
    });
  }
  return new DescribedMethod(method, help, signatures);
}
