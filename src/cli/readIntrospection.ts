import { forkJoin, lastValueFrom } from 'rxjs';
import type { XmlRpcClient } from '../client/createXmlRpcClient.js';
import { XmlRpcFault } from '../codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../codec/XmlRpcValue.js';
import type { CallOutcome, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { XmlRpcProtocolError } from '../multicall/XmlRpcProtocolError.js';
import { toNotation } from './paramNotation.js';

/** What a server's introspection says about one of its methods. */
export interface IntrospectedMethod {
  readonly name: string;
  /** Each `[returnType, ...paramTypes]`, types as the server names them; empty when it declares none. */
  readonly signatures: readonly (readonly string[])[];
  /** Its `system.methodHelp` text; empty when it has none. */
  readonly help: string;
}

/** What {@link readIntrospection} found. */
export interface Introspection {
  /** Every listed method once, sorted by name (UTF-16 code units, so the order never depends on a locale). */
  readonly methods: readonly IntrospectedMethod[];
  /** One line per answer that could not be used (a fault, or a value of another shape), naming the method. */
  readonly warnings: readonly string[];
}

/** Methods whose signature and help share one `system.multicall` request (two calls each). */
export const METHODS_PER_REQUEST = 100;

/** Longest excerpt of an unusable answer quoted in a warning. */
const SHOWN_LENGTH = 80;

/**
 * Reads the server's `system.listMethods`, then `system.methodSignature` and `system.methodHelp` of
 * every method through `client`: {@link METHODS_PER_REQUEST} methods per `system.multicall` request,
 * or single calls where the client falls back. `methodSignature` may answer a list of signatures (as
 * the introspection spec says), one flat signature (supervisord), or a string for none (`undef`;
 * Python's `signatures not supported`).
 *
 * A method's own fault, or an answer of no known shape, leaves that method without signatures or
 * help, with a warning. Any other error rejects: a missing piece is never passed off as "no
 * information".
 *
 * @throws XmlRpcProtocolError When `system.listMethods` answers anything but an array of names.
 */
export async function readIntrospection(
  client: XmlRpcClient,
  methodsPerRequest = METHODS_PER_REQUEST,
): Promise<Introspection> {
  const listed = await lastValueFrom(client.call('system.listMethods', [], { batch: false }));
  const names = methodNames(listed);
  if (names.length === 0) return { methods: [], warnings: [] };
  const requests = [];
  for (let start = 0; start < names.length; start += methodsPerRequest) {
    const calls = names.slice(start, start + methodsPerRequest).flatMap((name): XmlRpcCall[] => [
      { methodName: 'system.methodSignature', params: [name] },
      { methodName: 'system.methodHelp', params: [name] },
    ]);
    requests.push(client.multicall(calls));
  }
  const outcomes = (await lastValueFrom(forkJoin(requests))).flat();
  const warnings: string[] = [];
  const methods = names.map((name, i) => {
    const signature = answerOf(outcomes[2 * i]!, 'no signatures', warnings);
    const help = answerOf(outcomes[2 * i + 1]!, 'no help', warnings);
    return {
      name,
      signatures: signature === undefined ? [] : signaturesOf(signature, warnings, name),
      help: help === undefined ? '' : helpOf(help, warnings, name),
    };
  });
  return { methods, warnings };
}

/** The names `system.listMethods` answered, each once, sorted. */
function methodNames(listed: XmlRpcValue): string[] {
  if (!Array.isArray(listed) || !listed.every((name) => typeof name === 'string')) {
    throw new XmlRpcProtocolError(
      `system.listMethods must answer an array of method names, but answered ${shown(listed)}`,
    );
  }
  return [...new Set(listed)].sort();
}

/** The call's result; for its own fault, a warning and `undefined`; any other error is thrown. */
function answerOf(outcome: CallOutcome, lacking: string, warnings: string[]): XmlRpcValue | undefined {
  if (outcome.ok) return outcome.value;
  const { error, call } = outcome;
  if (!(error instanceof XmlRpcFault) || error.batchLevel === true) throw error;
  warnings.push(`${describeCall(call)} answered fault ${error.faultCode}: ${error.faultString} (${lacking})`);
  return undefined;
}

function signaturesOf(answer: XmlRpcValue, warnings: string[], name: string): string[][] {
  if (typeof answer === 'string') return []; // `undef`, or Python's `signatures not supported`
  if (Array.isArray(answer)) {
    if (answer.every(isTypeList)) return answer;
    if (isTypeList(answer)) return [answer]; // one signature, unwrapped (supervisord)
  }
  warnings.push(
    `system.methodSignature(${JSON.stringify(name)}) answered ${shown(answer)}, which is neither ` +
      'signatures nor a string (no signatures)',
  );
  return [];
}

/** A non-empty array of type names: one signature. */
function isTypeList(value: XmlRpcValue): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((type) => typeof type === 'string');
}

function helpOf(answer: XmlRpcValue, warnings: string[], name: string): string {
  if (typeof answer === 'string') return answer;
  warnings.push(
    `system.methodHelp(${JSON.stringify(name)}) answered ${shown(answer)}, not a string (no help)`,
  );
  return '';
}

function describeCall(call: XmlRpcCall): string {
  return `${call.methodName}(${JSON.stringify(call.params[0])})`;
}

/** `value` in the CLI's JSON notation, cut to {@link SHOWN_LENGTH} characters. */
function shown(value: XmlRpcValue): string {
  const text = JSON.stringify(toNotation(value));
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}
