import { UsageError } from './Command.js';

/** One option a command takes: a flag, or an option followed by a value. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
}

/** The options of one command, by long name without the dashes (`'max-batch'`). */
export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

/** What {@link parseArgs} read: each option's value (absent when not given) and the positionals in order. */
export interface ParsedArgs<S extends OptionsSpec> {
  readonly values: { readonly [K in keyof S]?: S[K]['type'] extends 'boolean' ? true : string };
  readonly positionals: readonly string[];
}

/** A token that is a positional although it starts with "-": `-` (stdin, by convention) or a negative number. */
const DASH_POSITIONAL = /^-(?:$|\d|\.\d)/;

/**
 * Splits a command's arguments into options and positionals. Options may come anywhere (`--every 2s`,
 * `--every=2s`); `--` ends them; a negative number (`-1`) is a positional, so `call URL add -1 2`
 * needs no `--`. The last occurrence of a repeated option wins.
 *
 * Written by hand rather than with `node:util`'s `parseArgs`, which takes `-1` for an unknown option.
 *
 * @throws UsageError For an unknown option, a flag given a value, or an option missing its value.
 */
export function parseArgs<S extends OptionsSpec>(argv: readonly string[], spec: S): ParsedArgs<S> {
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || DASH_POSITIONAL.test(token)) {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const name = token.startsWith('--') ? token.slice(2, equals < 0 ? undefined : equals) : '';
    const option = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (option === undefined)
      throw new UsageError(`unknown option ${equals < 0 ? token : token.slice(0, equals)}`);
    if (option.type === 'boolean') {
      if (equals >= 0) throw new UsageError(`option --${name} takes no value`);
      values[name] = true;
    } else if (equals >= 0) {
      values[name] = token.slice(equals + 1);
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`option --${name} needs a value`);
      values[name] = value;
      i++;
    }
  }
  return { values: values as ParsedArgs<S>['values'], positionals };
}
