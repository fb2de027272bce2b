import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/Command.js';
import { multicallShapeArg } from '../../src/cli/multicallShapeArgs.js';

describe('multicallShapeArg', () => {
  it.each([
    [{}, undefined],
    [{ bare: true }, 'bare'],
    [{ wrapped: true }, 'wrapped'],
    [{ auto: true }, 'auto'],
  ] as const)('reads %j as %j', (values, shape) => {
    expect(multicallShapeArg(values)).toBe(shape);
  });

  it.each([
    [{ bare: true, wrapped: true }, 'give one of --bare, --wrapped and --auto, not --bare and --wrapped'],
    [{ wrapped: true, auto: true }, 'give one of --bare, --wrapped and --auto, not --wrapped and --auto'],
    [
      { bare: true, wrapped: true, auto: true },
      'give one of --bare, --wrapped and --auto, not --bare and --wrapped and --auto',
    ],
  ] as const)('refuses %j with a usage error', (values, message) => {
    const read = () => multicallShapeArg(values);
    expect(read).toThrow(UsageError);
    expect(read).toThrow(new RegExp(`^${message}$`));
  });
});
