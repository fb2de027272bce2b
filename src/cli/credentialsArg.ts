import { open } from 'node:fs/promises';
import type { BasicAuthCredentials } from '../transport/Transport.js';
import { UsageError } from './Command.js';

/*
 * Where the CLI takes HTTP Basic credentials from. A URL with `user:pass@` ends up in `ps` and in
 * shell history, so the password can also come from a file or the environment:
 *
 * 1. `--auth-file FILE`: the first line of FILE, `user:password`;
 * 2. the URL's `user:pass@` (read by the transport itself);
 * 3. the `XMLRPC_AUTH` environment variable, `user:password`.
 *
 * The command line beats the environment, as is usual; `--auth-file` beside credentials in the URL
 * is refused, since both were typed and either could be the one meant. No message ever quotes the
 * password.
 */

/** The environment variable that holds `user:password`. */
export const AUTH_VARIABLE = 'XMLRPC_AUTH';

/** Most bytes read from an auth file in search of the end of its first line. */
const MAX_LINE_BYTES = 16 * 1024;

/** Decodes an auth file's first line: a file that is not UTF-8 is refused rather than misread. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The credentials to pass as the transport's `auth` option, or `undefined` when there are none or
 * the URL holds them (the transport reads those itself). See the precedence above.
 *
 * @param url The URL argument, already checked by `urlArg`.
 * @param authFile The `--auth-file` option, when given.
 * @param env The environment (`XMLRPC_AUTH`).
 * @throws UsageError Naming the file or the variable (never quoting the password) for an unreadable
 *   or malformed source, or for `--auth-file` beside credentials in the URL.
 */
export async function credentialsArg(
  url: string,
  authFile: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<BasicAuthCredentials | undefined> {
  const parsed = new URL(url);
  const inUrl = parsed.username !== '' || parsed.password !== '';
  if (authFile !== undefined) {
    if (inUrl) throw new UsageError('give credentials in the URL or in --auth-file, not both');
    const source = `--auth-file ${JSON.stringify(authFile)}`;
    return splitCredentials(await readFirstLine(authFile, source), `${source}: its first line`);
  }
  const variable = env[AUTH_VARIABLE];
  if (inUrl || variable === undefined || variable === '') return undefined;
  return splitCredentials(variable, AUTH_VARIABLE);
}

/** `user:password` split at its first `:` (a user name cannot hold one; a password can). */
function splitCredentials(text: string, source: string): BasicAuthCredentials {
  if (text === '') throw new UsageError(`${source} is empty, but must be user:password`);
  const colon = text.indexOf(':');
  if (colon < 0) throw new UsageError(`${source} must be user:password, but holds no ":"`);
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The first line of the file at `path`, without its line break (`\n` or `\r\n`). */
async function readFirstLine(path: string, source: string): Promise<string> {
  const buffer = Buffer.alloc(MAX_LINE_BYTES);
  let length = 0;
  let end = -1;
  try {
    const file = await open(path, 'r');
    try {
      // A loop, as a pipe (`--auth-file <(pass show x)`) hands its content over in pieces.
      while (end < 0 && length < MAX_LINE_BYTES) {
        const { bytesRead } = await file.read(buffer, length, MAX_LINE_BYTES - length, null);
        if (bytesRead === 0) break;
        end = buffer.subarray(length, length + bytesRead).indexOf(0x0a);
        if (end >= 0) end += length;
        length += bytesRead;
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    // "ENOENT: no such file or directory, open 'x'": the file is named already.
    const reason = (error as Error).message.split(',')[0];
    throw new UsageError(`${source} cannot be read (${reason})`);
  }
  if (end < 0 && length === MAX_LINE_BYTES) {
    throw new UsageError(`${source}: its first line is longer than ${MAX_LINE_BYTES} bytes`);
  }
  let line = buffer.subarray(0, end < 0 ? length : end);
  if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
  try {
    return utf8.decode(line);
  } catch {
    throw new UsageError(`${source}: its first line is not UTF-8 text`);
  }
}
