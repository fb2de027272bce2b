import { checkTimezone } from './dateTime.js';
import { integerOption } from './optionChecks.js';

/** Decoding limits and choices; every field is optional. */
export interface DecodeOptions {
  /** Longest accepted document, in UTF-16 code units of the XML text. Default 64 MiB. */
  readonly maxLength?: number;
  /** Deepest accepted nesting of arrays and structs inside one value. Default 256, at most 512. */
  readonly maxDepth?: number;
  /** Most digits accepted in one integer (`int`, `i8`, `ex:biginteger`). Default 1000. */
  readonly maxIntegerDigits?: number;
  /**
   * Most digits accepted in one decimal number (`double`, `ex:float`, `ex:bigdecimal`), counting
   * those of the integer part, the fraction and the exponent, leading zeros included. Default 1000:
   * doubles are written in plain decimal, so `5e-324` takes 325 digits, and every double this codec
   * encodes fits.
   */
  readonly maxDecimalDigits?: number;
  /**
   * How to read a `dateTime.iso8601` without a `Z` or `±hh:mm` offset (the spec's usual form):
   * `'UTC'` (default), `'local'` (this machine's zone), a fixed offset such as `'+02:00'`, or an
   * IANA zone name such as `'Europe/Paris'`.
   */
  readonly timezone?: string;
}

/** Encoding choices; every field is optional. */
export interface EncodeOptions {
  /** Encode `null` as `<nil/>` (default `true`); `false` makes `null` an encode error, for servers without the extension. */
  readonly allowNil?: boolean;
}

/** {@link DecodeOptions} after defaults and checks. */
export interface NormalizedDecodeOptions {
  readonly maxLength: number;
  readonly maxDepth: number;
  readonly maxIntegerDigits: number;
  readonly maxDecimalDigits: number;
  readonly timezone: string;
}

const DEFAULT_DECODE_OPTIONS: NormalizedDecodeOptions = {
  maxLength: 64 * 1024 * 1024,
  maxDepth: 256,
  maxIntegerDigits: 1000,
  maxDecimalDigits: 1000,
  timezone: 'UTC',
};

/**
 * txml recurses twice per element, three elements per level: before the JIT has optimized it, about
 * 780 levels exhaust Node's default stack. 512 keeps a margin for the caller's own frames.
 */
const MAX_DEPTH_LIMIT = 512;

function timezone(value: string | undefined): string {
  if (value === undefined) return DEFAULT_DECODE_OPTIONS.timezone;
  checkTimezone(value);
  return value;
}

/** Applies defaults and rejects nonsense options once, before any document is read. */
export function normalizeDecodeOptions(options: DecodeOptions | undefined): NormalizedDecodeOptions {
  if (options === undefined) return DEFAULT_DECODE_OPTIONS;
  const d = DEFAULT_DECODE_OPTIONS;
  return {
    maxLength: integerOption('maxLength', options.maxLength, d.maxLength, 1, Infinity),
    maxDepth: integerOption('maxDepth', options.maxDepth, d.maxDepth, 1, MAX_DEPTH_LIMIT),
    maxIntegerDigits: integerOption(
      'maxIntegerDigits',
      options.maxIntegerDigits,
      d.maxIntegerDigits,
      1,
      Infinity,
    ),
    maxDecimalDigits: integerOption(
      'maxDecimalDigits',
      options.maxDecimalDigits,
      d.maxDecimalDigits,
      1,
      Infinity,
    ),
    timezone: timezone(options.timezone),
  };
}
