import { lastValueFrom } from 'rxjs';
import { decodeMethodResponse } from '../../codec/decodeMethodResponse.js';
import { encodeMethodCall } from '../../codec/encodeMethodCall.js';
import type { XmlRpcParam } from '../../codec/XmlRpcValue.js';
import { type Command, UsageError } from '../Command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_OPTIONS_HELP,
  CREDENTIALS_HELP,
  connectionArgs,
} from '../connectionArgs.js';
import { errorLine } from '../errorJson.js';
import { PARAM_NOTATION_HELP, parseParam, toNotation } from '../paramNotation.js';
import { parseArgs } from '../parseArgs.js';

export const callCommand: Command = {
  name: 'call',
  summary: 'call one method and print its result as JSON',
  help: `Usage: rxjs-xmlrpc call URL METHOD [PARAM ...] [--timeout 30s] [--auth-file FILE]

Calls METHOD once (a plain methodCall, no multicall) and prints its result as JSON on stdout.

Options:
${CONNECTION_OPTIONS_HELP}

${CREDENTIALS_HELP}

${PARAM_NOTATION_HELP}

Exit status: 0 with the result printed; 1 for a fault ("fault CODE: STRING" on stderr) or a
transport, parse or protocol error (one line on stderr); 2 for bad arguments.

Examples:
  rxjs-xmlrpc call http://127.0.0.1:9001/RPC2 supervisor.getState
  rxjs-xmlrpc call http://127.0.0.1:9001/RPC2 supervisor.getProcessInfo '"web"'
  rxjs-xmlrpc call http://127.0.0.1:8000/RPC2 add 2 -3`,

  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, CONNECTION_OPTIONS);
    const [urlText, methodName, ...paramTexts] = positionals;
    const { transport, decodeOptions } = await connectionArgs(urlText, values, io);
    if (methodName === undefined || methodName === '') throw new UsageError('missing METHOD');
    const params: XmlRpcParam[] = paramTexts.map((text, index) => {
      try {
        return parseParam(text, `params[${index}]`);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    });
    let body: string;
    try {
      body = encodeMethodCall(methodName, params);
    } catch (error) {
      throw new UsageError((error as Error).message); // a string holding U+0000, say
    }
    try {
      const response = await lastValueFrom(transport({ body, headers: { 'Content-Type': 'text/xml' } }));
      const value = decodeMethodResponse(response, decodeOptions);
      io.stdout.write(`${JSON.stringify(toNotation(value), null, 2)}\n`);
      return 0;
    } catch (error) {
      io.stderr.write(`${errorLine(error as Error)}\n`);
      return 1;
    }
  },
};
