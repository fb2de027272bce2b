import { shownValue } from '../codec/messageParts.js';
import { DescribedMethod, type XmlRpcSignature } from './describeMethod.js';
import type { XmlRpcMethod, XmlRpcMethods } from './XmlRpcMethods.js';

/** A method ready to dispatch: what it runs and what introspection says about it. */
export interface MethodEntry {
  readonly method: XmlRpcMethod;
  readonly help: string;
  readonly signatures: readonly XmlRpcSignature[] | undefined;
}

/** Method names to their entries. A `Map`, so that no name can reach `Object.prototype`. */
export type MethodTable = Map<string, MethodEntry>;

function isPlainObject(value: unknown): value is XmlRpcMethods {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `methods.supervisor["get.state"]`: how a key path is named in error messages. */
function describePath(keys: readonly string[]): string {
  return `methods${keys.map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)).join('')}`;
}

/**
 * Flattens a method tree into `table`, joining nested keys with dots. Reads own enumerable string
 * keys only. Throws a `TypeError` naming the key for anything that is not a method, a
 * {@link DescribedMethod} or a plain object, for circular nesting and for a name defined twice
 * (including over a built-in `system.*` method already in `table`).
 */
export function addMethods(table: MethodTable, methods: XmlRpcMethods): void {
  if (!isPlainObject(methods)) {
    throw new TypeError(`\`methods\` must be a plain object of methods, but got ${shownValue(methods)}`);
  }
  const visit = (node: XmlRpcMethods, keys: string[], ancestors: Set<object>): void => {
    for (const key of Object.keys(node)) {
      const path = [...keys, key];
      const value = node[key];
      if (key === '') throw new TypeError(`\`${describePath(path)}\`: a method name cannot be empty`);
      if (isPlainObject(value)) {
        if (ancestors.has(value)) throw new TypeError(`\`${describePath(path)}\` is circular`);
        visit(value, path, new Set(ancestors).add(value));
        continue;
      }
      const entry =
        typeof value === 'function'
          ? { method: value, help: '', signatures: undefined }
          : value instanceof DescribedMethod
            ? { method: value.method, help: value.help, signatures: value.signatures }
            : undefined;
      if (entry === undefined) {
        throw new TypeError(
          `\`${describePath(path)}\` must be a function, a describeMethod() or a plain object of methods, but got ${shownValue(value)}`,
        );
      }
      const name = path.join('.');
      if (table.has(name)) {
        throw new TypeError(
          `\`${describePath(path)}\`: method "${name}" is already defined (system.* introspection and multicall are built in)`,
        );
      }
      table.set(name, entry);
    }
  };
  visit(methods, [], new Set([methods]));
}
