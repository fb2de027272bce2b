import { decodeMethodResponse } from 'rxjs-xmlrpc';
import { parse } from 'txml/txml';

/** The decoders whose memory use is measured in a fresh process: ours, and raw txml for comparison. */
export const MEMORY_DECODERS = {
  ours: (xml: string): unknown => decodeMethodResponse(xml),
  txml: (xml: string): unknown => parse(xml, { keepWhitespace: true }),
} as const;

export type MemoryDecoderName = keyof typeof MEMORY_DECODERS;

/** Reads a decoder name from a child process's command line. */
export function memoryDecoderArg(arg: string | undefined): MemoryDecoderName {
  if (arg !== 'ours' && arg !== 'txml') throw new TypeError(`decoder must be "ours" or "txml": ${arg}`);
  return arg;
}

/** Reads a positive integer from a child process's command line. */
export function positiveIntegerArg(name: string, arg: string | undefined): number {
  const value = Number(arg);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`\`${name}\` must be a positive integer: ${arg}`);
  return value;
}

/**
 * Finds the first string in a decoded value or a txml tree (depth first, arrays and object members)
 * that satisfies `predicate`.
 */
export function findString(tree: unknown, predicate: (text: string) => boolean): string | undefined {
  if (typeof tree === 'string') return predicate(tree) ? tree : undefined;
  if (tree === null || typeof tree !== 'object') return undefined;
  for (const child of Array.isArray(tree) ? tree : Object.values(tree)) {
    const found = findString(child, predicate);
    if (found !== undefined) return found;
  }
  return undefined;
}
