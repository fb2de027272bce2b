import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/Command.js';
import { parseArgs } from '../../src/cli/parseArgs.js';

const SPEC = { every: { type: 'string' }, bare: { type: 'boolean' } } as const;

describe('parseArgs', () => {
  it('reads options anywhere among the positionals, in both spellings', () => {
    expect(parseArgs(['url', '--every', '2s', 'm1', '--bare', 'm2'], SPEC)).toEqual({
      values: { every: '2s', bare: true },
      positionals: ['url', 'm1', 'm2'],
    });
    expect(parseArgs(['--every=500ms', 'url'], SPEC).values).toEqual({ every: '500ms' });
    expect(parseArgs(['--every='], SPEC).values).toEqual({ every: '' });
  });

  it('keeps the last of a repeated option', () => {
    expect(parseArgs(['--every', '1s', '--every', '2s'], SPEC).values.every).toBe('2s');
  });

  it('takes negative numbers and a lone dash as positionals', () => {
    expect(parseArgs(['add', '-1', '-2.5', '-.5', '-'], SPEC).positionals).toEqual([
      'add',
      '-1',
      '-2.5',
      '-.5',
      '-',
    ]);
  });

  it('takes everything after -- as positionals', () => {
    expect(parseArgs(['a', '--', '--bare', '-x'], SPEC)).toEqual({
      values: {},
      positionals: ['a', '--bare', '-x'],
    });
  });

  it('takes an option value that starts with a single dash', () => {
    expect(parseArgs(['--every', '-1'], SPEC).values.every).toBe('-1');
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['--nope=1'], 'unknown option --nope'],
    [['-x'], 'unknown option -x'],
    [['--toString'], 'unknown option --toString'],
    [['--bare=1'], 'option --bare takes no value'],
    [['--every'], 'option --every needs a value'],
    [['--every', '--bare'], 'option --every needs a value'],
  ])('rejects %j with a UsageError', (argv, message) => {
    expect(() => parseArgs(argv, SPEC)).toThrow(UsageError);
    expect(() => parseArgs(argv, SPEC)).toThrow(new UsageError(message));
  });
});
