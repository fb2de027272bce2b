import type { MulticallResults } from '../multicall/decodeMulticallResponse.js';
import { UsageError } from './Command.js';

/** How `system.multicall` results are read, one flag each: `batch`, `watch`, `types` and `dashboard` take them. */
export const MULTICALL_SHAPE_OPTIONS = {
  bare: { type: 'boolean' },
  wrapped: { type: 'boolean' },
  auto: { type: 'boolean' },
} as const;

/** The {@link MULTICALL_SHAPE_OPTIONS} as `--help` lists them. */
export const MULTICALL_SHAPE_HELP = `  --bare               multicall results come unwrapped, as supervisord sends them
  --wrapped            multicall results come wrapped in one-element arrays, as the spec says
  --auto               each answer is read in the shape it shows (the default; supervisord
                       needs --bare all the same, as its answers can look wrapped)`;

const SHAPES = ['bare', 'wrapped', 'auto'] as const satisfies readonly MulticallResults[];

/**
 * The `multicallResults` the flags choose, or `undefined` (the library's default, `'auto'`) when none
 * is given.
 *
 * @throws UsageError For more than one.
 */
export function multicallShapeArg(values: {
  readonly bare?: true;
  readonly wrapped?: true;
  readonly auto?: true;
}): MulticallResults | undefined {
  const given = SHAPES.filter((shape) => values[shape]);
  if (given.length > 1) {
    const flags = given.map((shape) => `--${shape}`).join(' and ');
    throw new UsageError(`give one of --bare, --wrapped and --auto, not ${flags}`);
  }
  return given[0];
}
