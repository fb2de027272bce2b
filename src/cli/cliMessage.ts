import { formatDuration } from './argValues.js';

/*
 * The library's messages name its options (`multicallResults: 'bare'`, `timeoutMs`…), which a CLI
 * user cannot set: the CLI says the flag instead. Every message the library produces that names an
 * option and can reach CLI output (a call's error, a refused URL) goes through `cliMessage`; fault
 * strings are the server's words and are left alone.
 */

/** What each `multicallResults` value is on the command line. */
const SHAPE_FLAGS: Readonly<Record<string, string>> = {
  bare: '--bare',
  wrapped: '--wrapped',
  auto: '--auto',
};

/** Each rewrite: a library wording, and the CLI's. Applied in order. */
const REWRITES: readonly (readonly [RegExp, (match: string, ...groups: string[]) => string])[] = [
  [/`multicallResults: '(\w+)'`/g, (_, shape) => SHAPE_FLAGS[shape!] ?? '--bare or --wrapped'],
  [/`?multicallResults`?/g, () => '--bare or --wrapped'],
  // "no response within timeoutMs (30000 ms)": the limit, then the flag that changes it.
  [/\btimeoutMs \((\d+) ms\)/g, (_, ms) => `${formatDuration(Number(ms))} (--timeout)`],
  [/`?\btimeoutMs\b`?/g, () => '--timeout'],
  [/`?\bmaxResponseBytes\b`?/g, () => '--max-response'],
  // A decoding limit the CLI has no flag for (`maxDepth`, `maxIntegerDigits`): its value says enough.
  [/the `\w+` limit\b/g, () => 'the limit'],
  // Refusals of the URL argument when the transport is made.
  [/`url` credentials/g, () => 'the credentials in the URL'],
  [/`url`/g, () => 'the URL'],
];

/**
 * A library message in the CLI's words: option names become the flags that set them (`--bare`,
 * `--timeout`, `--max-response`), and limits no flag sets are stated without naming the option.
 *
 * @example
 * ```ts
 * cliMessage('POST http://h/RPC2 failed: no response within timeoutMs (30000 ms)');
 * // 'POST http://h/RPC2 failed: no response within 30s (--timeout)'
 * ```
 */
export function cliMessage(message: string): string {
  return REWRITES.reduce((text, [pattern, rewrite]) => text.replace(pattern, rewrite), message);
}
