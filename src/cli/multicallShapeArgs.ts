import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';
import { UsageError } from './Command.js';

/** The flags that force how `system.multicall` results are read: `batch` and `watch` take them. */
export const MULTICALL_SHAPE_OPTIONS = {
  bare: { type: 'boolean' },
  wrapped: { type: 'boolean' },
} as const;

/** The {@link MULTICALL_SHAPE_OPTIONS} as `--help` lists them. */
export const MULTICALL_SHAPE_HELP = `  --bare               multicall results come unwrapped, as supervisord sends them
  --wrapped            multicall results come wrapped in one-element arrays, as the spec says
                       (default: each answer is read in the shape it shows; supervisord needs
                       --bare all the same, as its answers can look wrapped)`;

/**
 * The `multicallResults` the flags force, or `undefined` (the library's default) when neither is given.
 *
 * @throws UsageError For both at once.
 */
export function multicallShapeArg(values: {
  readonly bare?: true;
  readonly wrapped?: true;
}): MulticallResults | undefined {
  if (values.bare && values.wrapped) throw new UsageError('give --bare or --wrapped, not both');
  if (values.bare) return 'bare';
  return values.wrapped ? 'wrapped' : undefined;
}
