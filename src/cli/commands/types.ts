import { writeFile } from 'node:fs/promises';
import { createXmlRpcClient } from '../../client/createXmlRpcClient.js';
import type { SupervisorApi } from '../../supervisor/SupervisorApi.js';
import type { Command } from '../Command.js';
import { UsageError } from '../Command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_OPTIONS_HELP,
  CREDENTIALS_HELP,
  connectionArgs,
} from '../connectionArgs.js';
import { errorLine, oneLine } from '../errorJson.js';
import { MULTICALL_SHAPE_HELP, MULTICALL_SHAPE_OPTIONS, multicallShapeArg } from '../multicallShapeArgs.js';
import { parseArgs } from '../parseArgs.js';
import { METHODS_PER_REQUEST, readIntrospection } from '../readIntrospection.js';
import { renderApiTypes } from '../renderApiTypes.js';

const OPTIONS = {
  out: { type: 'string' },
  ...MULTICALL_SHAPE_OPTIONS,
  ...CONNECTION_OPTIONS,
} as const;

/**
 * Methods only supervisord lists (the demo server mimics a few of its others, not these): with them,
 * `types` points to the hand-written `SupervisorApi`, whose structs a generated map cannot know.
 */
const SUPERVISORD_METHODS = [
  'supervisor.getAPIVersion',
  'supervisor.getAllProcessInfo',
] as const satisfies readonly (keyof SupervisorApi)[];

const SUPERVISORD_HINT =
  'hint: this is supervisord: SupervisorApi from rxjs-xmlrpc/supervisor types its structs too ' +
  '(createXmlRpcClient<SupervisorApi>)\n';

export const typesCommand: Command = {
  name: 'types',
  summary: "write a TypeScript Api map of a server's methods, read from its introspection",
  help: `Usage: rxjs-xmlrpc types URL [--out api.ts] [--bare] [--timeout 30s] [--auth-file FILE]

Reads system.listMethods, then system.methodSignature and system.methodHelp of every method
(${METHODS_PER_REQUEST} methods per system.multicall request, or single calls for a server without it), and
writes a TypeScript module declaring \`export interface Api\`: one member per method, named as the
server names it, with a call signature per declared signature and its help text as TSDoc.

Types: int, i4 and double are number; i8 is number | bigint; boolean, string; struct is
Record<string, XmlRpcValue>; array is XmlRpcValue[]; base64 is Uint8Array; dateTime.iso8601 is
Date; any other type (nil, undef…) is XmlRpcValue. A method without signatures (Python answers
"signatures not supported") takes and returns any XmlRpcValue. Params are named after the help
text's "@param TYPE NAME" lines when there is one per param (as supervisord writes them).

The output depends only on the server's answers: the same server gives the same file.
A method whose signature or help is answered with a fault is written without it, with a warning
line on stderr. For supervisord, a hint on stderr points to rxjs-xmlrpc/supervisor's SupervisorApi,
which also types the structs (ProcessInfo…) that introspection only calls struct.

Options:
  --out FILE           write the module to FILE (default: stdout)
${MULTICALL_SHAPE_HELP}
${CONNECTION_OPTIONS_HELP}

${CREDENTIALS_HELP}

Exit status: 0 with the module written; 1 when a request failed (transport, parse or protocol
error, or a fault to system.listMethods) or FILE cannot be written; 2 for bad arguments.

Examples:
  rxjs-xmlrpc types http://127.0.0.1:8000/RPC2 --out src/api.ts
  rxjs-xmlrpc types http://127.0.0.1:9001/RPC2 --bare --auth-file ~/.supervisor-auth > supervisor-api.ts`,

  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
    const { transport, decodeOptions } = await connectionArgs(positionals[0], values, io);
    if (values.out === '') throw new UsageError('option --out needs a file name');
    const client = createXmlRpcClient({
      transport,
      decodeOptions,
      multicallResults: multicallShapeArg(values),
    });
    let module: string;
    try {
      const { methods, warnings } = await readIntrospection(client);
      for (const warning of warnings) io.stderr.write(`warning: ${oneLine(warning)}\n`);
      module = renderApiTypes(methods);
      const names = new Set(methods.map(({ name }) => name));
      if (SUPERVISORD_METHODS.every((name) => names.has(name))) io.stderr.write(SUPERVISORD_HINT);
    } catch (error) {
      io.stderr.write(`${errorLine(error as Error)}\n`);
      return 1;
    }
    if (values.out === undefined) {
      io.stdout.write(module);
      return 0;
    }
    try {
      await writeFile(values.out, module);
    } catch (error) {
      // "EACCES: permission denied, open 'x'": the file is named already.
      io.stderr.write(
        `--out ${JSON.stringify(values.out)} cannot be written (${(error as Error).message.split(',')[0]})\n`,
      );
      return 1;
    }
    return 0;
  },
};
