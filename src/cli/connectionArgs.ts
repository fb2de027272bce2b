import type { DecodeOptions } from '../codec/codecOptions.js';
import { nodeHttpTransport } from '../transport/nodeHttpTransport.js';
import type { Transport } from '../transport/Transport.js';
import { durationArg, sizeArg, urlArg } from './argValues.js';
import { type CliIo, UsageError } from './Command.js';
import { cliMessage } from './cliMessage.js';
import { AUTH_VARIABLE, credentialsArg } from './credentialsArg.js';

/** The options of every command that talks to a server: `call`, `batch`, `watch`. */
export const CONNECTION_OPTIONS = {
  timeout: { type: 'string' },
  'max-response': { type: 'string' },
  'auth-file': { type: 'string' },
} as const;

/** The {@link CONNECTION_OPTIONS} as `--help` lists them, under a command's own options. */
export const CONNECTION_OPTIONS_HELP = `  --timeout DURATION   time allowed for each HTTP request, answer included: 500ms, 10s, 2m,
                       or a number of seconds (default 30s)
  --max-response SIZE  largest response accepted: bytes, or with a unit: 500kB, 64MiB, 1GB
                       (default 64MiB)
  --auth-file FILE     HTTP Basic credentials: the first line of FILE, user:password`;

/** Where credentials come from, as `--help` says it. */
export const CREDENTIALS_HELP = `Credentials for HTTP Basic auth come from --auth-file FILE, or from the URL
(http://user:pass@127.0.0.1:9001/RPC2), or else from the ${AUTH_VARIABLE} environment variable
(user:password). A URL shows in ps and in shell history: prefer the file or the variable.
--auth-file beside credentials in the URL is refused.`;

/** What a command needs to reach its server. */
export interface Connection {
  /** The URL as given, credentials included (`watch` shows it without them). */
  readonly url: string;
  readonly transport: Transport;
  /** Decoding limits for responses, matching `--max-response`; `undefined` for the defaults. */
  readonly decodeOptions: DecodeOptions | undefined;
}

/**
 * Reads the URL argument and the {@link CONNECTION_OPTIONS} into a transport: `--timeout` is its
 * `timeoutMs`, `--max-response` its `maxResponseBytes` (and the decoder's `maxLength`, which is then
 * never the tighter limit: a body decodes to no more characters than it has bytes), credentials
 * its `auth` (see `credentialsArg`). Absent options leave the library's defaults.
 *
 * @throws UsageError For a bad URL, option or credentials source, in the CLI's words.
 */
export async function connectionArgs(
  urlText: string | undefined,
  values: { readonly [K in keyof typeof CONNECTION_OPTIONS]?: string },
  io: CliIo,
): Promise<Connection> {
  const url = urlArg(urlText);
  const timeoutMs = durationArg('timeout', values.timeout, undefined);
  const maxResponseBytes = sizeArg('max-response', values['max-response'], undefined);
  const auth = await credentialsArg(url, values['auth-file'], io.env);
  let transport: Transport;
  try {
    transport = nodeHttpTransport(url, { timeoutMs, maxResponseBytes, auth });
  } catch (error) {
    // A URL the transport refuses: credentials with a malformed percent escape, say.
    throw new UsageError(cliMessage((error as Error).message));
  }
  const decodeOptions = maxResponseBytes === undefined ? undefined : { maxLength: maxResponseBytes };
  return { url, transport, decodeOptions };
}
